"""A young person's profile: what they can do, where, when, and who may see it."""

from __future__ import annotations

import enum
from datetime import date, datetime
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


# The programme serves people aged 15 to 29; its figures split them into these bands.
MIN_AGE, MAX_AGE = 15, 29
ADULT_AGE = 18
AGE_BANDS = (("15-17", 15, 17), ("18-24", 18, 24), ("25-29", 25, 29))
AGE_BAND_NAMES = frozenset(band for band, _low, _high in AGE_BANDS)


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day``: the one place age is worked out."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def adult_if_born_by(today: date) -> date:
    """The latest birth date that makes a person an adult (18) on ``today``.

    The SQL twin of ``age_on(born, today) >= ADULT_AGE``: comparing the birth date with this
    day works the same on every database, and turns someone into an adult on their birthday.
    """
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February, and the year 18 years ago had none
        return today.replace(year=today.year - ADULT_AGE, day=28)


def age_band(age: int | None) -> str | None:
    """The programme's band for ``age`` ("15-17", "18-24", "25-29"), or None outside them."""
    if age is None:
        return None
    return next((band for band, low, high in AGE_BANDS if low <= age <= high), None)


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
    # The DNI number, when the CDE recorded it: a way to find the person and to sign in.
    dni: Mapped[Optional[str]] = mapped_column(sa.String(8), unique=True)
    has_cul: Mapped[Optional[bool]]
    has_health_card: Mapped[Optional[bool]]
    has_bank_account: Mapped[Optional[bool]]
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, "visibility"),
                                                   default=Visibility.PRIVATE)
    # No ethnic identity, household income or health: no feature used them, so Chamba no
    # longer asks (Ley 29733 art. 7, proportionality; migration 0007 dropped them).
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
        return None if self.birth_date is None else age_on(self.birth_date, day)

    # --- what a complete profile is: the one definition -----------------------------------
    # What a counselor needs to place the person, and what the programme's figures count
    # as "complete": district, birth date (or the age band kept when it was erased), sex,
    # at least one language, education, at least one skill and one month available.
    # ``complete_clause`` is the same rule in SQL; keep the two together.

    def missing_for_complete(self) -> list[str]:
        """The parts still missing for the profile to be complete (empty when it is)."""
        parts = {
            "district": self.district_code is not None,
            "birth_date": self.birth_date is not None or self.age_band is not None,
            "sex": self.sex is not None,
            "languages": bool(self.languages),
            "education": self.education is not None,
            "skills": bool(self.skills),
            "months": bool(self.months),
        }
        return [part for part, present in parts.items() if not present]

    @property
    def is_complete(self) -> bool:
        """Tell whether the profile has what a counselor needs to place the person."""
        return not self.missing_for_complete()

    @classmethod
    def complete_clause(cls) -> sa.ColumnElement[bool]:
        """The SQL twin of :attr:`is_complete`, for counting without loading profiles."""
        return sa.and_(
            cls.district_code.is_not(None),
            sa.or_(cls.birth_date.is_not(None), cls.age_band.is_not(None)),
            cls.sex.is_not(None),
            sa.exists().where(CandidateLanguage.profile_id == cls.id),
            cls.education.is_not(None),
            sa.exists().where(candidate_skills.c.profile_id == cls.id),
            sa.exists().where(CandidateMonth.profile_id == cls.id),
        )

    # --- who may see the person: the one definition -----------------------------------------
    # Consent is the switch. Every path that shows a person to an employer, ranks her, lets
    # her apply or tells anyone about her reads these clauses, so withdrawing consent or
    # turning out to be a minor takes effect everywhere at once. Age is worked out from the
    # birth date on the day asked, never stored, so no edit or birthday can slip past it.

    @classmethod
    def processing_clause(cls) -> sa.ColumnElement[bool]:
        """The person's consent to processing is in force (she has not withdrawn it)."""
        return cls.hidden_at.is_(None)

    @property
    def consent_withdrawn(self) -> bool:
        """She withdrew consent to processing: the loaded row's side of ``processing_clause``."""
        return self.hidden_at is not None

    @classmethod
    def guardian_clause(cls, today: date) -> sa.ColumnElement[bool]:
        """An adult on ``today``, or a minor whose guardian's consent is on record.

        A guardian's consent is any granted consent row that names the guardian (given at
        sign-up, by a counselor, or when the person's own edit made her a minor). An unknown
        birth date is not an age: sign-up always asks for it, so only erased profiles (hidden
        anyway) lack one.
        """
        return sa.or_(cls.birth_date.is_(None), cls.birth_date <= adult_if_born_by(today),
                      cls.guardian_on_record_clause())

    @classmethod
    def guardian_on_record_clause(cls) -> sa.ColumnElement[bool]:
        """A parent's or guardian's consent is on record: a granted consent naming them."""
        from .privacy import Consent

        return sa.exists().where(Consent.user_id == cls.user_id, Consent.granted.is_(True),
                                 Consent.guardian_name.is_not(None))

    @classmethod
    def disclosable_clause(cls, today: date) -> sa.ColumnElement[bool]:
        """An employer may see this person's name and contact when she applied or was proposed."""
        return sa.and_(cls.processing_clause(), cls.guardian_clause(today))

    @classmethod
    def visible_clause(cls, today: date) -> sa.ColumnElement[bool]:
        """Employers may find the person in rankings, and a counselor may propose her."""
        return sa.and_(cls.disclosable_clause(today), cls.visibility == Visibility.EMPLOYERS)

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
