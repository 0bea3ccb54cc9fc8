"""CDE courses that close skill gaps, and who took them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .candidate import CandidateProfile
from .geo import Territory
from .taxonomy import Skill

training_skills = sa.Table(
    "training_skills",
    Base.metadata,
    sa.Column("training_id", sa.ForeignKey("trainings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id"), primary_key=True),
)


class EnrollmentStatus(enum.StrEnum):
    ENROLLED = "inscrito"
    COMPLETED = "completo"
    DROPPED = "abandono"


class Training(Base):
    __tablename__ = "trainings"
    __table_args__ = (
        sa.CheckConstraint("hours BETWEEN 1 AND 2000", name="hours_range"),
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                           name="dates_ordered"),
        sa.CheckConstraint("capacity IS NULL OR capacity BETWEEN 1 AND 1000",
                           name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(24), unique=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    territory_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("territories.id"))
    hours: Mapped[int]
    starts_on: Mapped[Optional[date]]
    ends_on: Mapped[Optional[date]]
    # Where the course is held ("CDE Urcos, aula 2"); empty when not said.
    place: Mapped[str] = mapped_column(sa.String(160), default="", server_default="")
    # How many people may enrol; None means no limit was set.
    capacity: Mapped[Optional[int]]
    # The matcher names courses in skill gaps: an edit must reach it (matching.data_stamp).
    updated_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True),
                                                           default=utcnow, onupdate=utcnow)

    territory: Mapped[Optional[Territory]] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=training_skills, order_by=Skill.code)

    def __repr__(self) -> str:
        return f"<Training {self.code}>"


class Enrollment(Base):
    __tablename__ = "enrollments"
    __table_args__ = (sa.UniqueConstraint("training_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(sa.ForeignKey("trainings.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[EnrollmentStatus] = mapped_column(str_enum(EnrollmentStatus, "status"),
                                                     default=EnrollmentStatus.ENROLLED)
    completed_on: Mapped[Optional[date]]
    # What the counselor recorded at the end: None until then (or when the person said it).
    attended: Mapped[Optional[bool]]
    recorded_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    training: Mapped[Training] = relationship()
    profile: Mapped[CandidateProfile] = relationship()
