"""An employer's vacancies: write them, publish, close, reopen, mark filled, copy.

The rules that need no database (pay, closing date, adolescents) are plain
functions returning a Spanish message or ``None``, so the form shows them next
to the field and the service enforces them again before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.numbers import format_decimal
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    CandidateProfile,
    ContractType,
    District,
    EducationLevel,
    Employer,
    EmployerStatus,
    Language,
    Notification,
    NotificationChannel,
    Occupation,
    PayPeriod,
    Role,
    Skill,
    Stage,
    User,
    Vacancy,
    VacancyLanguage,
    VacancyMonth,
    VacancySkill,
    VacancyStatus,
    utcnow,
)
from models.base import DAY_PART_BITS
from models.candidate import ADULT_AGE, MIN_AGE

from ..labels import PAY_PERIOD_LABELS, STATUS_LABELS
from . import access, reference, taxonomy

# Peru's Remuneración Mínima Vital, S/ a month for a full working day, since 1 January 2025
# (Decreto Supremo 006-2024-TR). Change it here when the government raises it.
MINIMUM_WAGE_MONTHLY = Decimal("1130")
# The law's own conversion: a month is 30 days, a day 8 hours.
DAYS_PER_MONTH = 30
HOURS_PER_DAY = 8
# Anything above this per month is a typing mistake, not an offer.
MAX_PAY_MONTHLY = Decimal("50000")

TITLE_MAX = 120
DESCRIPTION_MAX = 3000
MAX_SKILLS = 15
MAX_POSITIONS = 500
CLOSING_HORIZON_DAYS = 365
NIGHT = DAY_PART_BITS["noche"]
LIMA = ZoneInfo("America/Lima")

# Which status may follow which, from the employer's buttons.
STATUS_TRANSITIONS: dict[VacancyStatus, frozenset[VacancyStatus]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.OPEN}),
    VacancyStatus.OPEN: frozenset({VacancyStatus.CLOSED, VacancyStatus.FILLED}),
    VacancyStatus.CLOSED: frozenset({VacancyStatus.OPEN, VacancyStatus.FILLED}),
    VacancyStatus.FILLED: frozenset({VacancyStatus.OPEN}),
}

class VacancyError(ValueError):
    """A vacancy change that cannot be made; the message is for the employer, in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def today() -> date:
    """Today's date in Peru, whatever the server's clock zone."""
    return datetime.now(LIMA).date()


# --- rules without the database --------------------------------------------------------------

def monthly_equivalent(amount: Decimal, period: PayPeriod) -> Decimal:
    """Convert pay per ``period`` to a month, the way the minimum wage is counted."""
    if period == PayPeriod.DAY:
        return amount * DAYS_PER_MONTH
    if period == PayPeriod.HOUR:
        return amount * DAYS_PER_MONTH * HOURS_PER_DAY
    return amount


def minimum_for(period: PayPeriod) -> Decimal:
    """The minimum wage per ``period``, rounded to the cent."""
    per = {PayPeriod.MONTH: 1, PayPeriod.DAY: DAYS_PER_MONTH,
           PayPeriod.HOUR: DAYS_PER_MONTH * HOURS_PER_DAY}[period]
    return (MINIMUM_WAGE_MONTHLY / per).quantize(Decimal("0.01"))


def pay_problem(amount: Decimal, period: PayPeriod) -> str | None:
    """Say why ``amount`` per ``period`` cannot be offered, or None when it can."""
    if amount < 0:
        return _("El pago no puede ser negativo.")
    if amount == 0:
        return _("Escriba cuánto pagará: el trabajo sin pago no se publica en Chamba.")
    if monthly_equivalent(amount, period) > MAX_PAY_MONTHLY:
        return _("Ese pago parece un error: equivale a más de S/ 50,000 al mes. Revise la cifra.")
    return None


# How each contract is paid, where the law or the word itself says so: a "jornal" is a day's
# pay, and an internship's "subvención" is monthly (Ley 28518). Other contracts take any period.
CONTRACT_PAY_PERIODS = {
    ContractType.PER_DAY: frozenset({PayPeriod.DAY}),
    ContractType.INTERNSHIP: frozenset({PayPeriod.MONTH}),
}


def contract_pay_problem(contract: ContractType, period: PayPeriod) -> str | None:
    """Say why pay per ``period`` contradicts ``contract`` (no jornal at S/ 1,300 a month)."""
    allowed = CONTRACT_PAY_PERIODS.get(contract)
    if allowed is None or period in allowed:
        return None
    if contract == ContractType.PER_DAY:
        return _("Un jornal se paga por día. Elija «al día» y escriba el pago de un día, o "
                 "elija otro tipo de contrato.")
    return _("Las prácticas se pagan con una subvención mensual. Elija «al mes» y escriba el "
             "monto del mes.")


def below_minimum_wage(amount: Decimal, period: PayPeriod) -> bool:
    return monthly_equivalent(amount, period) < MINIMUM_WAGE_MONTHLY


def soles(amount: Decimal) -> str:
    """Soles the Peruvian way, whatever the interface language: S/ 1,130.00."""
    return "S/ " + format_decimal(amount, format="#,##0.00", locale="es_PE")


def minimum_wage_warning(period: PayPeriod) -> str:
    """The warning shown when the pay is legal to type but below the minimum wage."""
    return _("El pago es menor que la Remuneración Mínima Vital (%(monthly)s al mes por jornada "
             "completa, es decir %(minimum)s %(period)s). Guardamos la oferta, pero revise el "
             "pago: la ley lo exige y más jóvenes postularán.",
             monthly=soles(MINIMUM_WAGE_MONTHLY), minimum=soles(minimum_for(period)),
             period=PAY_PERIOD_LABELS[period])


def closing_date_problem(closes_on: date | None, on: date) -> str | None:
    """Say why ``closes_on`` is not a usable closing date as of ``on``, or None."""
    if closes_on is None:
        return None
    if closes_on < on:
        return _("La fecha de cierre no puede estar en el pasado.")
    if closes_on > on + timedelta(days=CLOSING_HORIZON_DAYS):
        return _("La fecha de cierre no puede ser más de un año después de hoy.")
    return None


def night_problem(adolescents: bool, day_parts: int) -> str | None:
    """Adolescents may not work at night (Código de los Niños y Adolescentes)."""
    if adolescents and day_parts & NIGHT:
        return _("Los adolescentes de 15 a 17 años no pueden trabajar de noche. Quite el turno "
                 "de noche o no acepte adolescentes.")
    return None


def adolescent_problem(occupation: Occupation | None, adolescents: bool,
                       day_parts: int) -> str | None:
    """Say why this vacancy cannot accept 15–17-year-olds, or None."""
    if not adolescents:
        return None
    if occupation is None or not occupation.adolescent_permitted:
        return _("Esta ocupación no está permitida para adolescentes de 15 a 17 años. Quite esa "
                 "marca o elija una ocupación de trabajo ligero.")
    return night_problem(adolescents, day_parts)


# --- the taxonomy, for the form --------------------------------------------------------------

def _by_codes(session: Session, model, codes: list[str]) -> list:
    """Active rows of ``model`` for ``codes``, in the order of ``codes``."""
    rows = {row.code: row for row in session.scalars(
        sa.select(model).where(model.code.in_(codes), model.is_active))}
    return [rows[code] for code in codes if code in rows]


def search_occupations(session: Session, query: str, limit: int = 8) -> list[Occupation]:
    """Occupations whose label, feminine form or a synonym matches ``query``, best first."""
    return _by_codes(session, Occupation, [
        hit.code for hit in taxonomy.search_occupations(session, query, limit=limit)])


def search_skills(session: Session, query: str, limit: int = 10) -> list[Skill]:
    """Skills whose label or a synonym matches ``query``, accent- and case-insensitive."""
    return _by_codes(session, Skill, [
        hit.code for hit in taxonomy.search_skills(session, query, limit=limit)])


@dataclass(frozen=True)
class FormChoices:
    """What the vacancy form needs from the database to draw itself after any button."""

    occupation: Occupation | None  # the occupation the form holds now
    chosen_code: str | None  # set when a pick or an unambiguous search chose one
    occupation_hits: list[Occupation]
    skill_hits: list[Skill]
    occupations: list[tuple[str, str, str]]
    districts: list[tuple[str, str, str]]
    skill_pool: list[Skill]  # the occupation's skills, those already chosen, and the hits


def own_vacancy_or_none(session: Session, viewer: User, vacancy_id: int | None) -> Vacancy | None:
    """The viewer's vacancy being edited (NotFound if not theirs), or None for a new one."""
    return None if vacancy_id is None else get_vacancy_for(session, viewer, vacancy_id)


def form_choices(session: Session, *, action: str | None, picked: str | None,
                 occupation_code: str | None, occupation_query: str, skill_query: str,
                 skill_codes: Iterable[str]) -> FormChoices:
    """Answer the vacancy form's buttons: pick or search an occupation, search skills.

    A search with one result, or with one result that is exactly what was typed, picks
    it without asking.
    """
    chosen, occupation_hits, skill_hits = None, [], []
    if picked and occupation_by_code(session, picked):
        chosen = picked
    elif action == "search_occupation":
        hits = taxonomy.search_occupations(session, occupation_query, limit=8)
        exact = [hit for hit in hits if hit.exact]
        if len(hits) == 1 or len(exact) == 1:
            chosen = (exact or hits)[0].code
        else:
            occupation_hits = _by_codes(session, Occupation, [hit.code for hit in hits])
    elif action == "search_skill":
        skill_hits = search_skills(session, skill_query)
    occupation = occupation_by_code(session, chosen or occupation_code)
    pool = {s.code: s for s in (occupation.skills if occupation else [])}
    for skill in skills_by_codes(session, skill_codes) + skill_hits:
        pool.setdefault(skill.code, skill)
    return FormChoices(occupation, chosen, occupation_hits, skill_hits,
                       occupation_options(session), reference.district_choices(session),
                       list(pool.values()))


def occupation_options(session: Session) -> list[tuple[str, str, str]]:
    """Every active occupation as (code, 'mesero / mesera', sector), by sector then label."""
    rows = session.execute(sa.select(Occupation.code, Occupation.label_es, Occupation.label_es_f,
                                     Occupation.sector).where(Occupation.is_active)
                           .order_by(Occupation.sector, Occupation.label_es))
    return [(code, m if m == f else f"{m} / {f}", sector) for code, m, f, sector in rows]


def occupation_by_code(session: Session, code: str | None) -> Occupation | None:
    if not code:
        return None
    return session.scalar(sa.select(Occupation).where(Occupation.code == code,
                                                      Occupation.is_active))


def skills_by_codes(session: Session, codes: Iterable[str]) -> list[Skill]:
    """The active skills among ``codes``, in label order; unknown codes are dropped."""
    codes = list(dict.fromkeys(codes))
    if not codes:
        return []
    return list(session.scalars(sa.select(Skill).where(Skill.code.in_(codes), Skill.is_active)
                                .order_by(Skill.label_es)))


# --- reading ---------------------------------------------------------------------------------

def get_vacancy_for(session: Session, viewer: User, vacancy_id: int) -> Vacancy:
    """Return the vacancy if ``viewer`` may manage it; else raise ``access.NotFound``."""
    vacancy = session.scalar(access.vacancies_visible_to(viewer).where(Vacancy.id == vacancy_id)
                             .options(selectinload(Vacancy.skill_links)
                                      .selectinload(VacancySkill.skill),
                                      selectinload(Vacancy.languages),
                                      selectinload(Vacancy.months)))
    if vacancy is None:
        raise access.NotFound(vacancy_id)
    return vacancy


@dataclass(frozen=True)
class VacancyRow:
    vacancy: Vacancy
    applicants: int
    waiting: int  # received or proposed, not yet looked at
    next_step: str


def _next_step(vacancy: Vacancy, employer: Employer, waiting: int, on: date) -> str:
    if vacancy.status == VacancyStatus.DRAFT:
        if employer.status == EmployerStatus.VERIFIED:
            return _("Revise los datos y publíquela.")
        return _("Podrá publicarla cuando el CDE verifique su negocio.")
    if vacancy.status == VacancyStatus.OPEN:
        if vacancy.closes_on and vacancy.closes_on < on:
            return _("La fecha de cierre ya pasó: ciérrela o cambie la fecha.")
        if waiting:
            return ngettext("Tiene %(num)d postulante por revisar.",
                            "Tiene %(num)d postulantes por revisar.", waiting)
        return _("Espere postulantes; el CDE también puede proponerle jóvenes.")
    if vacancy.status == VacancyStatus.CLOSED:
        return _("Si contrató, márquela como cubierta; si no, puede reabrirla.")
    return _("Puede duplicarla para la próxima temporada.")


def employer_overview(session: Session, viewer: User) -> list[VacancyRow]:
    """The employer's vacancies, newest first, with applicant counts and what to do next."""
    employer = viewer.employer
    # Counted as the applicants list shows them: only people the employer may see.
    counts = (sa.select(Application.vacancy_id, sa.func.count().label("n"),
                        sa.func.count().filter(Application.stage.in_(
                            (Stage.RECEIVED, Stage.PROPOSED))).label("waiting"))
              .join(CandidateProfile, CandidateProfile.id == Application.profile_id)
              .where(CandidateProfile.disclosable_clause(today()))
              .group_by(Application.vacancy_id).subquery())
    rows = session.execute(
        access.vacancies_visible_to(viewer)
        .add_columns(sa.func.coalesce(counts.c.n, 0), sa.func.coalesce(counts.c.waiting, 0))
        .outerjoin(counts, counts.c.vacancy_id == Vacancy.id)
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc()))
    on = today()
    return [VacancyRow(v, n, w, _next_step(v, employer, w, on)) for v, n, w in rows]


# --- writing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class VacancyData:
    """What the vacancy form says, as plain values."""

    title: str
    occupation_code: str
    district_code: str
    pay_pen: Decimal
    pay_period: PayPeriod
    contract_type: ContractType
    description: str = ""
    required_skills: tuple[str, ...] = ()
    desired_skills: tuple[str, ...] = ()
    positions: int = 1
    months: frozenset[int] = frozenset()
    day_parts: int = 0
    languages: frozenset[Language] = frozenset()
    min_education: int = 0
    adolescents: bool = False
    closes_on: date | None = None


@dataclass(frozen=True)
class Saved:
    vacancy: Vacancy
    warnings: list[str] = field(default_factory=list)


def _check(session: Session, data: VacancyData, status: VacancyStatus) -> Occupation:
    """Raise VacancyError for the first thing wrong with ``data``; return its occupation."""
    title = data.title.strip()
    if not title or len(title) > TITLE_MAX:
        raise VacancyError(_("Escriba un título de hasta 120 caracteres."), "title")
    if len(data.description) > DESCRIPTION_MAX:
        raise VacancyError(_("La descripción puede tener hasta 3000 caracteres."), "description")
    occupation = occupation_by_code(session, data.occupation_code)
    if occupation is None:
        raise VacancyError(_("Elija una ocupación de la lista."), "occupation")
    if session.get(District, data.district_code) is None:
        raise VacancyError(_("Elija un distrito de la lista."), "district")
    codes = set(data.required_skills) | set(data.desired_skills)
    if len(skills_by_codes(session, codes)) != len(codes):
        raise VacancyError(_("Elija habilidades de la lista."), "required_skills")
    if len(codes) > MAX_SKILLS:
        raise VacancyError(_("Elija como máximo 15 habilidades."), "required_skills")
    if not 1 <= data.positions <= MAX_POSITIONS:
        raise VacancyError(_("El número de puestos va de 1 a 500."), "positions")
    if not data.months <= set(range(1, 13)):
        raise VacancyError(_("Elija meses de la lista."), "months")
    if not 0 <= data.day_parts <= 7:
        raise VacancyError(_("Elija turnos de la lista."), "day_parts")
    problem = pay_problem(data.pay_pen, data.pay_period)
    if problem:
        raise VacancyError(problem, "pay")
    problem = contract_pay_problem(data.contract_type, data.pay_period)
    if problem:
        raise VacancyError(problem, "pay_period")
    if data.min_education not in set(EducationLevel):
        raise VacancyError(_("Elija un nivel de estudios de la lista."), "min_education")
    problem = adolescent_problem(occupation, data.adolescents, data.day_parts)
    if problem:
        raise VacancyError(problem, "adolescents")
    problem = closing_date_problem(data.closes_on, today())
    if problem:
        raise VacancyError(problem, "closes_on")
    if status == VacancyStatus.OPEN and data.closes_on is None:
        raise VacancyError(_("Una oferta publicada necesita una fecha de cierre."), "closes_on")
    return occupation


def _apply(session: Session, vacancy: Vacancy, data: VacancyData,
           occupation: Occupation) -> list[str]:
    vacancy.title = data.title.strip()
    vacancy.occupation = occupation
    vacancy.description = data.description.strip()
    vacancy.positions = data.positions
    vacancy.district_code = data.district_code
    vacancy.day_parts = data.day_parts
    vacancy.pay_pen = data.pay_pen
    vacancy.pay_period = data.pay_period
    vacancy.contract_type = data.contract_type
    vacancy.min_education = int(data.min_education)
    vacancy.min_age = MIN_AGE if data.adolescents else ADULT_AGE
    vacancy.closes_on = data.closes_on

    # Links are diffed, not replaced: the same key deleted and re-added in one flush collides.
    required = set(data.required_skills)
    wanted = {s.id: s.code in required
              for s in skills_by_codes(session, required | set(data.desired_skills))}
    for link in list(vacancy.skill_links):
        if link.skill_id in wanted:
            link.required = wanted.pop(link.skill_id)
        else:
            vacancy.skill_links.remove(link)
    for skill_id, is_required in wanted.items():
        vacancy.skill_links.append(VacancySkill(skill_id=skill_id, required=is_required))
    vacancy.languages = _diff(vacancy.languages, set(data.languages),
                              lambda row: row.language, lambda v: VacancyLanguage(language=v))
    vacancy.months = _diff(vacancy.months, set(data.months),
                           lambda row: row.month, lambda v: VacancyMonth(month=v))

    if below_minimum_wage(data.pay_pen, data.pay_period):
        return [minimum_wage_warning(data.pay_period)]
    return []


def _diff(rows, wanted: set, key, make) -> list:
    kept = [row for row in rows if key(row) in wanted]
    have = {key(row) for row in kept}
    return kept + [make(v) for v in sorted(wanted - have)]


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise VacancyError(_("No pudimos guardar la oferta. Revise los datos e inténtelo otra "
                             "vez.")) from None


def create_vacancy(session: Session, employer: Employer, data: VacancyData) -> Saved:
    """Save a new draft for ``employer``; warn (but save) when pay is below the minimum wage."""
    occupation = _check(session, data, VacancyStatus.DRAFT)
    vacancy = Vacancy(employer=employer, status=VacancyStatus.DRAFT)
    session.add(vacancy)
    warnings = _apply(session, vacancy, data, occupation)
    _commit(session)
    return Saved(vacancy, warnings)


def update_vacancy(session: Session, vacancy: Vacancy, data: VacancyData) -> Saved:
    """Change a vacancy's details; its status stays as it is."""
    occupation = _check(session, data, vacancy.status)
    warnings = _apply(session, vacancy, data, occupation)
    _commit(session)
    return Saved(vacancy, warnings)


def save_vacancy(session: Session, employer: Employer, vacancy: Vacancy | None,
                 data: VacancyData) -> Saved:
    """Create a draft when ``vacancy`` is None, else update it."""
    if vacancy is None:
        return create_vacancy(session, employer, data)
    return update_vacancy(session, vacancy, data)


def change_status(session: Session, viewer: User, vacancy_id: int,
                  status: VacancyStatus | str) -> Vacancy:
    """Publish, close, reopen or mark filled the viewer's own vacancy, if the lifecycle and
    the employer allow it; another's vacancy answers NotFound, an unknown status VacancyError."""
    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    try:
        status = VacancyStatus(status)
    except ValueError:
        raise VacancyError(_("Elija un estado de la lista.")) from None
    if status not in STATUS_TRANSITIONS[vacancy.status]:
        raise VacancyError(_("Una oferta «%(now)s» no puede pasar a «%(to)s».",
                             now=STATUS_LABELS[vacancy.status], to=STATUS_LABELS[status]))
    if status == VacancyStatus.OPEN:
        employer = vacancy.employer
        if employer.status == EmployerStatus.REJECTED:
            raise VacancyError(_("El CDE no verificó su negocio, así que no puede publicar "
                                 "ofertas. Motivo: %(why)s", why=employer.decision_note or "—"))
        if employer.status != EmployerStatus.VERIFIED:
            raise VacancyError(_("El CDE debe verificar su negocio antes de que pueda publicar. "
                                 "Su oferta queda guardada como borrador."))
        if vacancy.closes_on is None or vacancy.closes_on < today():
            raise VacancyError(_("Antes de publicar, edite la oferta y ponga una fecha de cierre "
                                 "de hoy en adelante."))
        if vacancy.occupation_id is None:
            raise VacancyError(_("Antes de publicar, edite la oferta y elija la ocupación."))
        if vacancy.published_at is None:
            vacancy.published_at = utcnow()
    vacancy.status = status
    _commit(session)
    return vacancy


def duplicate_vacancy(session: Session, viewer: User, vacancy_id: int) -> Vacancy:
    """Copy the viewer's vacancy (say, last season's) into a new draft without a closing date."""
    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    copy = Vacancy(
        employer_id=vacancy.employer_id, title=vacancy.title,
        occupation_id=vacancy.occupation_id, description=vacancy.description,
        positions=vacancy.positions, district_code=vacancy.district_code,
        day_parts=vacancy.day_parts, pay_pen=vacancy.pay_pen, pay_period=vacancy.pay_period,
        contract_type=vacancy.contract_type, min_education=vacancy.min_education,
        min_age=vacancy.min_age, status=VacancyStatus.DRAFT, closes_on=None,
        skill_links=[VacancySkill(skill_id=link.skill_id, required=link.required)
                     for link in vacancy.skill_links],
        languages=[VacancyLanguage(language=row.language) for row in vacancy.languages],
        months=[VacancyMonth(month=row.month) for row in vacancy.months],
    )
    session.add(copy)
    _commit(session)
    return copy


# --- asking the CDE for candidates ---------------------------------------------------------

CDE_REQUEST_NOTE_MAX = 300


def _cde_territory_id(session: Session, vacancy: Vacancy) -> int | None:
    """The CDE that serves the vacancy's district, else the business's own (for a job in a
    regional hub such as Cusco, which no CDE covers)."""
    for code in (vacancy.district_code, vacancy.employer.district_code):
        district = session.get(District, code) if code else None
        if district is not None and district.territory_id is not None:
            return district.territory_id
    return None


def ask_cde_for_candidates(session: Session, viewer: User, vacancy_id: int,
                           note: str = "") -> int:
    """Tell the counselors of the vacancy's CDE that the employer wants candidates for it:
    an in-app notice each, shown on their home and messages pages. Once a day per vacancy.

    Returns how many counselors were told; commits. Another's vacancy answers NotFound.
    """
    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    note = " ".join((note or "").split())
    if len(note) > CDE_REQUEST_NOTE_MAX:
        raise VacancyError(_("El mensaje puede tener hasta 300 caracteres."), "note")
    if vacancy.status != VacancyStatus.OPEN:
        raise VacancyError(_("Publique la oferta antes de pedir candidatos al CDE."))
    territory_id = _cde_territory_id(session, vacancy)
    counselors = [] if territory_id is None else list(session.scalars(
        sa.select(User).where(User.role == Role.COUNSELOR, User.territory_id == territory_id,
                              User.is_active.is_(True)).order_by(User.id)))
    if not counselors:
        raise VacancyError(_("No encontramos un CDE para el distrito de esta oferta. Llame al "
                             "CDE de su provincia."))
    day = today().isoformat()
    keys = {c.id: f"cde-ask:{vacancy.id}:{day}:{c.id}" for c in counselors}
    if session.scalar(sa.select(Notification.id).where(
            Notification.idempotency_key.in_(list(keys.values())))):
        raise VacancyError(_("Ya pidió candidatos al CDE hoy para esta oferta. El CDE le "
                             "responderá pronto."))
    employer = vacancy.employer
    for counselor in counselors:
        with force_locale(counselor.locale or "es"):
            subject = _("%(employer)s pide candidatos para «%(title)s»",
                        employer=employer.name, title=vacancy.title)
            parts = [_("%(district)s · %(n)d puestos · contacto: %(who)s %(phone)s",
                       district=vacancy.district.name, n=vacancy.positions,
                       who=employer.contact_name, phone=employer.contact_phone or "")]
            if note:
                parts.append(_("Mensaje: «%(note)s»", note=note))
        session.add(Notification(user_id=counselor.id, channel=NotificationChannel.IN_APP,
                                 kind="candidate_request", subject=subject[:160],
                                 body="\n".join(parts), territory_id=territory_id,
                                 idempotency_key=keys[counselor.id]))
    _commit(session)
    return len(counselors)
