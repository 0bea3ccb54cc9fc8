"""What people who erased their data still add to the programme's figures: counts, nobody.

Erasure deletes the person's profile, cases, courses and follow-ups. What the indicators
counted for them stays here as cells of a count: a territory, what happened, the day it
happened, and how many times. A cell names no person and holds no sex, age, language or
district; cells are merged, so one erasure adds at most a few +1 to cells others share.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class ErasedCount(Base):
    """One cell of the erased people's figures: ``n`` times ``metric`` on ``day``."""

    __tablename__ = "erased_counts"
    __table_args__ = (sa.CheckConstraint("n >= 1", name="n_positive"),)

    # A composite key and no row id: no insertion order ties the cells of one erasure.
    territory_id: Mapped[int] = mapped_column(
        sa.ForeignKey("territories.id", ondelete="CASCADE"), primary_key=True)
    # An indicator's column: registrados, completos, capacitados, propuestas, entrevistas,
    # contrataciones, registrados_contratados, seguimientos_3m, siguen_3m, ...
    metric: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    # contrataciones: days from registration to the hire (for the median);
    # registrados_contratados: ``day`` is the registration, day + days the first hire;
    # capacitados: days since the person's course before (0 for the first); else 0.
    days: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=0)
    n: Mapped[int] = mapped_column(default=1)
