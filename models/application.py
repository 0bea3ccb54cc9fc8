"""A candidate's case for a vacancy: its stage, its history, and the follow-up after a hire."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .candidate import CandidateProfile
from .crypto import EncryptedDecimal, EncryptedText
from .user import User
from .vacancy import Vacancy


class Source(enum.StrEnum):
    SELF = "self"
    COUNSELOR = "counselor"
    EMPLOYER = "employer"


class Stage(enum.StrEnum):
    PROPOSED = "proposed"
    RECEIVED = "received"
    CONTACTED = "contacted"
    INTERVIEW = "interview"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    WITHDRAWN = "withdrawn"


class RefusalReason(enum.StrEnum):
    NO_SHOW = "no_show"
    OTHER_CANDIDATE = "other_candidate"
    PAY = "pay"
    DISTANCE = "distance"
    DOCUMENTS = "documents"
    WITHDREW = "withdrew"
    SKILLS = "skills"
    OTHER = "other"


class NoteAudience(enum.StrEnum):
    """Who reads a note on a case besides the CDE's staff, who read them all."""

    INTERNAL = "internal"  # the CDE's team only
    EMPLOYER = "employer"  # also the employer of the vacancy


# Which stage may follow which; anything else is refused.
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.PROPOSED: frozenset({Stage.CONTACTED, Stage.INTERVIEW, Stage.NOT_HIRED,
                               Stage.WITHDRAWN}),
    Stage.RECEIVED: frozenset({Stage.CONTACTED, Stage.INTERVIEW, Stage.NOT_HIRED,
                               Stage.WITHDRAWN}),
    Stage.CONTACTED: frozenset({Stage.INTERVIEW, Stage.NOT_HIRED, Stage.WITHDRAWN}),
    Stage.INTERVIEW: frozenset({Stage.HIRED, Stage.NOT_HIRED, Stage.WITHDRAWN}),
    Stage.HIRED: frozenset(),
    Stage.NOT_HIRED: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}

# Cases still waiting for a decision: those that can still move on.
OPEN_STAGES: frozenset[Stage] = frozenset(stage for stage, following in TRANSITIONS.items()
                                          if following)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "vacancy_id"),
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        sa.CheckConstraint("stage <> 'not_hired' OR refusal_reason IS NOT NULL",
                           name="refusal_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    vacancy_id: Mapped[int] = mapped_column(sa.ForeignKey("vacancies.id"), index=True)
    source: Mapped[Source] = mapped_column(str_enum(Source, "source"))
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "stage"))
    # What the matcher said when the case was opened; later profile changes do not alter it.
    score: Mapped[Optional[float]]
    explanation: Mapped[Optional[Any]] = mapped_column(sa.JSON)
    refusal_reason: Mapped[Optional[RefusalReason]] = mapped_column(
        str_enum(RefusalReason, "refusal_reason")
    )
    message: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    profile: Mapped[CandidateProfile] = relationship()
    vacancy: Mapped[Vacancy] = relationship()
    created_by: Mapped[Optional[User]] = relationship()
    events: Mapped[list[StageEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="StageEvent.id"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="FollowUp.due_on"
    )
    notes: Mapped[list[CaseNote]] = relationship(cascade="all, delete-orphan",
                                                 order_by="CaseNote.id")

    def can_move_to(self, stage: Stage) -> bool:
        """Tell whether the case may go from its current stage to ``stage``."""
        return stage in TRANSITIONS[self.stage]

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.stage}>"


class StageEvent(Base):
    """One step in a case's history: who moved it, from where, to where, and why."""

    __tablename__ = "stage_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[Optional[Stage]] = mapped_column(str_enum(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(str_enum(Stage, "to_stage"))
    reason: Mapped[Optional[RefusalReason]] = mapped_column(str_enum(RefusalReason, "reason"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # Notes written before there was a choice are internal: none was meant for the employer.
    note_audience: Mapped[NoteAudience] = mapped_column(
        str_enum(NoteAudience, "note_audience"), default=NoteAudience.INTERNAL,
        server_default=NoteAudience.INTERNAL.value)
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[Optional[User]] = relationship()


class FollowUp(Base):
    """A check 1, 3 or 6 months after a hire: still working, pay, any problem."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "months_after"),
        sa.CheckConstraint("months_after IN (1, 3, 6)", name="months_after_allowed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE")
    )
    months_after: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    still_working: Mapped[Optional[bool]]
    # The person's income and what went wrong at work: encrypted at rest (models/crypto.py);
    # the amount's range is checked in web/services/followups.py, not by the database.
    monthly_pay_pen: Mapped[Optional[Decimal]] = mapped_column(EncryptedDecimal)
    problem: Mapped[str] = mapped_column(EncryptedText, default="")
    # A safety or conduct concern about the employer, shown to the other counselors.
    safety_flag: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    application: Mapped[Application] = relationship(back_populates="follow_ups")


class CaseNote(Base):
    """A counselor's note on a case, kept with who wrote it and when."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(sa.Text)
    audience: Mapped[NoteAudience] = mapped_column(
        str_enum(NoteAudience, "audience"), default=NoteAudience.INTERNAL,
        server_default=NoteAudience.INTERNAL.value)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    author: Mapped[Optional[User]] = relationship()


class Decision(enum.StrEnum):
    PIN = "pin"
    EXCLUDE = "exclude"


class MatchDecision(Base):
    """A counselor pins or excludes a candidate for a vacancy, with the reason; others see it."""

    __tablename__ = "match_decisions"
    __table_args__ = (sa.UniqueConstraint("vacancy_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(sa.ForeignKey("vacancies.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[Decision] = mapped_column(str_enum(Decision, "decision"))
    reason: Mapped[str] = mapped_column(sa.String(300))
    decided_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    decided_by: Mapped[Optional[User]] = relationship()
