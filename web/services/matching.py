"""The only bridge between the database and ``matcher/``.

It turns profiles and vacancies into the matcher's plain dataclasses, keeps one
fitted matcher per audience in each process, and refits only when the data it
was fitted on has changed (checked at most every ``REFRESH_SECONDS``).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

import matcher
from models import (
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    Consent,
    District,
    Employer,
    Enrollment,
    EnrollmentStatus,
    Experience,
    ExperienceKind,
    Occupation,
    Skill,
    Training,
    User,
    Vacancy,
    VacancySkill,
)
from models.candidate import age_on, candidate_occupations, candidate_skills
from models.training import training_skills

from . import jobs
from .pools import Pool

REFRESH_SECONDS = 5.0
MATCHED_LANGUAGES = {"spa", "que", "agr", "hub", "eng"}


# --- from rows to the matcher's dataclasses -------------------------------------------------

# The matcher's names for the kinds of work the profile form offers.
EXPERIENCE_KINDS = {
    ExperienceKind.FORMAL: "formal",
    ExperienceKind.INFORMAL: "informal",
    ExperienceKind.SELF_EMPLOYED: "self_employed",
    ExperienceKind.FAMILY_UNPAID: "family",
    ExperienceKind.COMMUNITY: "community",
}


@dataclass(frozen=True)
class WorkDone:
    """One experience row, as read from the database."""

    title: str
    kind: str | None
    months: int | None
    occupation: tuple[str, str] | None  # (masculine, feminine) label when one was chosen
    description: str = ""


@dataclass(frozen=True)
class ProfileFacts:
    """What the matcher reads of a profile, as plain values.

    Both ways of reading profiles (one ORM object in a request, every profile in bulk
    when a matcher is fitted) fill this and hand it to :func:`candidate_from`, so the
    rules that turn a profile into a ``Candidate`` live in one place.
    """

    id: int
    district: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    education: int | None = None
    about: str = ""
    max_travel_km: int | None = None
    willing_to_relocate: bool | None = None
    skills: tuple[str, ...] = ()
    certified_skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    months: tuple[int, ...] = ()
    desired: tuple[tuple[str, str], ...] = ()
    work: tuple[WorkDone, ...] = ()


def _gendered(labels: tuple[str, str], sex: str | None) -> str:
    masculine, feminine = labels
    return (feminine or masculine) if sex == "F" else masculine


def candidate_from(facts: ProfileFacts, today: date | None = None) -> matcher.Candidate:
    """The matcher's view of a profile: work done, work wanted, and what the person knows.

    Work done goes to ``titles`` with its months and kind; wanted occupations go to
    ``desired_titles`` only, so wanting a job is never read as having done it. Skills
    taught by a course the person finished count as the person's skills.
    """
    today = today or date.today()
    sex = facts.sex
    titles, free_words = [], []
    for work in facts.work:
        # A chosen occupation names the work plainly; the person's own words still
        # count, as free text, so "cociné para la faena" is not lost.
        title = _gendered(work.occupation, sex) if work.occupation else work.title
        if work.occupation and work.title:
            free_words.append(work.title)
        titles.append(matcher.Experience(title, months=work.months or None,
                                         kind=EXPERIENCE_KINDS.get(work.kind)))
    desired = sorted({_gendered(labels, sex) for labels in facts.desired})
    age = None if facts.birth_date is None else age_on(facts.birth_date, today)
    text = " ".join(part for part in (facts.about, *free_words,
                                      *(w.description for w in facts.work)) if part)
    return matcher.Candidate(
        id=facts.id,
        titles=tuple(titles),
        desired_titles=tuple(desired),
        skills=tuple(sorted(set(facts.skills) | set(facts.certified_skills))),
        text=text,
        district=facts.district,
        languages=tuple(sorted(lang for lang in facts.languages if lang in MATCHED_LANGUAGES)),
        education=facts.education,
        age=age,
        sex=sex,
        available_months=tuple(sorted(set(facts.months))),
        max_travel_km=facts.max_travel_km,
        willing_to_relocate=bool(facts.willing_to_relocate),
    )


def _value(member) -> str | None:
    """An enum's stored value, whether the driver handed back the member or the string."""
    return None if member is None else str(getattr(member, "value", member))


def _finished_courses(profile_ids) -> sa.Select:
    return (sa.select(Enrollment.profile_id, Enrollment.training_id)
            .where(Enrollment.profile_id.in_(profile_ids),
                   Enrollment.status == EnrollmentStatus.COMPLETED))


def certified_skills(session: Session, profile_ids) -> dict[int, list[str]]:
    """Profile id -> labels of the skills taught by the CDE courses the person finished."""
    finished = _finished_courses(profile_ids).subquery()
    return _grouped(session, sa.select(finished.c.profile_id, Skill.label_es)
                    .join(training_skills, training_skills.c.training_id == finished.c.training_id)
                    .join(Skill, Skill.id == training_skills.c.skill_id)
                    .order_by(Skill.code))


def profile_facts(profile: CandidateProfile) -> ProfileFacts:
    """Read one loaded profile into plain values."""
    return ProfileFacts(
        id=profile.id, district=profile.district_code, birth_date=profile.birth_date,
        sex=_value(profile.sex), education=profile.education, about=profile.about or "",
        max_travel_km=profile.max_travel_km, willing_to_relocate=profile.willing_to_relocate,
        skills=tuple(s.label_es for s in profile.skills),
        certified_skills=tuple(s.label_es for s in profile.certified_skills),
        languages=tuple(_value(lang.language) for lang in profile.languages),
        months=tuple(m.month for m in profile.months),
        desired=tuple((o.label_es, o.label_es_f) for o in profile.desired_occupations),
        work=tuple(WorkDone(e.title, _value(e.kind), e.months,
                            (e.occupation.label_es, e.occupation.label_es_f)
                            if e.occupation else None, e.description or "")
                   for e in profile.experiences))


def to_candidate(profile: CandidateProfile, today: date | None = None) -> matcher.Candidate:
    """The matcher's view of one loaded profile."""
    return candidate_from(profile_facts(profile), today)


def to_vacancy(vacancy: Vacancy) -> matcher.Vacancy:
    """The matcher's view of a vacancy."""
    # The chosen occupation names the job; the employer's own title ("Guía para la ruta
    # Ausangate") still counts, as words of the description. Glued together they made a
    # title the matcher found "parecido" to unrelated work.
    title, text = vacancy.title, vacancy.description or ""
    if vacancy.occupation is not None:
        title, text = vacancy.occupation.label_es, f"{vacancy.title}. {text}".strip()
    return matcher.Vacancy(
        id=vacancy.id,
        title=title,
        required_skills=[s.label_es for s in vacancy.required_skills],
        desired_skills=[s.label_es for s in vacancy.desired_skills],
        text=text,
        district=vacancy.district_code,
        languages=[lang.language.value for lang in vacancy.languages
                   if lang.language.value in MATCHED_LANGUAGES],
        min_education=vacancy.min_education,
        min_age=vacancy.min_age,
        months={m.month for m in vacancy.months},
    )


def reference_data(session: Session) -> dict:
    """District coordinates, synonym groups and trainings, as the matcher takes them."""
    districts = {u: (lat, lon) for u, lat, lon in session.execute(
        sa.select(District.ubigeo, District.latitude, District.longitude))}
    synonyms = []
    for skill in session.scalars(sa.select(Skill).options(selectinload(Skill.synonyms))):
        synonyms.append((skill.label_es, skill.code, *(s.term for s in skill.synonyms)))
    for occupation in session.scalars(sa.select(Occupation)
                                      .options(selectinload(Occupation.synonyms))):
        synonyms.append((occupation.label_es, *occupation.terms[1:]))
    trainings: dict[str, list[str]] = {}
    for training in session.scalars(sa.select(Training).options(selectinload(Training.skills))):
        for skill in training.skills:
            trainings.setdefault(skill.label_es, []).append(training.title)
    # The travel times the admin keeps (seeded from the matcher's own table).
    from .districts import legs_for_matcher

    return {"districts": districts, "synonyms": synonyms, "trainings": trainings,
            "travel_hours": legs_for_matcher(session)}


# --- which rows each fitted matcher holds --------------------------------------------------

def _active_profiles() -> sa.Select:
    return (sa.select(CandidateProfile).join(User, User.id == CandidateProfile.user_id)
            .where(CandidateProfile.processing_clause(), User.is_active.is_(True))
            .options(selectinload(CandidateProfile.skills),
                     selectinload(CandidateProfile.certified_skills),
                     selectinload(CandidateProfile.languages),
                     selectinload(CandidateProfile.months),
                     selectinload(CandidateProfile.desired_occupations),
                     selectinload(CandidateProfile.experiences)
                     .selectinload(Experience.occupation),
                     selectinload(CandidateProfile.district)))


def open_vacancies(today: date | None = None) -> sa.Select:
    """The vacancies youth may apply to today, loaded with what the matcher reads."""
    return (jobs.open_vacancies(today or date.today())
            .options(selectinload(Vacancy.skill_links).selectinload(VacancySkill.skill),
                     selectinload(Vacancy.languages), selectinload(Vacancy.months),
                     selectinload(Vacancy.occupation), selectinload(Vacancy.employer)))


def _pool_query(pool: str) -> sa.Select:
    pool = Pool(pool)
    if pool == Pool.VACANCIES:
        return open_vacancies()
    if pool == Pool.VISIBLE:
        return _active_profiles().where(CandidateProfile.visible_clause(date.today()))
    if pool.territory_id is not None:
        codes = sa.select(District.ubigeo).where(District.territory_id == pool.territory_id)
        return _active_profiles().where(CandidateProfile.district_code.in_(codes))
    return _active_profiles()  # Pool.ALL, for the programme admin


@dataclass(frozen=True)
class _Row:
    """One active profile as the pools need it: the matcher's view plus what selects it."""

    candidate: matcher.Candidate
    territory_id: int | None
    visible: bool


def _grouped(session: Session, statement) -> dict[int, list]:
    groups: dict[int, list] = {}
    for key, *values in session.execute(statement):
        groups.setdefault(key, []).append(values[0] if len(values) == 1 else values)
    return groups


def load_candidates(session: Session, today: date | None = None) -> list[_Row]:
    """Every active profile as plain data, in a handful of queries (no ORM objects).

    Each profile goes through :func:`candidate_from`, as :func:`to_candidate` does; at
    10,000 profiles this takes a fraction of a second where ORM objects took seconds.
    """
    p = CandidateProfile
    active = (sa.select(p.id).join(User, User.id == p.user_id)
              .where(p.processing_clause(), User.is_active.is_(True)))
    # Who employers may find: the one rule, worked out for the day the matcher is fitted
    # (fitted matchers are refitted each day, and ``candidates_for`` checks it again).
    visible = set(session.scalars(sa.select(p.id).where(
        p.id.in_(active.scalar_subquery()), p.visible_clause(today or date.today()))))
    return [_Row(candidate_from(facts, today), territory, facts.id in visible)
            for facts, territory in _bulk_facts(session, active.scalar_subquery())]


def _bulk_facts(session: Session, ids) -> list[tuple[ProfileFacts, int | None]]:
    """The facts of every profile whose id is in ``ids``, with its territory."""
    p = CandidateProfile
    skills = _grouped(session, sa.select(candidate_skills.c.profile_id, Skill.label_es)
                      .join(Skill, Skill.id == candidate_skills.c.skill_id)
                      .where(candidate_skills.c.profile_id.in_(ids)).order_by(Skill.code))
    certified = certified_skills(session, ids)
    languages = _grouped(session, sa.select(CandidateLanguage.profile_id,
                                            CandidateLanguage.language)
                         .where(CandidateLanguage.profile_id.in_(ids)))
    months = _grouped(session, sa.select(CandidateMonth.profile_id, CandidateMonth.month)
                      .where(CandidateMonth.profile_id.in_(ids)))
    wanted = _grouped(session, sa.select(candidate_occupations.c.profile_id,
                                         Occupation.label_es, Occupation.label_es_f)
                      .join(Occupation, Occupation.id == candidate_occupations.c.occupation_id)
                      .where(candidate_occupations.c.profile_id.in_(ids))
                      .order_by(Occupation.code))
    done = _grouped(session, sa.select(Experience.profile_id, Experience.title, Experience.kind,
                                       Experience.months, Occupation.label_es,
                                       Occupation.label_es_f, Experience.description)
                    .outerjoin(Occupation, Occupation.id == Experience.occupation_id)
                    .where(Experience.profile_id.in_(ids)).order_by(Experience.id))
    territory = dict(session.execute(sa.select(District.ubigeo, District.territory_id)).all())
    out = []
    for (pid, district, born, sex, education, about, travel, relocate) in session.execute(
            sa.select(p.id, p.district_code, p.birth_date, p.sex, p.education, p.about,
                      p.max_travel_km, p.willing_to_relocate)
            .where(p.id.in_(ids)).order_by(p.id)):
        facts = ProfileFacts(
            id=pid, district=district, birth_date=born, sex=_value(sex), education=education,
            about=about or "", max_travel_km=travel, willing_to_relocate=relocate,
            skills=tuple(skills.get(pid, ())), certified_skills=tuple(certified.get(pid, ())),
            languages=tuple(_value(lang) for lang in languages.get(pid, ())),
            months=tuple(months.get(pid, ())),
            desired=tuple(tuple(labels) for labels in wanted.get(pid, ())),
            work=tuple(WorkDone(title, _value(kind), n, (m, f) if m else None, text or "")
                       for title, kind, n, m, f, text in done.get(pid, ())))
        out.append((facts, territory.get(district)))
    return out


def _in_pool(row: _Row, pool: str) -> bool:
    pool = Pool(pool)
    if pool == Pool.VISIBLE:
        return row.visible
    if pool.territory_id is not None:
        return row.territory_id == pool.territory_id
    return True


def data_stamp(session: Session) -> tuple:
    """A cheap fingerprint of everything the matchers were fitted on."""
    def agg(table, column=None):
        parts = [sa.func.count()]
        if column is not None:
            parts.append(sa.func.max(column))
        return tuple(session.execute(sa.select(*parts).select_from(table)).one())

    return (agg(CandidateProfile, CandidateProfile.updated_at),
            agg(Vacancy, Vacancy.updated_at), agg(candidate_skills),
            agg(Experience, Experience.id), agg(VacancySkill), agg(Enrollment, Enrollment.id),
            agg(Employer, Employer.verified_at), _accounts(session),
            # A guardian's consent makes a minor visible without touching her profile.
            agg(Consent, Consent.id),
            # A course marked finished certifies its skills: a status change alone
            # moves neither the count nor the last id above.
            session.scalar(sa.select(sa.func.count()).select_from(Enrollment)
                           .where(Enrollment.status == EnrollmentStatus.COMPLETED)),
            agg(training_skills), _places(session))


def _places(session: Session) -> tuple:
    # The admin edits districts, travel times and courses: coordinates and hours change
    # reach. Sums weighted by the place move whenever one value does.
    from models import TravelLeg

    weight = sa.cast(TravelLeg.from_ubigeo, sa.Integer) % 97 + 1
    return (*session.execute(sa.select(sa.func.count(), sa.func.sum(
                District.latitude * 3 + District.longitude))).one(),
            *session.execute(sa.select(sa.func.count(),
                                       sa.func.sum(TravelLeg.hours * weight))).one(),
            # A course renamed by the admin is named so in the skill gaps.
            session.scalar(sa.select(sa.func.max(Training.updated_at))))


def _accounts(session: Session) -> tuple:
    # Deactivation and erasure change who may be ranked; sign-ins and sign-outs do not.
    return tuple(session.execute(sa.select(
        sa.func.count(), sa.func.count().filter(User.is_active.is_(True)),
        sa.func.max(User.erased_at))).one())


@dataclass
class _Fitted:
    matcher: matcher.Matcher
    day: date


class MatcherCache:
    """One fitted matcher per pool and process, refitted when the data changes."""

    def __init__(self) -> None:
        self._fitted: dict[str, _Fitted] = {}
        self._candidates: list[_Row] | None = None
        self._reference: dict | None = None
        self._checked = 0.0
        self._stamp: tuple | None = None
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._fitted.clear()
            self._candidates = None
            self._reference = None
            self._stamp = None

    def get(self, session: Session, pool: str) -> _Fitted:
        with self._lock:
            now = time.monotonic()
            if self._stamp is None or now - self._checked >= REFRESH_SECONDS:
                stamp = data_stamp(session)
                self._checked = now
                if stamp != self._stamp:
                    self._fitted.clear()
                    self._candidates = None
                    self._reference = None
                    self._stamp = stamp
            fitted = self._fitted.get(pool)
            if fitted is None or fitted.day != date.today():
                fitted = self._fitted[pool] = self._fit(session, pool)
            return fitted

    def reference(self, session: Session) -> dict:
        """The districts, travel times and taxonomy every matcher of this process is given."""
        with self._lock:
            return self._reference_data(session)

    def _reference_data(self, session: Session) -> dict:  # the caller holds the lock
        if self._reference is None:
            self._reference = reference_data(session)
        return self._reference

    def _fit(self, session: Session, pool: str) -> _Fitted:
        model = matcher.Matcher(**self._reference_data(session))
        if pool == Pool.VACANCIES:
            model.fit(vacancies=[to_vacancy(v) for v in session.scalars(open_vacancies())])
        else:
            if self._candidates is None:
                self._candidates = load_candidates(session)
            model.fit(candidates=[r.candidate for r in self._candidates if _in_pool(r, pool)])
        return _Fitted(model, date.today())

    def warm(self, session: Session, pools: tuple[str, ...]) -> None:
        """Fit ``pools`` now (at worker start) rather than inside someone's request."""
        for pool in pools:
            self.get(session, pool)


cache = MatcherCache()


def warm(session: Session) -> None:
    """Fit every pool a request may ask for, e.g. when a web worker starts."""
    from models import Territory

    territories = session.scalars(sa.select(Territory.id)).all()
    cache.warm(session, (Pool.VACANCIES, Pool.VISIBLE, Pool.ALL,
                         *(Pool.territory(t) for t in territories)))


# --- what the views ask for --------------------------------------------------------------------

def vacancies_for(session: Session, profile: CandidateProfile, k: int = 10) -> list[tuple]:
    """'Para ti': the open vacancies that fit this person best, with their reasons, leaving out
    those she already applied to (a withdrawn application she may send again, so it stays)."""
    if profile.consent_withdrawn:  # no ranking at all
        return []
    applied = jobs.applied_vacancy_ids(session, profile.id)
    fitted = cache.get(session, Pool.VACANCIES)
    # Ask for as many more as could be left out, so that k remain.
    matches = [m for m in fitted.matcher.rank_vacancies(to_candidate(profile), k=k + len(applied))
               if m.vacancy_id not in applied][:k]
    vacancies = {v.id: v for v in session.scalars(
        open_vacancies().where(Vacancy.id.in_([m.vacancy_id for m in matches])))}
    return [(vacancies[m.vacancy_id], m) for m in matches if m.vacancy_id in vacancies]


def candidates_for(session: Session, vacancy: Vacancy, pool: str, k: int = 20) -> list[tuple]:
    """The best candidates of ``pool`` for ``vacancy``, best first, with their reasons."""
    fitted = cache.get(session, pool)
    matches = fitted.matcher.rank_candidates(to_vacancy(vacancy), k=k)
    ids = [m.candidate_id for m in matches]
    profiles = {p.id: p for p in session.scalars(
        _pool_query(pool).where(CandidateProfile.id.in_(ids)))}
    return [(profiles[m.candidate_id], m) for m in matches if m.candidate_id in profiles]


def matches_among(session: Session, vacancy: Vacancy,
                  profiles: list[CandidateProfile]) -> dict[int, matcher.Match]:
    """Score these people (a vacancy's applicants) for ``vacancy``, by profile id, with reasons.

    A small matcher fitted on just them, with the same knowledge as the pools. Its free-text
    factor weighs words by how rare they are among the people fitted, so a score here can
    differ by a few points from the same pair's score in a pool's ranking (measured on the
    demo data: up to 6 points). People whose consent is withdrawn, and those a hard filter
    excludes, get no score.
    """
    people = [p for p in profiles if not p.consent_withdrawn]
    if not people:
        return {}
    model = matcher.Matcher(**cache.reference(session)).fit(
        candidates=[to_candidate(p) for p in people])
    return {m.candidate_id: m for m in model.rank_candidates(to_vacancy(vacancy),
                                                              k=len(people))}


def skill_gaps_for(session: Session, profile: CandidateProfile, k: int = 3):
    """The few skills that would open the most vacancies near the person, with the trainings
    of the person's own CDE (or of no CDE in particular) that teach them and that the person
    has not finished already."""
    fitted = cache.get(session, Pool.VACANCIES)
    gaps = fitted.matcher.skill_gaps(to_candidate(profile), k=k)
    territory = profile.district.territory_id if profile.district else None
    finished = _finished_courses([profile.id]).with_only_columns(Enrollment.training_id)
    offered = set(session.scalars(sa.select(Training.title).where(
        sa.or_(Training.territory_id.is_(None), Training.territory_id == territory),
        Training.id.not_in(finished))))
    return [dataclasses.replace(gap, trainings=tuple(t for t in gap.trainings if t in offered))
            for gap in gaps]


SHOWN_REASONS = 4


def _sentences(reason: matcher.Reason) -> dict:
    return {"text": reason.text, "text_en": reason.text_en,
            "text_you": reason.text_you, "text_you_en": reason.text_you_en}


def explanation_snapshot(match: matcher.Match) -> dict:
    """The score and reasons as plain JSON, kept on an application when it is proposed.

    ``reasons`` keeps every factor (their contributions add up to the score); ``shown``
    keeps the few sentences the pages show, in both languages, as they read that day: about
    the person (``text``, ``text_en``) and said to her (``text_you``, ``text_you_en``).
    """
    shown = match.top_reasons(SHOWN_REASONS)
    return {"score": round(match.score, 4),
            "reasons": [{"factor": r.factor, "contribution": round(r.contribution, 4),
                         **_sentences(r)}
                        for r in match.reasons],
            "shown": [_sentences(r) for r in shown],
            "missing_skills": list(match.missing_skills)}
