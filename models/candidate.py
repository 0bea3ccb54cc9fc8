"""A young person's profile: what they can do, where, when, and who may see it."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import (
    DAY_PARTS_CHECK,
    MONTH_CHECK,
    Base,
    EducationLevel,
    Language,
    str_enum,
    utcnow,
)
from .geo import District
from .taxonomy import Occupation, Skill

if TYPE_CHECKING:
    from .user import User


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"


class Visibility(enum.StrEnum):
    """Who may find the profile; counselors of the territory always can."""

    PRIVATE = "private"
    EMPLOYERS = "employers"


class LanguageLevel(enum.StrEnum):
    BASIC = "basico"
    INTERMEDIATE = "intermedio"
    ADVANCED = "avanzado"
    NATIVE = "nativo"


class ExperienceKind(enum.StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"
    SELF_EMPLOYED = "independiente"
    FAMILY_UNPAID = "familiar"
    COMMUNITY = "comunal"


candidate_skills = sa.Table(
    "candidate_skills",
    Base.metadata,
    sa.Column("profile_id", sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id"), primary_key=True),
)

candidate_occupations = sa.Table(
    "candidate_occupations",
    Base.metadata,
    sa.Column("profile_id", sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("occupation_id", sa.ForeignKey("occupations.id"), primary_key=True),
)


class CandidateProfile(Base):
    __tablename__ = "candidate_profiles"
    __table_args__ = (
        sa.CheckConstraint(DAY_PARTS_CHECK, name="day_parts_mask"),
        sa.CheckConstraint("max_travel_km IS NULL OR max_travel_km BETWEEN 0 AND 2000",
                           name="travel_range"),
        sa.CheckConstraint("education BETWEEN 0 AND 6", name="education_range"),
        sa.CheckConstraint("household_income_pen IS NULL OR household_income_pen >= 0",
                           name="income_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    first_name: Mapped[str] = mapped_column(sa.String(60))
    last_name: Mapped[str] = mapped_column(sa.String(80), default="")
    district_code: Mapped[Optional[str]] = mapped_column(sa.ForeignKey("districts.ubigeo"))
    birth_date: Mapped[Optional[date]]
    sex: Mapped[Optional[Sex]] = mapped_column(str_enum(Sex, "sex"))
    education: Mapped[Optional[int]]
    about: Mapped[str] = mapped_column(sa.Text, default="")
    day_parts: Mapped[int] = mapped_column(default=0)
    max_travel_km: Mapped[Optional[int]]
    willing_to_relocate: Mapped[Optional[bool]]
    entrepreneurship_interest: Mapped[Optional[bool]]
    has_dni: Mapped[Optional[bool]]
    has_cul: Mapped[Optional[bool]]
    has_health_card: Mapped[Optional[bool]]
    has_bank_account: Mapped[Optional[bool]]
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, "visibility"),
                                                   default=Visibility.PRIVATE)
    # Sensitive under Ley 29733: optional, and kept only with its own consent.
    ethnic_identity: Mapped[Optional[str]] = mapped_column(sa.String(60))
    household_income_pen: Mapped[Optional[Decimal]] = mapped_column(sa.Numeric(10, 2))
    health_condition: Mapped[Optional[str]] = mapped_column(sa.String(200))
    # Set when the person withdraws consent: nobody but the person sees or matches it.
    hidden_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    # Kept after erasure so the programme's figures by age band stay right.
    age_band: Mapped[Optional[str]] = mapped_column(sa.String(8))
    registered_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile", foreign_keys=[user_id])
    registered_by: Mapped[Optional[User]] = relationship(foreign_keys=[registered_by_id])
    district: Mapped[Optional[District]] = relationship()
    languages: Mapped[list[CandidateLanguage]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )
    experiences: Mapped[list[Experience]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="Experience.id"
    )
    months: Mapped[list[CandidateMonth]] = relationship(
        cascade="all, delete-orphan", order_by="CandidateMonth.month"
    )
    skills: Mapped[list[Skill]] = relationship(secondary=candidate_skills, order_by=Skill.code)
    desired_occupations: Mapped[list[Occupation]] = relationship(
        secondary=candidate_occupations, order_by=Occupation.code
    )
    # Skills taught by the CDE courses the person finished: read-only, they follow the
    # enrollments (see models/training.py).
    certified_skills: Mapped[list[Skill]] = relationship(
        secondary=lambda: _finished_courses()[0],
        primaryjoin=lambda: _finished_courses()[1],
        secondaryjoin=lambda: _finished_courses()[2],
        viewonly=True, order_by=Skill.code,
    )

    @property
    def education_level(self) -> EducationLevel | None:
        return None if self.education is None else EducationLevel(self.education)

    @property
    def available_months(self) -> set[int]:
        return {m.month for m in self.months}

    def age_on(self, day: date) -> int | None:
        """Return the age in whole years on ``day``, or None when the birth date is unknown."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    def __repr__(self) -> str:
        return f"<CandidateProfile {self.id}>"


def _finished_courses():
    """Profile → finished enrollment → the skills its training teaches (joins of
    ``certified_skills``; built late because training.py imports this module)."""
    from .training import Enrollment, EnrollmentStatus, training_skills

    courses = sa.join(Enrollment, training_skills,
                      Enrollment.training_id == training_skills.c.training_id)
    return (courses,
            sa.and_(CandidateProfile.id == Enrollment.profile_id,
                    Enrollment.status == EnrollmentStatus.COMPLETED),
            Skill.id == training_skills.c.skill_id)


class CandidateLanguage(Base):
    __tablename__ = "candidate_languages"

    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[Language] = mapped_column(str_enum(Language, "language"), primary_key=True)
    level: Mapped[LanguageLevel] = mapped_column(str_enum(LanguageLevel, "level"))

    profile: Mapped[CandidateProfile] = relationship(back_populates="languages")


class CandidateMonth(Base):
    """A month of the year in which the person can work."""

    __tablename__ = "candidate_months"
    __table_args__ = (sa.CheckConstraint(MONTH_CHECK, name="month_range"),)

    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Experience(Base):
    """Any work done, paid or not: the family farm and community faenas count too."""

    __tablename__ = "experiences"
    __table_args__ = (sa.CheckConstraint("months BETWEEN 0 AND 600", name="months_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[ExperienceKind] = mapped_column(str_enum(ExperienceKind, "kind"))
    months: Mapped[int] = mapped_column(default=0)
    occupation_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("occupations.id"))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    profile: Mapped[CandidateProfile] = relationship(back_populates="experiences")
    occupation: Mapped[Optional[Occupation]] = relationship()
