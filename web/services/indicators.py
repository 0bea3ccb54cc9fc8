"""The programme's indicators for one or both territories over a period of dates.

Every figure is anonymous: people who erased their account and hidden profiles
still count. The definitions below are the ones the page shows under "Cómo se
calcula"; change them here and there together.

* **Territory.** A person belongs to the territory of their profile's district; a
  vacancy to the territory of its district. Profiles without a district belong to
  no territory and are not counted.
* **Period.** ``desde`` and ``hasta`` are whole days in Lima time, both included.
* **Youth registered.** Profiles created in the period.
* **Complete profiles.** Of those, the ones ``CandidateProfile.is_complete`` accepts today.
* **Trained.** People who completed at least one CDE course with a completion
  date in the period (a person with two courses counts once).
* **Open vacancies.** Published on or before ``hasta`` and either still open, or
  closed / filled on or after ``desde``. There is no closing date column, so the
  vacancy's last change (``updated_at``) stands for when it was closed.
* **Proposals.** Cases opened by a counselor (source ``counselor``) in the period.
* **Interviews / hires.** Cases that moved to *interview* / *hired* in the period.
* **Placement rate.** Of the youth registered in the period, the share hired at
  least once by ``hasta``: a cohort rate, never above 100 %.
* **Median days to hire.** Over the hires of the period, days from the person's
  registration to the hire.
* **Still working at 3 / 6 months.** Follow-ups due in the period that were done
  and found the person still working, out of all follow-ups due in the period
  (a follow-up not done yet counts against the figure on purpose).
* **Breakdowns.** Sex; age band at registration (15–17, 18–24, 25–29), or the
  band kept at erasure when the birth date was erased; each language a person
  speaks (a person counts once in every language they speak, so that table adds
  up to more than the total); district.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Session

from models import (
    Application,
    CandidateLanguage,
    CandidateProfile,
    District,
    Enrollment,
    EnrollmentStatus,
    FollowUp,
    Language,
    Role,
    Sex,
    Source,
    Stage,
    StageEvent,
    Territory,
    User,
    Vacancy,
    VacancyStatus,
)
from models.candidate import AGE_BAND_NAMES, AGE_BANDS, age_band, age_on

from ..labels import LANGUAGE_LABELS, SEX_GROUP_LABELS
from .charts import Series, hbar_chart, number

LIMA = ZoneInfo("America/Lima")
UNKNOWN = "sin_dato"
ALL_TERRITORIES = "todos"
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)



# --- age bands ------------------------------------------------------------------------------

def age_band_on(birth_date: date | None, kept_band: str | None, day: date) -> str:
    """The age band on ``day``, the band kept at erasure, or ``sin_dato``."""
    if birth_date is None:
        return kept_band if kept_band in AGE_BAND_NAMES else UNKNOWN
    return age_band(age_on(birth_date, day)) or UNKNOWN


# --- the period -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """Whole days in Lima time, both ends included."""

    desde: date
    hasta: date

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a half-open UTC interval ``[start, end)`` for timestamp columns."""
        start = datetime.combine(self.desde, time.min, LIMA).astimezone(UTC)
        end = datetime.combine(self.hasta + timedelta(days=1), time.min, LIMA).astimezone(UTC)
        return start, end


def today_in_lima() -> date:
    return datetime.now(LIMA).date()


def default_period(today: date) -> Period:
    """The twelve months that end today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + timedelta(days=1), today)


def parse_period(desde: str | None, hasta: str | None, today: date) -> tuple[Period, str | None]:
    """Read the ``desde`` / ``hasta`` parameters; on any problem, the default and a message."""
    default = default_period(today)
    desde, hasta = (desde or "").strip(), (hasta or "").strip()
    try:
        start = date.fromisoformat(desde) if desde else default.desde
        end = date.fromisoformat(hasta) if hasta else default.hasta
    except ValueError:
        return default, _("No entendimos una de las fechas; escríbala como 2025-01-31. "
                          "Mostramos los últimos 12 meses.")
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        return default, _("Las fechas deben estar entre el año 2000 y el 2100. "
                          "Mostramos los últimos 12 meses.")
    if start > end:
        return default, _("La fecha «desde» va después de la fecha «hasta». "
                          "Mostramos los últimos 12 meses.")
    return Period(start, end), None


# --- which territories ------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    territories: tuple[Territory, ...]
    choice: str  # what the form shows as selected: a territory code or "todos"
    choices: tuple[Territory, ...]  # what the viewer may pick from (empty for a counselor)

    @property
    def ids(self) -> list[int]:
        return [t.id for t in self.territories]

    @property
    def name(self) -> str:
        return " + ".join(t.name for t in self.territories)


def scope_for(session: Session, viewer: User, wanted: str | None) -> Scope:
    """A counselor always gets their own territory, whatever they ask; an admin chooses."""
    if viewer.role != Role.ADMIN:
        own = session.get(Territory, viewer.territory_id)
        return Scope((own,) if own else (), own.code if own else "", ())
    every = tuple(session.scalars(sa.select(Territory).order_by(Territory.name)))
    chosen = tuple(t for t in every if t.code == wanted)
    if chosen:
        return Scope(chosen, wanted, every)
    return Scope(every, ALL_TERRITORIES, every)


# --- the figures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count, percent or days


PERSON_COLUMNS = (
    Column("registrados", _l("Jóvenes registrados")),
    Column("completos", _l("Perfiles completos")),
    Column("capacitados", _l("Jóvenes capacitados")),
    Column("propuestas", _l("Propuestas de consejería")),
    Column("entrevistas", _l("Entrevistas")),
    Column("contrataciones", _l("Contrataciones")),
    Column("registrados_contratados", _l("Registrados que ya consiguieron empleo")),
    Column("tasa_insercion", _l("Tasa de inserción (%)"), "percent"),
    Column("mediana_dias", _l("Mediana de días del registro a la contratación"), "days"),
    Column("siguen_3m", _l("Siguen trabajando a los 3 meses")),
    Column("seguimientos_3m", _l("Seguimientos de 3 meses del periodo")),
    Column("siguen_6m", _l("Siguen trabajando a los 6 meses")),
    Column("seguimientos_6m", _l("Seguimientos de 6 meses del periodo")),
)
VACANCY_COLUMN = Column("vacantes", _l("Vacantes abiertas"))
SUMMARY_EXTRA = (
    VACANCY_COLUMN,
    Column("pct_siguen_3m", _l("Siguen trabajando a los 3 meses (%)"), "percent"),
    Column("pct_siguen_6m", _l("Siguen trabajando a los 6 meses (%)"), "percent"),
)
COUNTED = [c.key for c in PERSON_COLUMNS if c.kind == "count"]

TABLES = ("resumen", "sexo", "edad", "idioma", "distrito")
TABLE_TITLES = {
    "resumen": _l("Resumen"),
    "sexo": _l("Por sexo"),
    "edad": _l("Por grupo de edad"),
    "idioma": _l("Por idioma"),
    "distrito": _l("Por distrito"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    values: Mapping[str, float | None]
    kind: str | None = None  # overrides the column's kind (the summary's single column)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""
    total: Row | None = None


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    tables: dict[str, Table]


def format_value(value: float | None, kind: str = "count") -> str:
    """How a figure reads, the same on the page and in the CSV: '—' when it cannot be said."""
    if value is None:
        return "—"
    if kind == "percent":
        return f"{value:.1f}"
    return number(value)


# What a person is for the breakdowns: sex, age band, district, languages. Many people
# share one, so figures are summed per signature first and per group afterwards.
Signature = tuple[str, str, str, tuple[str, ...]]


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    days: list[int] = field(default_factory=list)

    def add(self, other: _Tally) -> None:
        for key, n in other.counts.items():
            self.counts[key] += n
        self.days.extend(other.days)

    def values(self) -> dict[str, float | None]:
        out: dict[str, float | None] = dict(self.counts)
        registered = self.counts["registrados"]
        out["tasa_insercion"] = (100 * self.counts["registrados_contratados"] / registered
                                 if registered else None)
        out["mediana_dias"] = statistics.median(self.days) if self.days else None
        return out


def _local_date(moment: datetime) -> date:
    # SQLite hands back naive datetimes; they were stored in UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LIMA).date()


def report(session: Session, scope: Scope, period: Period) -> Report:
    """Compute every table of the indicators page for ``scope`` over ``period``."""
    start, end = period.bounds()
    districts = sa.select(District.ubigeo).where(District.territory_id.in_(scope.ids))
    in_scope = CandidateProfile.district_code.in_(districts)
    connection = session.connection()

    def run(statement: sa.Select) -> list[sa.Row]:
        # Plain rows fetched in one go: no ORM bookkeeping for thousands of them.
        return connection.execute(statement).all()

    completed = sa.select(Enrollment.profile_id).join(CandidateProfile).where(
        in_scope, Enrollment.status == EnrollmentStatus.COMPLETED,
        Enrollment.completed_on >= period.desde, Enrollment.completed_on <= period.hasta)
    proposed = sa.select(Application.profile_id).join(CandidateProfile).where(
        in_scope, Application.source == Source.COUNSELOR,
        Application.created_at >= start, Application.created_at < end)

    def reaching(stage: Stage, since: datetime | None) -> sa.Select:
        moved = [StageEvent.to_stage == stage, StageEvent.at < end]
        if since is not None:
            moved.append(StageEvent.at >= since)
        return (sa.select(Application.profile_id, sa.func.min(StageEvent.at))
                .join(StageEvent, StageEvent.application_id == Application.id)
                .join(CandidateProfile).where(in_scope, *moved)
                .group_by(Application.id, Application.profile_id))

    followed = (sa.select(Application.profile_id, FollowUp.months_after,
                          FollowUp.done_at.is_not(None), FollowUp.still_working)
                .join(FollowUp, FollowUp.application_id == Application.id)
                .join(CandidateProfile).where(
                    in_scope, FollowUp.months_after.in_((3, 6)),
                    FollowUp.due_on >= period.desde, FollowUp.due_on <= period.hasta))
    # Only the people something happened to: registered in the period, or with an event in it.
    active = sa.union(completed, proposed,
                      reaching(Stage.INTERVIEW, start).with_only_columns(Application.profile_id),
                      reaching(Stage.HIRED, start).with_only_columns(Application.profile_id),
                      followed.with_only_columns(Application.profile_id)).subquery()
    registered_now = sa.and_(CandidateProfile.created_at >= start,
                             CandidateProfile.created_at < end)
    relevant = sa.and_(in_scope, CandidateProfile.created_at < end, sa.or_(
        registered_now, CandidateProfile.id.in_(sa.select(active.c.profile_id))))

    languages: dict[int, list[str]] = defaultdict(list)
    for pid, language in run(sa.select(CandidateLanguage.profile_id, CandidateLanguage.language)
                             .join(CandidateProfile).where(relevant)
                             .order_by(CandidateLanguage.language)):
        languages[pid].append(str(language))

    tallies: dict[Signature, _Tally] = defaultdict(_Tally)
    signature: dict[int, Signature] = {}
    created_on: dict[int, date] = {}
    registered: set[int] = set()
    for pid, sex, birth, band, district, created, complete in run(sa.select(
            CandidateProfile.id, CandidateProfile.sex, CandidateProfile.birth_date,
            CandidateProfile.age_band, CandidateProfile.district_code,
            CandidateProfile.created_at,
            sa.case((sa.and_(registered_now, CandidateProfile.complete_clause()), 1), else_=0),
    ).where(relevant)):
        day = _local_date(created)
        created_on[pid] = day
        sig = signature[pid] = (str(sex) if sex else UNKNOWN, age_band_on(birth, band, day),
                                district, tuple(languages.get(pid, ())))
        if day >= period.desde:
            registered.add(pid)
            tallies[sig].counts["registrados"] += 1
            tallies[sig].counts["completos"] += complete

    def count(column: str, pids: Iterable[int]) -> None:
        for pid in pids:
            if pid in signature:  # an event before the person registered: bad data, skipped
                tallies[signature[pid]].counts[column] += 1

    count("capacitados", (pid for (pid,) in run(completed.distinct())))
    count("propuestas", (pid for (pid,) in run(proposed)))
    count("entrevistas", (pid for pid, _at in run(reaching(Stage.INTERVIEW, start))))
    hires = [(pid, at) for pid, at in run(reaching(Stage.HIRED, start)) if pid in signature]
    count("contrataciones", (pid for pid, _at in hires))
    for pid, at in hires:
        tallies[signature[pid]].days.append(max(0, (_local_date(at) - created_on[pid]).days))
    ever_hired = {pid for pid, _at in run(reaching(Stage.HIRED, None))}
    count("registrados_contratados", registered & ever_hired)
    for pid, months, done, working in run(followed):
        if pid in signature:
            tallies[signature[pid]].counts[f"seguimientos_{months}m"] += 1
            tallies[signature[pid]].counts[f"siguen_{months}m"] += int(
                bool(done) and working is True)

    vacancies = {code: n for code, n in run(
        sa.select(Vacancy.district_code, sa.func.count()).where(
            Vacancy.district_code.in_(districts),
            Vacancy.published_at.is_not(None), Vacancy.published_at < end,
            sa.or_(Vacancy.status == VacancyStatus.OPEN,
                   sa.and_(Vacancy.status.in_((VacancyStatus.CLOSED, VacancyStatus.FILLED)),
                           Vacancy.updated_at >= start)))
        .group_by(Vacancy.district_code))}

    district_rows = run(
        sa.select(District.ubigeo, District.name).where(District.territory_id.in_(scope.ids))
        .order_by(District.name))

    total = _Tally()
    for t in tallies.values():
        total.add(t)
    total_row = Row("total", _("Total"), total.values())

    def breakdown(key: str, categories: list[tuple[str, str]],
                  keys_of: Callable[[Signature], Iterable[str]], note: str = "",
                  extra: Mapping[str, float] | None = None) -> Table:
        groups: dict[str, _Tally] = {k: _Tally() for k, _label in categories}
        for sig, t in tallies.items():
            for k in keys_of(sig):
                groups.setdefault(k, _Tally()).add(t)
        columns = PERSON_COLUMNS + ((VACANCY_COLUMN,) if extra is not None else ())
        table_rows = []
        for k, label in categories:
            values = groups[k].values()
            if extra is not None:
                values["vacantes"] = extra.get(k, 0)
            table_rows.append(Row(k, label, values))
        total_values = dict(total_row.values)
        if extra is not None:
            total_values["vacantes"] = sum(extra.values())
        return Table(key, str(TABLE_TITLES[key]), columns, tuple(table_rows), note,
                     Row("total", _("Total"), total_values))

    unknown = (UNKNOWN, _("Sin dato"))
    tables = {
        "sexo": breakdown("sexo", [(s.value, str(SEX_GROUP_LABELS.get(s, s.value))) for s in Sex]
                          + [unknown], lambda sig: [sig[0]]),
        "edad": breakdown("edad", [(b, b.replace("-", "–")) for b, _lo, _hi in AGE_BANDS]
                          + [unknown], lambda sig: [sig[1]],
                          _("Edad al registrarse; si la persona borró sus datos, el grupo "
                            "guardado al borrarlos.")),
        "idioma": breakdown("idioma", [(lang.value, str(LANGUAGE_LABELS.get(lang, lang.value)))
                                       for lang in Language] + [unknown],
                            lambda sig: sig[3] or [UNKNOWN],
                            _("Cada persona cuenta una vez en cada idioma que habla, así que "
                              "las filas suman más que el total.")),
        "distrito": breakdown("distrito", [(code, name) for code, name in district_rows],
                              lambda sig: [sig[2]],
                              _("Distrito del perfil de la persona; las vacantes, por el "
                                "distrito de la vacante."), extra=vacancies),
    }
    summary_values = dict(total_row.values)
    summary_values["vacantes"] = sum(vacancies.values())
    for months in (3, 6):
        due = total.counts[f"seguimientos_{months}m"]
        summary_values[f"pct_siguen_{months}m"] = (
            100 * total.counts[f"siguen_{months}m"] / due if due else None)
    value_column = Column("valor", _("Valor"))
    summary_rows = []
    for column in PERSON_COLUMNS + SUMMARY_EXTRA:
        summary_rows.append(Row(column.key, str(column.label),
                                {"valor": summary_values[column.key]}, column.kind))
    tables = {"resumen": Table("resumen", str(TABLE_TITLES["resumen"]), (value_column,),
                               tuple(summary_rows)), **tables}
    return Report(period, scope, tables)


def cell(row: Row, column: Column) -> str:
    """A figure as text, identical on the page and in the CSV."""
    return format_value(row.values.get(column.key), row.kind or column.kind)


# --- charts and CSV ---------------------------------------------------------------------------

FUNNEL = ("registrados", "completos", "capacitados", "propuestas", "entrevistas",
          "contrataciones")


def chart(table: Table) -> Markup:
    """Draw ``table``: the path to a job for the summary, else registered and hired per group."""
    if table.key == "resumen":
        rows = [r for r in table.rows if r.key in FUNNEL]
        return hbar_chart(
            "grafico-resumen", _("Del registro al empleo"),
            _("Barras horizontales con los jóvenes registrados, perfiles completos, "
              "capacitados, propuestas, entrevistas y contrataciones del periodo."),
            [r.label for r in rows], [Series(_("Cantidad"), [r.values["valor"] or 0
                                                            for r in rows])])
    return hbar_chart(
        f"grafico-{table.key}", _("Registrados y contrataciones, %(t)s", t=table.title.lower()),
        _("Barras horizontales: por cada grupo, jóvenes registrados y contrataciones."),
        [r.label for r in table.rows],
        [Series(_("Registrados"), [r.values["registrados"] or 0 for r in table.rows]),
         Series(_("Contrataciones"), [r.values["contrataciones"] or 0 for r in table.rows])])


def _safe(text: str) -> str:
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report_: Report, key: str) -> str:
    """One table as CSV text (the caller adds the byte-order mark)."""
    table = report_.tables[key]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Territorio"), report_.scope.name, _("Desde"),
                     report_.period.desde.isoformat(), _("Hasta"),
                     report_.period.hasta.isoformat()])
    writer.writerow([_("Grupo") if key != "resumen" else _("Indicador"),
                     *[str(c.label) for c in table.columns]])
    for row in (*table.rows, *((table.total,) if table.total else ())):
        writer.writerow([_safe(row.label), *[cell(row, c) for c in table.columns]])
    return out.getvalue()
