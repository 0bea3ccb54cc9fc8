"""Finding work and following applications, from the youth's side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from matcher.features import haversine_km
from matcher.text import normalize_text
from models import (
    OPEN_STAGES,
    Application,
    CandidateProfile,
    District,
    Employer,
    EmployerStatus,
    Occupation,
    RefusalReason,
    Source,
    Stage,
    StageEvent,
    Vacancy,
    VacancySkill,
    VacancyStatus,
)
from models.candidate import ADULT_AGE

from . import reference, taxonomy
from .access import NotFound, is_disclosable
from .profiles import own_profile

PAGE_SIZE = 10
MAX_TERMS = 5

# A youth may withdraw from any case still waiting for a decision.
WITHDRAWABLE = OPEN_STAGES


class ApplicationError(ValueError):
    """An application that cannot be made or changed; the message is for the person."""


# --- distances ------------------------------------------------------------------------------

def distance_km(a: District | None, b: District | None) -> int | None:
    """Whole kilometres between two districts' centres, or None when either is unknown."""
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return round(float(haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)))


# --- searching ------------------------------------------------------------------------------

# SQLite's lower() folds ASCII only, so accents are replaced before lowering, on both engines.
_SQL_FOLD = (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ü", "u"),
             ("ñ", "n"), ("Á", "a"), ("É", "e"), ("Í", "i"), ("Ó", "o"), ("Ú", "u"),
             ("Ü", "u"), ("Ñ", "n"))


def _folded(column) -> sa.ColumnElement:
    expression = column
    for accented, plain in _SQL_FOLD:
        expression = sa.func.replace(expression, accented, plain)
    return sa.func.lower(expression)


def search_terms(words: str) -> list[str]:
    """The first few words of a search, accent-folded, letters and digits only."""
    terms = re.findall(r"[^\W_]+", normalize_text(words or ""))
    return [t for t in terms if len(t) >= 2][:MAX_TERMS]


def open_vacancies(today: date) -> sa.Select:
    """Vacancies a youth may see and apply to: open, not past closing, verified employer."""
    return (sa.select(Vacancy).join(Employer, Employer.id == Vacancy.employer_id)
            .where(Vacancy.status == VacancyStatus.OPEN,
                   sa.or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= today),
                   Employer.status == EmployerStatus.VERIFIED))


@dataclass(frozen=True)
class VacancyRow:
    vacancy: Vacancy
    km: int | None


@dataclass(frozen=True)
class VacancyPage:
    rows: list[VacancyRow]
    total: int
    page: int
    pages: int
    adults_only_hidden: bool


def search_vacancies(session: Session, user_id: int, words: str = "",
                     district: str | None = None, occupation: str | None = None,
                     page: int = 1, nearest_first: bool = True,
                     today: date | None = None) -> VacancyPage:
    """Open vacancies matching the filters, nearest to the person first, one page at a time."""
    today = today or date.today()
    profile = own_profile(session, user_id)
    query = open_vacancies(today)
    terms = search_terms(words)
    if terms:
        # Every word in the title or description, or an occupation the words name (by a
        # synonym or with a slip: "cosina" finds the cooks), as the matcher understands it.
        literal = sa.and_(*(sa.or_(_folded(Vacancy.title).like(f"%{term}%"),
                                   _folded(Vacancy.description).like(f"%{term}%"))
                            for term in terms))
        meant = taxonomy.occupations_meant(" ".join(terms))
        if meant:
            literal = sa.or_(literal, Vacancy.occupation_id.in_(
                sa.select(Occupation.id).where(Occupation.code.in_(meant))))
        query = query.where(literal)
    if district:
        query = query.where(Vacancy.district_code == district)
    if occupation:
        query = query.join(Occupation, Occupation.id == Vacancy.occupation_id).where(
            Occupation.code == occupation)
    # Nobody is shown offers they could not apply to because of their age.
    age = profile.age_on(today)
    if age is not None:
        query = query.where(Vacancy.min_age <= age)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    home = profile.district
    distances = {}
    if home is not None:
        distances = {d.ubigeo: distance_km(home, d) for d in session.scalars(sa.select(District))}
    order = [Vacancy.published_at.desc().nulls_last(), Vacancy.id.desc()]
    if nearest_first and distances:
        # Few districts, so the distances are worked out here and handed to SQL as a CASE.
        known = {code: km for code, km in distances.items() if km is not None}
        order.insert(0, sa.case(known, value=Vacancy.district_code, else_=100_000))
    vacancies = session.scalars(
        query.options(selectinload(Vacancy.employer), selectinload(Vacancy.district),
                      selectinload(Vacancy.occupation))
        .order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    rows = [VacancyRow(v, distances.get(v.district_code) if home else None) for v in vacancies]
    return VacancyPage(rows, total, page, pages, age is not None and age < ADULT_AGE)


SEARCH_WORDS_MAX = 80


@dataclass(frozen=True)
class SearchPage:
    """The job search page: the results, the drop-downs' choices, and the filters applied
    (an unknown district or occupation, or overlong words, are left out, never an error)."""

    result: VacancyPage
    districts: list[tuple[str, str, str]]
    occupations: list[tuple[str, str]]
    applied: dict[str, str]
    has_district: bool


def search_page(session: Session, user_id: int, words: str = "", district: str | None = None,
                occupation: str | None = None, page: int | None = 1,
                nearest_first: bool = True) -> SearchPage:
    """Everything the person's job search shows, in one call."""
    profile = own_profile(session, user_id)
    districts = reference.district_choices(session)
    occupations = occupation_choices(session, profile.sex.value if profile.sex else None)
    words = words if len(words or "") <= SEARCH_WORDS_MAX else ""
    district = district if district in {code for code, *_ in districts} else None
    occupation = occupation if occupation in {code for code, _ in occupations} else None
    result = search_vacancies(session, user_id, words=words, district=district,
                              occupation=occupation, page=page or 1,
                              nearest_first=nearest_first)
    applied = {k: v for k, v in (("q", words), ("distrito", district),
                                 ("ocupacion", occupation),
                                 ("orden", None if nearest_first else "recientes")) if v}
    return SearchPage(result, districts, occupations, applied,
                      profile.district_code is not None)


# --- one vacancy ----------------------------------------------------------------------------

def refusal(profile: CandidateProfile, vacancy: Vacancy, today: date,
            disclosable: bool = True) -> str | None:
    """Why the person may not apply to ``vacancy`` today, in plain Spanish; None if they may.

    ``disclosable`` is ``access.is_disclosable`` for the person today: an employer could not
    see an application from someone who withdrew consent, or from a minor whose guardian's
    consent is not on record, so neither may apply.
    """
    past = vacancy.closes_on is not None and vacancy.closes_on < today
    if vacancy.status != VacancyStatus.OPEN or past or not vacancy.employer.is_verified:
        return _("Esta oferta ya cerró y no recibe más postulaciones.")
    if profile.consent_withdrawn:
        return _("Retiraste tu permiso para que Chamba use tus datos, así que no puedes "
                 "postular. Si quieres postular, da tu permiso otra vez en «Mis datos».")
    age = profile.age_on(today)
    if age is None:
        return _("Completa tu fecha de nacimiento en tu perfil para poder postular.")
    adolescent_barred = age < ADULT_AGE and (
        vacancy.min_age >= ADULT_AGE
        or (vacancy.occupation is not None and not vacancy.occupation.adolescent_permitted))
    if adolescent_barred:
        return _("Esta oferta es solo para personas mayores de 18 años. Busca las ofertas "
                 "que dicen «Desde 15 años».")
    if age < vacancy.min_age:
        return _("Esta oferta pide tener al menos %(age)d años.", age=vacancy.min_age)
    if not disclosable:
        return _("Para postular necesitas el permiso de tu madre, padre o apoderado. Escribe "
                 "su nombre en tu perfil, en «Fecha de nacimiento».")
    return None


@dataclass(frozen=True)
class VacancyDetail:
    vacancy: Vacancy
    km: int | None
    application: Application | None
    refusal: str | None
    skill_codes: frozenset[str]

    @property
    def may_apply(self) -> bool:
        """Whether the page offers the form: no case yet, or one withdrawn, and not refused."""
        return self.refusal is None and (self.application is None
                                         or self.application.stage == Stage.WITHDRAWN)


def vacancy_for_youth(session: Session, user_id: int, vacancy_id: int,
                      today: date | None = None) -> VacancyDetail:
    """One vacancy as the person sees it: distance, their application, whether they may apply.

    Drafts and vacancies of unverified employers answer NotFound; closed ones stay readable
    so that people can see what became of the offers they applied to.
    """
    today = today or date.today()
    profile = own_profile(session, user_id)
    vacancy = session.scalar(
        sa.select(Vacancy).join(Employer, Employer.id == Vacancy.employer_id)
        .where(Vacancy.id == vacancy_id, Vacancy.status != VacancyStatus.DRAFT,
               Employer.status == EmployerStatus.VERIFIED)
        .options(selectinload(Vacancy.skill_links).selectinload(VacancySkill.skill)))
    application = session.scalar(sa.select(Application).where(
        Application.profile_id == profile.id, Application.vacancy_id == vacancy_id))
    if vacancy is None and application is not None:
        vacancy = application.vacancy
    if vacancy is None:
        raise NotFound(vacancy_id)
    return VacancyDetail(vacancy, distance_km(profile.district, vacancy.district), application,
                         refusal(profile, vacancy, today,
                                 is_disclosable(session, profile, today)),
                         frozenset(s.code for s in profile.skills))


def apply(session: Session, user_id: int, vacancy_id: int, message: str = "",
          today: date | None = None) -> Application:
    """Apply to an open vacancy: the application and its first history step, in one commit."""
    today = today or date.today()
    message = (message or "").strip()
    if len(message) > 500:
        raise ApplicationError(_("Tu mensaje puede tener como máximo 500 caracteres."))
    profile = own_profile(session, user_id)
    vacancy = session.scalar(sa.select(Vacancy).where(Vacancy.id == vacancy_id,
                                                      Vacancy.status != VacancyStatus.DRAFT))
    if vacancy is None:
        raise NotFound(vacancy_id)
    already = _already_applied()
    earlier = session.scalar(sa.select(Application).where(
        Application.profile_id == profile.id, Application.vacancy_id == vacancy.id))
    if earlier is not None and earlier.stage != Stage.WITHDRAWN:
        raise ApplicationError(already)
    reason = refusal(profile, vacancy, today, is_disclosable(session, profile, today))
    if reason:
        raise ApplicationError(reason)
    if earlier is not None:
        return _reapply(session, earlier, user_id, message)
    application = Application(profile=profile, vacancy=vacancy, source=Source.SELF,
                              stage=Stage.RECEIVED, message=message, created_by_id=user_id)
    application.events.append(StageEvent(from_stage=None, to_stage=Stage.RECEIVED,
                                         actor_id=user_id))
    session.add(application)
    try:
        session.commit()
    except IntegrityError:
        # A double tap raced past the check above; the unique constraint kept only one.
        session.rollback()
        raise ApplicationError(already) from None
    return application


def _already_applied() -> str:
    return _("Ya postulaste a esta oferta. Mira cómo va en «Mis postulaciones».")


def _reapply(session: Session, application: Application, user_id: int,
             message: str) -> Application:
    """Open again a case the person withdrew (by mistake, often): received, history kept.

    There is one case per person and vacancy (a unique constraint), so a second application
    is the same case coming back, its history saying so; the employer sees it as new.
    """
    session.refresh(application, with_for_update=True)
    if application.stage != Stage.WITHDRAWN:  # a double tap reopened it already
        session.rollback()
        raise ApplicationError(_already_applied())
    application.events.append(StageEvent(from_stage=Stage.WITHDRAWN, to_stage=Stage.RECEIVED,
                                         actor_id=user_id))
    application.stage = Stage.RECEIVED
    application.refusal_reason = None
    application.message = message
    session.commit()
    return application


def applied_vacancy_ids(session: Session, profile_id: int) -> set[int]:
    """The vacancies the person has a case for, at any stage but withdrawn: a withdrawn case
    she may send again (see ``apply``), so that vacancy may be offered to her again."""
    return set(session.scalars(sa.select(Application.vacancy_id).where(
        Application.profile_id == profile_id, Application.stage != Stage.WITHDRAWN)))


def may_reapply(application: Application, today: date | None = None) -> bool:
    """Whether the person may apply again to a vacancy they withdrew from: still open to them."""
    return (application.stage == Stage.WITHDRAWN
            and refusal(application.profile, application.vacancy, today or date.today()) is None)


# --- the person's applications --------------------------------------------------------------

def applications_of(session: Session, user_id: int, limit: int | None = None) -> list[Application]:
    """The person's own applications, newest first."""
    query = (sa.select(Application).join(CandidateProfile)
             .where(CandidateProfile.user_id == user_id)
             .options(selectinload(Application.vacancy).selectinload(Vacancy.employer),
                      selectinload(Application.vacancy).selectinload(Vacancy.district))
             .order_by(Application.created_at.desc(), Application.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


@dataclass(frozen=True)
class ApplicationsPage:
    applications: list[Application]
    reopenable: frozenset[int]  # withdrawn cases whose vacancy still takes the person


def applications_page(session: Session, user_id: int,
                      today: date | None = None) -> ApplicationsPage:
    """The person's applications, and which withdrawn ones they may send again."""
    applications = applications_of(session, user_id)
    return ApplicationsPage(applications, frozenset(
        a.id for a in applications if may_reapply(a, today)))


def own_application(session: Session, user_id: int, application_id: int) -> Application:
    """One of the person's applications; anyone else's answers NotFound."""
    application = session.scalar(
        sa.select(Application).join(CandidateProfile)
        .where(Application.id == application_id, CandidateProfile.user_id == user_id))
    if application is None:
        raise NotFound(application_id)
    return application


def withdraw(session: Session, user_id: int, application_id: int) -> Application:
    """Withdraw an application that is still in progress, recording the step in its history."""
    application = own_application(session, user_id, application_id)
    if application.stage not in WITHDRAWABLE or not application.can_move_to(Stage.WITHDRAWN):
        raise ApplicationError(_("Esta postulación ya terminó; no se puede retirar."))
    application.events.append(StageEvent(from_stage=application.stage,
                                         to_stage=Stage.WITHDRAWN,
                                         reason=RefusalReason.WITHDREW, actor_id=user_id))
    application.stage = Stage.WITHDRAWN
    session.commit()
    return application


def occupation_choices(session: Session, sex: str | None = None) -> list[tuple[str, str]]:
    """Active occupations as (code, label in the person's gender), sorted by label."""
    rows = [(o.code, o.label_for(sex)) for o in
            session.scalars(sa.select(Occupation).where(Occupation.is_active))]
    return sorted(rows, key=lambda row: normalize_text(row[1]))
