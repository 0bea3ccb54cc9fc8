"""The indicators' queries: who registered, and what happened to whom, in a scope and period.

Rows are fetched plain, in one go each, and tallied per signature (``tally.Signature``);
only the people something happened to in the period are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import (
    Application,
    CandidateLanguage,
    CandidateProfile,
    District,
    Enrollment,
    EnrollmentStatus,
    FollowUp,
    Source,
    Stage,
    StageEvent,
    Vacancy,
    VacancyStatus,
)

from . import erased
from .period import Period, Scope, local_date
from .tally import (
    COUNTED,
    ERASED,
    FOLLOW_UP_MONTHS,
    UNKNOWN,
    Counted,
    Signature,
    Tally,
    age_band_on,
)


class _Statements:
    """The period's selections, restricted to profiles of districts in the scope."""

    def __init__(self, scope: Scope, period: Period) -> None:
        self.period = period
        self.start, self.end = period.bounds()
        self.districts = sa.select(District.ubigeo).where(District.territory_id.in_(scope.ids))
        in_scope = self.in_scope = CandidateProfile.district_code.in_(self.districts)
        self.completed = sa.select(Enrollment.profile_id).join(CandidateProfile).where(
            in_scope, Enrollment.status == EnrollmentStatus.COMPLETED,
            Enrollment.completed_on >= period.desde, Enrollment.completed_on <= period.hasta)
        self.proposed = sa.select(Application.profile_id).join(CandidateProfile).where(
            in_scope, Application.source == Source.COUNSELOR,
            Application.created_at >= self.start, Application.created_at < self.end)
        self.followed = (
            sa.select(Application.profile_id, FollowUp.months_after,
                      FollowUp.done_at.is_not(None), FollowUp.still_working)
            .join(FollowUp, FollowUp.application_id == Application.id)
            .join(CandidateProfile).where(
                in_scope, FollowUp.months_after.in_(FOLLOW_UP_MONTHS),
                FollowUp.due_on >= period.desde, FollowUp.due_on <= period.hasta))
        # Only the people something happened to: registered in the period, or with an event.
        active = sa.union(
            self.completed, self.proposed,
            self.reaching(Stage.INTERVIEW, self.start).with_only_columns(Application.profile_id),
            self.reaching(Stage.HIRED, self.start).with_only_columns(Application.profile_id),
            self.followed.with_only_columns(Application.profile_id)).subquery()
        self.registered_now = sa.and_(CandidateProfile.created_at >= self.start,
                                      CandidateProfile.created_at < self.end)
        self.relevant = sa.and_(in_scope, CandidateProfile.created_at < self.end, sa.or_(
            self.registered_now, CandidateProfile.id.in_(sa.select(active.c.profile_id))))

    def reaching(self, stage: Stage, since: datetime | None) -> sa.Select:
        """Each case's first move to ``stage`` before the period's end (and after ``since``)."""
        moved = [StageEvent.to_stage == stage, StageEvent.at < self.end]
        if since is not None:
            moved.append(StageEvent.at >= since)
        return (sa.select(Application.profile_id, sa.func.min(StageEvent.at))
                .join(StageEvent, StageEvent.application_id == Application.id)
                .join(CandidateProfile).where(self.in_scope, *moved)
                .group_by(Application.id, Application.profile_id))

    def people(self) -> sa.Select:
        return sa.select(
            CandidateProfile.id, CandidateProfile.sex, CandidateProfile.birth_date,
            CandidateProfile.age_band, CandidateProfile.district_code,
            CandidateProfile.created_at,
            sa.case((sa.and_(self.registered_now, CandidateProfile.complete_clause()), 1),
                    else_=0),
        ).where(self.relevant)

    def languages(self) -> sa.Select:
        return (sa.select(CandidateLanguage.profile_id, CandidateLanguage.language)
                .join(CandidateProfile).where(self.relevant)
                .order_by(CandidateLanguage.language))

    def open_vacancies(self) -> sa.Select:
        """Published by the end and open, or closed / filled (last change) since the start."""
        return (sa.select(Vacancy.district_code, sa.func.count()).where(
            Vacancy.district_code.in_(self.districts),
            Vacancy.published_at.is_not(None), Vacancy.published_at < self.end,
            sa.or_(Vacancy.status == VacancyStatus.OPEN,
                   sa.and_(Vacancy.status.in_((VacancyStatus.CLOSED, VacancyStatus.FILLED)),
                           Vacancy.updated_at >= self.start)))
            .group_by(Vacancy.district_code))


class _Counter:
    """Tallies per signature, filled by one pass over each query's rows."""

    def __init__(self) -> None:
        self.tallies: dict[Signature, Tally] = defaultdict(Tally)
        self.signature: dict[int, Signature] = {}
        self.created_on: dict[int, date] = {}
        self.registered: set[int] = set()

    def person(self, pid, sex, birth, band, district, created, complete, languages,
               since: date) -> None:
        day = self.created_on[pid] = local_date(created)
        sig = self.signature[pid] = (str(sex) if sex else UNKNOWN,
                                     age_band_on(birth, band, day), district,
                                     tuple(languages.get(pid, ())))
        if day >= since:
            self.registered.add(pid)
            self.tallies[sig].counts["registrados"] += 1
            self.tallies[sig].counts["completos"] += complete

    def erased(self, metric: str, day: date, days: int, n: int, period: Period) -> None:
        """Add a cell of people who erased their data (``erased.py``): they have no signature
        but the unknown one."""
        if metric in COUNTED and erased.counts_in(metric, day, days, period):
            tally = self.tallies[ERASED]
            tally.counts[metric] += n
            if metric == erased.HIRES:
                tally.days.extend([days] * n)

    def count(self, column: str, pids: Iterable[int]) -> None:
        for pid in pids:
            if pid in self.signature:  # an event before the person registered: bad data
                self.tallies[self.signature[pid]].counts[column] += 1


def count(session: Session, scope: Scope, period: Period) -> Counted:
    """Run the indicators' queries for ``scope`` over ``period`` and tally the rows."""
    connection = session.connection()

    def run(statement: sa.Select) -> list[sa.Row]:
        # Plain rows fetched in one go: no ORM bookkeeping for thousands of them.
        return connection.execute(statement).all()

    q = _Statements(scope, period)
    languages: dict[int, list[str]] = defaultdict(list)
    for pid, language in run(q.languages()):
        languages[pid].append(str(language))
    c = _Counter()
    for row in run(q.people()):
        c.person(*row, languages, period.desde)

    c.count("capacitados", (pid for (pid,) in run(q.completed.distinct())))
    c.count("propuestas", (pid for (pid,) in run(q.proposed)))
    c.count("entrevistas", (pid for pid, _at in run(q.reaching(Stage.INTERVIEW, q.start))))
    hires = [(pid, at) for pid, at in run(q.reaching(Stage.HIRED, q.start))
             if pid in c.signature]
    c.count("contrataciones", (pid for pid, _at in hires))
    for pid, at in hires:
        c.tallies[c.signature[pid]].days.append(max(0, (local_date(at) - c.created_on[pid]).days))
    ever_hired = {pid for pid, _at in run(q.reaching(Stage.HIRED, None))}
    c.count("registrados_contratados", c.registered & ever_hired)
    for pid, months, done, working in run(q.followed):
        if pid in c.signature:
            counts = c.tallies[c.signature[pid]].counts
            counts[f"seguimientos_{months}m"] += 1
            counts[f"siguen_{months}m"] += int(bool(done) and working is True)

    for metric, day, days, n in run(erased.statement(scope.ids, period)):
        c.erased(metric, day, days, int(n), period)

    vacancies = {code: n for code, n in run(q.open_vacancies())}
    districts = [(code, name) for code, name in run(
        sa.select(District.ubigeo, District.name).where(District.territory_id.in_(scope.ids))
        .order_by(District.name))]
    return Counted(dict(c.tallies), vacancies, districts)
