"""Businesses, cooperatives and municipalities that offer work."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import Base, digits_check, str_enum, utcnow
from .geo import District

if TYPE_CHECKING:
    from .user import User
    from .vacancy import Vacancy

RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def ruc_is_valid(ruc: str) -> bool:
    """Tell whether ``ruc`` is an 11-digit Peruvian RUC with a right check digit (mod 11)."""
    if len(ruc) != 11 or not ruc.isascii() or not ruc.isdigit() or ruc[:2] not in RUC_PREFIXES:
        return False
    total = sum(int(d) * w for d, w in zip(ruc[:10], RUC_WEIGHTS, strict=True))
    check = 11 - total % 11
    check = {10: 0, 11: 1}.get(check, check)
    return check == int(ruc[10])


# 10 persons, 15 and 17 special cases, 20 companies and organisations.
RUC_PREFIXES = {"10", "15", "17", "20"}


class EmployerStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Sector(enum.StrEnum):
    AGRO = "agro"
    CACAO_CAFE = "cacao_cafe"
    FISH_FARMING = "piscicultura"
    TOURISM = "turismo"
    FOOD = "gastronomia"
    CRAFTS = "artesania"
    CONSTRUCTION = "construccion"
    TRANSPORT = "transporte"
    RETAIL = "comercio"
    CARE = "cuidado"
    HEALTH = "salud"
    COMPUTING = "computo"
    BOOKKEEPING = "contabilidad"
    SERVICES = "servicios"
    EDUCATION = "educacion"
    PUBLIC = "municipalidad"


class Employer(Base):
    __tablename__ = "employers"
    __table_args__ = (
        sa.CheckConstraint(f"ruc IS NULL OR ({digits_check('ruc', 11)})", name="ruc_digits"),
        sa.CheckConstraint(
            "status <> 'verified' OR (verified_by_id IS NOT NULL AND verified_at IS NOT NULL)",
            name="verified_has_who_and_when",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(160))
    ruc: Mapped[Optional[str]] = mapped_column(sa.String(11), unique=True)
    district_code: Mapped[str] = mapped_column(sa.ForeignKey("districts.ubigeo"))
    sector: Mapped[Sector] = mapped_column(str_enum(Sector, "sector"))
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_phone: Mapped[Optional[str]] = mapped_column(sa.String(9))
    contact_email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[EmployerStatus] = mapped_column(str_enum(EmployerStatus, "status"),
                                                   default=EmployerStatus.PENDING)
    verified_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    owner: Mapped[Optional[User]] = relationship(back_populates="employer",
                                                 foreign_keys=[user_id])
    verified_by: Mapped[Optional[User]] = relationship(foreign_keys=[verified_by_id])
    district: Mapped[District] = relationship()
    vacancies: Mapped[list[Vacancy]] = relationship(back_populates="employer")

    @validates("ruc")
    def _check_ruc(self, _key: str, ruc: str | None) -> str | None:
        if ruc is not None and not ruc_is_valid(ruc):
            raise ValueError("El RUC no es válido: revise los 11 dígitos.")
        return ruc

    @property
    def is_verified(self) -> bool:
        return self.status == EmployerStatus.VERIFIED

    def __repr__(self) -> str:
        return f"<Employer {self.id} {self.name}>"
