"""Declarative base, naming conventions and small column helpers shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter them later, on SQLite too (batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


def str_enum(enum_cls: type[enum.StrEnum], name: str) -> sa.Enum:
    """Store a ``StrEnum`` as VARCHAR with a CHECK constraint, portable to SQLite and PostgreSQL."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def digits_check(column: str, length: int) -> str:
    """SQL that holds when ``column`` is exactly ``length`` decimal digits (portable SQL)."""
    parts = [f"length({column}) = {length}"]
    parts += [f"substr({column}, {i}, 1) BETWEEN '0' AND '9'" for i in range(1, length + 1)]
    return " AND ".join(parts)


MONTH_CHECK = "month BETWEEN 1 AND 12"
# Day parts as a bit mask: 1 morning, 2 afternoon, 4 evening / night.
DAY_PART_BITS = {"manana": 1, "tarde": 2, "noche": 4}
DAY_PARTS_CHECK = "day_parts BETWEEN 0 AND 7"


class Language(enum.StrEnum):
    """ISO 639-3 codes of the languages the programme works with."""

    SPANISH = "spa"
    QUECHUA = "que"
    AWAJUN = "agr"
    WAMPIS = "hub"
    ENGLISH = "eng"
    OTHER = "mis"


class EducationLevel(enum.IntEnum):
    """Highest level reached, ordered so that comparisons mean 'at least'."""

    NONE = 0
    PRIMARY_INCOMPLETE = 1
    PRIMARY = 2
    SECONDARY_INCOMPLETE = 3
    SECONDARY = 4
    TECHNICAL = 5
    UNIVERSITY = 6
