"""One rule for the search box on every counselor list: each word typed must appear.

Names, DNI, phone, district, business or vacancy: accents, case, gender and plural aside
(matcher/text.py ``fold``, the same folding the matcher uses), so "quispe" finds "Quispé"
and "987 100" finds 987100001. The lists are one territory's, a few thousand rows at most,
so the filter runs in Python the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from matcher.text import fold

MAX_QUERY = 80
T = TypeVar("T")


def clean_query(raw: str | None) -> str:
    """What was typed in the box, cut to a sane length and without control characters."""
    text = "".join(c for c in (raw or "")[:MAX_QUERY] if c.isprintable())
    return " ".join(text.split())


def query_words(query: str) -> list[str]:
    """The folded words of a query; no words means "show everything"."""
    return fold(query).split()


def matches(words: list[str], texts: Iterable[str | None]) -> bool:
    """Whether every query word appears in one of ``texts`` (folded)."""
    if not words:
        return True
    haystack = " ".join(fold(t) for t in texts if t)
    compact = haystack.replace(" ", "")  # "987 100 001" typed or stored with spaces
    return all(w in haystack or w in compact for w in words)


def filter_rows(rows: Iterable[T], query: str, texts: Callable[[T], Iterable[str | None]]
                ) -> list[T]:
    """The rows whose ``texts`` contain every word of ``query``."""
    words = query_words(query)
    if not words:
        return list(rows)
    return [row for row in rows if matches(words, texts(row))]


def profile_texts(profile) -> list[str | None]:
    """What a person is found by: name, DNI, phone, username, district."""
    user = profile.user
    return [profile.first_name, profile.last_name, profile.dni,
            user.phone if user else None, user.username if user else None,
            profile.district.name if profile.district else None]


def case_texts(application) -> list[str | None]:
    """What a case is found by: the person's texts, the business and the vacancy."""
    vacancy = application.vacancy
    return [*profile_texts(application.profile), vacancy.title, vacancy.employer.name]
