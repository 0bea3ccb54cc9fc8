"""Row ids as they come from people: in a URL or a form field, never bigger than a column holds."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

# The largest id a database INTEGER holds: PostgreSQL's int4; SQLite's driver refuses any
# Python int past 2**63 with an OverflowError, a 500 instead of "not found".
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number too big to be any row's id is a plain 404."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value) -> int | None:
    """Read a row id typed or posted as text; None when it is no id any row could have."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
