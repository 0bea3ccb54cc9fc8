"""What the indicators count, and how counts per kind of person add up into the tables.

People are tallied per *signature* (sex, age band, district, languages): many share
one, so figures are summed per signature first and per group afterwards.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import Language, Sex
from models.candidate import AGE_BAND_NAMES, AGE_BANDS, age_band, age_on

from ...labels import LANGUAGE_LABELS, SEX_GROUP_LABELS
from .period import Period, Scope

UNKNOWN = "sin_dato"


class Kind(enum.StrEnum):
    """How a figure reads: a count, a percentage, or a number of days."""

    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind = Kind.COUNT


PERSON_COLUMNS = (
    Column("registrados", _l("Jóvenes registrados")),
    Column("completos", _l("Perfiles completos")),
    Column("capacitados", _l("Jóvenes capacitados")),
    Column("propuestas", _l("Propuestas de consejería")),
    Column("entrevistas", _l("Entrevistas")),
    Column("contrataciones", _l("Contrataciones")),
    Column("registrados_contratados", _l("Registrados que ya consiguieron empleo")),
    Column("tasa_insercion", _l("Tasa de inserción (%)"), Kind.PERCENT),
    Column("mediana_dias", _l("Mediana de días del registro a la contratación"), Kind.DAYS),
    Column("siguen_1m", _l("Siguen trabajando al mes")),
    Column("seguimientos_1m", _l("Seguimientos de 1 mes del periodo")),
    Column("siguen_3m", _l("Siguen trabajando a los 3 meses")),
    Column("seguimientos_3m", _l("Seguimientos de 3 meses del periodo")),
    Column("siguen_6m", _l("Siguen trabajando a los 6 meses")),
    Column("seguimientos_6m", _l("Seguimientos de 6 meses del periodo")),
)
VACANCY_COLUMN = Column("vacantes", _l("Vacantes abiertas"))
SUMMARY_EXTRA = (
    VACANCY_COLUMN,
    Column("pct_siguen_1m", _l("Siguen trabajando al mes (%)"), Kind.PERCENT),
    Column("pct_siguen_3m", _l("Siguen trabajando a los 3 meses (%)"), Kind.PERCENT),
    Column("pct_siguen_6m", _l("Siguen trabajando a los 6 meses (%)"), Kind.PERCENT),
)
COUNTED = [c.key for c in PERSON_COLUMNS if c.kind == Kind.COUNT]
# The follow-ups the figures report, in months after the hire (each has its two columns).
FOLLOW_UP_MONTHS = (1, 3, 6)

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
    kind: Kind | None = None  # overrides the column's kind (the summary's single column)


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


def age_band_on(birth_date: date | None, kept_band: str | None, day: date) -> str:
    """The age band on ``day``, the band kept at erasure, or ``sin_dato``."""
    if birth_date is None:
        return kept_band if kept_band in AGE_BAND_NAMES else UNKNOWN
    return age_band(age_on(birth_date, day)) or UNKNOWN


# What a person is for the breakdowns: sex, age band, district, languages.
Signature = tuple[str, str, str, tuple[str, ...]]
# People who erased their data: counted, but nothing is known about them (erased.py).
ERASED: Signature = (UNKNOWN, UNKNOWN, UNKNOWN, ())


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    days: list[int] = field(default_factory=list)

    def add(self, other: Tally) -> None:
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


@dataclass(frozen=True)
class Counted:
    """What the queries found: tallies per signature, open vacancies and districts."""

    tallies: Mapping[Signature, Tally]
    vacancies: Mapping[str, int]  # per district
    districts: list[tuple[str, str]]  # (ubigeo, name) of the scope, by name


def _breakdown(counted: Counted, total: Tally, key: str, categories: list[tuple[str, str]],
               keys_of: Callable[[Signature], Iterable[str]], note: str = "",
               extra: Mapping[str, float] | None = None) -> Table:
    groups: dict[str, Tally] = {k: Tally() for k, _label in categories}
    for sig, t in counted.tallies.items():
        for k in keys_of(sig):
            groups.setdefault(k, Tally()).add(t)
    columns = PERSON_COLUMNS + ((VACANCY_COLUMN,) if extra is not None else ())
    rows = []
    for k, label in categories:
        values = groups[k].values()
        if extra is not None:
            values["vacantes"] = extra.get(k, 0)
        rows.append(Row(k, label, values))
    total_values = total.values()
    if extra is not None:
        total_values["vacantes"] = sum(extra.values())
    return Table(key, str(TABLE_TITLES[key]), columns, tuple(rows), note,
                 Row("total", _("Total"), total_values))


def _summary(counted: Counted, total: Tally) -> Table:
    values = total.values()
    values["vacantes"] = sum(counted.vacancies.values())
    for months in FOLLOW_UP_MONTHS:
        due = total.counts[f"seguimientos_{months}m"]
        values[f"pct_siguen_{months}m"] = (
            100 * total.counts[f"siguen_{months}m"] / due if due else None)
    rows = tuple(Row(c.key, str(c.label), {"valor": values[c.key]}, c.kind)
                 for c in PERSON_COLUMNS + SUMMARY_EXTRA)
    return Table("resumen", str(TABLE_TITLES["resumen"]), (Column("valor", _("Valor")),), rows)


def tables(counted: Counted) -> dict[str, Table]:
    """Every table of the page: the summary, then by sex, age band, language and district."""
    total = Tally()
    for t in counted.tallies.values():
        total.add(t)
    unknown = (UNKNOWN, _("Sin dato"))
    return {
        "resumen": _summary(counted, total),
        "sexo": _breakdown(counted, total, "sexo",
                           [(s.value, str(SEX_GROUP_LABELS.get(s, s.value))) for s in Sex]
                           + [unknown], lambda sig: [sig[0]]),
        "edad": _breakdown(counted, total, "edad",
                           [(b, b.replace("-", "–")) for b, _lo, _hi in AGE_BANDS] + [unknown],
                           lambda sig: [sig[1]],
                           _("Edad al registrarse; si la persona borró sus datos, el grupo "
                             "guardado al borrarlos.")),
        "idioma": _breakdown(counted, total, "idioma",
                             [(lang.value, str(LANGUAGE_LABELS.get(lang, lang.value)))
                              for lang in Language] + [unknown],
                             lambda sig: sig[3] or [UNKNOWN],
                             _("Cada persona cuenta una vez en cada idioma que habla, así que "
                               "las filas suman más que el total.")),
        "distrito": _breakdown(counted, total, "distrito", list(counted.districts)
                               + ([unknown] if ERASED in counted.tallies else []),
                               lambda sig: [sig[2]],
                               _("Distrito del perfil de la persona; las vacantes, por el "
                                 "distrito de la vacante."), extra=counted.vacancies),
    }
