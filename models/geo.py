"""Territories (one per CDE) and districts identified by their INEI ubigeo."""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, digits_check


class Territory(Base):
    """The area one CDE serves; counselors and their cases belong to one territory."""

    __tablename__ = "territories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))

    districts: Mapped[list[District]] = relationship(back_populates="territory")

    def __repr__(self) -> str:
        return f"<Territory {self.code}>"


class District(Base):
    __tablename__ = "districts"
    __table_args__ = (
        sa.CheckConstraint(digits_check("ubigeo", 6), name="ubigeo_digits"),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
    )

    ubigeo: Mapped[str] = mapped_column(sa.String(6), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    province: Mapped[str] = mapped_column(sa.String(80))
    department: Mapped[str] = mapped_column(sa.String(80))
    latitude: Mapped[float]
    longitude: Mapped[float]
    is_hub: Mapped[bool] = mapped_column(default=False)
    territory_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("territories.id"))

    territory: Mapped[Optional[Territory]] = relationship(back_populates="districts")

    def __repr__(self) -> str:
        return f"<District {self.ubigeo} {self.name}>"


class TravelLeg(Base):
    """Hours between two neighbouring places by the usual transport, either way.

    Seeded from the matcher's shipped table (``matcher/data/travel_hours.csv``); the admin
    edits it and the matcher takes the shortest path over these legs.
    """

    __tablename__ = "travel_legs"
    __table_args__ = (
        sa.CheckConstraint("hours > 0 AND hours <= 200", name="hours_range"),
        sa.CheckConstraint("from_ubigeo <> to_ubigeo", name="two_places"),
    )

    from_ubigeo: Mapped[str] = mapped_column(
        sa.ForeignKey("districts.ubigeo", ondelete="CASCADE"), primary_key=True)
    to_ubigeo: Mapped[str] = mapped_column(
        sa.ForeignKey("districts.ubigeo", ondelete="CASCADE"), primary_key=True)
    hours: Mapped[float]
    mode: Mapped[str] = mapped_column(sa.String(16), default="road")
    note: Mapped[str] = mapped_column(sa.String(160), default="")

    def __repr__(self) -> str:
        return f"<TravelLeg {self.from_ubigeo}-{self.to_ubigeo} {self.hours} h>"
