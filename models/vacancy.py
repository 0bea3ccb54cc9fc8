"""Job offers and the skills, languages and months they ask for."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import DAY_PARTS_CHECK, MONTH_CHECK, Base, Language, str_enum, utcnow
from .geo import District
from .taxonomy import Occupation, Skill

if TYPE_CHECKING:
    from .employer import Employer


class VacancyStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FILLED = "filled"


class ContractType(enum.StrEnum):
    PAYROLL = "planilla"
    FEES = "recibo_honorarios"
    TEMPORARY = "temporal"
    INTERNSHIP = "practicas"
    PER_DAY = "jornal"


class PayPeriod(enum.StrEnum):
    MONTH = "mes"
    DAY = "dia"
    HOUR = "hora"


class Vacancy(Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        sa.CheckConstraint("positions BETWEEN 1 AND 500", name="positions_range"),
        sa.CheckConstraint("pay_pen IS NULL OR pay_pen >= 0", name="pay_not_negative"),
        sa.CheckConstraint("min_age BETWEEN 15 AND 70", name="min_age_range"),
        sa.CheckConstraint("min_education BETWEEN 0 AND 6", name="min_education_range"),
        sa.CheckConstraint(DAY_PARTS_CHECK, name="day_parts_mask"),
        # Adolescents may not work at night (Código de los Niños y Adolescentes).
        sa.CheckConstraint("min_age >= 18 OR day_parts < 4", name="no_night_for_adolescents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    occupation_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("occupations.id"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    positions: Mapped[int] = mapped_column(default=1)
    district_code: Mapped[str] = mapped_column(sa.ForeignKey("districts.ubigeo"))
    day_parts: Mapped[int] = mapped_column(default=0)
    pay_pen: Mapped[Optional[Decimal]] = mapped_column(sa.Numeric(10, 2))
    pay_period: Mapped[PayPeriod] = mapped_column(str_enum(PayPeriod, "pay_period"),
                                                  default=PayPeriod.MONTH)
    contract_type: Mapped[ContractType] = mapped_column(str_enum(ContractType, "contract_type"))
    min_education: Mapped[int] = mapped_column(default=0)
    # 18 unless the work is light work that adolescents are allowed to do.
    min_age: Mapped[int] = mapped_column(default=18)
    status: Mapped[VacancyStatus] = mapped_column(str_enum(VacancyStatus, "status"),
                                                  default=VacancyStatus.DRAFT, index=True)
    closes_on: Mapped[Optional[date]]
    published_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    employer: Mapped[Employer] = relationship(back_populates="vacancies")
    occupation: Mapped[Optional[Occupation]] = relationship()
    district: Mapped[District] = relationship()
    skill_links: Mapped[list[VacancySkill]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan"
    )
    languages: Mapped[list[VacancyLanguage]] = relationship(cascade="all, delete-orphan")
    months: Mapped[list[VacancyMonth]] = relationship(
        cascade="all, delete-orphan", order_by="VacancyMonth.month"
    )

    @property
    def allows_adolescents(self) -> bool:
        return self.min_age < 18

    @property
    def required_skills(self) -> list[Skill]:
        return [link.skill for link in self.skill_links if link.required]

    @property
    def desired_skills(self) -> list[Skill]:
        return [link.skill for link in self.skill_links if not link.required]

    def __repr__(self) -> str:
        return f"<Vacancy {self.id} {self.title}>"


class VacancySkill(Base):
    __tablename__ = "vacancy_skills"

    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id"), primary_key=True)
    required: Mapped[bool] = mapped_column(default=True)

    vacancy: Mapped[Vacancy] = relationship(back_populates="skill_links")
    skill: Mapped[Skill] = relationship()


class VacancyLanguage(Base):
    __tablename__ = "vacancy_languages"

    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[Language] = mapped_column(str_enum(Language, "language"), primary_key=True)


class VacancyMonth(Base):
    __tablename__ = "vacancy_months"
    __table_args__ = (sa.CheckConstraint(MONTH_CHECK, name="month_range"),)

    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
