"""Which people (or vacancies) a ranking draws from: a small type instead of loose strings.

``Pool`` is a ``str`` on purpose: ``matching`` keys its fitted matchers by it and still
reads the string form ("visible", "territory:3"), so both spellings stay one value.
New code builds pools only through the names below and reads ``territory_id`` rather
than parsing the text.
"""

from __future__ import annotations

from typing import ClassVar

_TERRITORY = "territory:"


class Pool(str):
    """A ranking's pool: ``Pool.VISIBLE``, ``Pool.ALL``, ``Pool.VACANCIES`` or a territory's."""

    __slots__ = ()

    VACANCIES: ClassVar[Pool]  # open vacancies, for ranking them for a young person
    VISIBLE: ClassVar[Pool]  # people who chose to be seen by verified employers
    ALL: ClassVar[Pool]  # every active profile, for the programme admin

    def __new__(cls, value: str) -> Pool:
        if value not in ("vacancies", "visible", "all") and not (
                value.startswith(_TERRITORY) and value[len(_TERRITORY):].isdigit()):
            raise ValueError(f"not a pool: {value!r}")
        return super().__new__(cls, value)

    @classmethod
    def territory(cls, territory_id: int) -> Pool:
        """The active profiles of one territory, for its counselors."""
        return cls(f"{_TERRITORY}{int(territory_id)}")

    @classmethod
    def for_staff(cls, territory_id: int | None) -> Pool:
        """A counselor's territory, or everyone for staff without one (the admin)."""
        return cls.ALL if territory_id is None else cls.territory(territory_id)

    @property
    def territory_id(self) -> int | None:
        """The territory of a territory pool, else None."""
        return int(self[len(_TERRITORY):]) if self.startswith(_TERRITORY) else None


Pool.VACANCIES = Pool("vacancies")
Pool.VISIBLE = Pool("visible")
Pool.ALL = Pool("all")
