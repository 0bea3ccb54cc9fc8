"""The programme's indicators: every figure on the page is checked against a count made here.

The scene below is a small programme in both territories: people of every sex, age band,
language and district, some erased or hidden, with cases, stage moves, follow-ups and
courses before, inside and after the period. ``expected`` counts from those plain specs,
never through the service, so a wrong query cannot agree with itself.
"""

from __future__ import annotations

import csv
import io
import statistics
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    ContractType,
    Employer,
    Enrollment,
    EnrollmentStatus,
    FollowUp,
    LanguageLevel,
    Role,
    Sector,
    Skill,
    Source,
    Stage,
    StageEvent,
    Training,
    User,
    Vacancy,
    VacancyStatus,
)
from tests.factories import ProfileFactory, UserFactory, counselor
from tests.helpers import years_ago

LIMA = ZoneInfo("America/Lima")
PAGE = "/consejeria/indicadores"
CSV = "/consejeria/indicadores.csv"
# The districts each territory's table lists, hubs included (web/data/districts.json).
QUISPICANCHI = {f"0812{n:02d}" for n in range(1, 13)} | {"080101"}
CONDORCANQUI = {"010401", "010402", "010403", "010201", "010701"}
PERIOD_A = (date(2025, 1, 1), date(2025, 6, 30))
PERIOD_B = (date(2025, 4, 1), date(2025, 12, 31))


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


# --- the scene, as plain specs --------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    key: str
    district: str | None
    sex: str | None
    birth: date | None
    langs: tuple[str, ...]
    registered: datetime
    missing: str | None = None  # education, skill or months left out of the profile
    erased_band: str | None = None  # erased: no birth date, this band kept
    hidden: bool = False


@dataclass(frozen=True)
class Case:
    person: str
    source: str
    created: date
    moves: tuple[tuple[str, date], ...] = ()
    follow_ups: tuple[tuple[int, date, bool, bool | None], ...] = ()  # months, due, done, working


@dataclass(frozen=True)
class Course:
    person: str
    training: int
    status: str
    completed: date | None


@dataclass(frozen=True)
class Offer:
    district: str
    status: str
    published: date | None
    updated: date


PEOPLE = [
    Person("ana", "081210", "F", date(2007, 3, 10), ("que", "spa"), noon(date(2025, 2, 1))),
    Person("luis", "081201", "M", date(2000, 5, 5), ("spa",), noon(date(2025, 3, 3)),
           missing="skill"),
    Person("rosa", "081202", "F", date(1997, 1, 20), ("que",), noon(date(2024, 10, 10)),
           hidden=True),
    Person("erased", "081210", "F", None, ("que", "spa"), noon(date(2025, 4, 4)),
           erased_band="18-24"),
    Person("xio", "081201", "X", date(2005, 8, 8), ("eng", "spa"), noon(date(2025, 5, 5)),
           missing="months"),
    Person("nosex", "081202", None, date(2003, 2, 2), (), noon(date(2025, 6, 30))),
    # 22:00 in Lima on 30 June is already 1 July in UTC: still inside period A.
    Person("late", "081212", "F", date(2004, 6, 6), ("que",),
           datetime(2025, 7, 1, 3, 0, tzinfo=UTC), missing="education"),
    Person("old", "081201", "F", date(2001, 1, 1), ("spa",), noon(date(2024, 6, 1))),
    Person("hub", "080101", "M", date(1996, 12, 31), ("spa", "que"), noon(date(2025, 9, 9))),
    Person("yuma", "010401", "F", date(2008, 1, 1), ("agr", "spa"), noon(date(2025, 2, 15))),
    Person("tito", "010402", "M", date(1999, 9, 9), ("hub",), noon(date(2025, 3, 20))),
    Person("nuwa", "010401", "F", date(2001, 4, 4), ("agr",), noon(date(2025, 8, 1))),
    Person("nowhere", None, "F", date(2002, 2, 2), ("spa",), noon(date(2025, 2, 2))),
]

CASES = [
    Case("ana", "counselor", date(2025, 2, 10),
         (("interview", date(2025, 3, 1)), ("hired", date(2025, 3, 15))),
         ((1, date(2025, 4, 15), True, True), (3, date(2025, 6, 15), True, True),
          (6, date(2025, 9, 15), False, None))),
    Case("luis", "self", date(2025, 3, 5),
         (("interview", date(2025, 4, 2)), ("withdrawn", date(2025, 4, 10)))),
    Case("rosa", "counselor", date(2024, 12, 1),
         (("interview", date(2024, 12, 15)), ("hired", date(2025, 1, 5))),
         ((3, date(2025, 4, 5), True, False), (6, date(2025, 7, 5), True, True))),
    Case("erased", "counselor", date(2025, 4, 5),
         (("interview", date(2025, 4, 20)), ("hired", date(2025, 5, 10))),
         ((3, date(2025, 8, 10), False, None),)),
    Case("xio", "counselor", date(2025, 6, 29)),
    Case("old", "counselor", date(2024, 6, 5),
         (("interview", date(2024, 6, 20)), ("hired", date(2024, 7, 1))),
         ((3, date(2024, 10, 1), True, True), (6, date(2025, 1, 1), True, True))),
    Case("yuma", "counselor", date(2025, 2, 20),
         (("interview", date(2025, 3, 10)), ("hired", date(2025, 4, 1))),
         ((3, date(2025, 7, 1), True, True),)),
    Case("tito", "counselor", date(2025, 3, 25), (("interview", date(2025, 5, 5)),)),
    Case("nuwa", "employer", date(2025, 8, 5),
         (("interview", date(2025, 8, 20)), ("hired", date(2025, 9, 1)))),
    Case("nowhere", "counselor", date(2025, 2, 3), (("interview", date(2025, 2, 10)),)),
]

COURSES = [
    Course("ana", 0, "completo", date(2025, 2, 20)),
    Course("luis", 0, "completo", date(2024, 12, 20)),
    Course("rosa", 0, "completo", date(2025, 1, 10)),
    Course("rosa", 1, "completo", date(2025, 5, 1)),
    Course("tito", 2, "completo", date(2025, 3, 30)),
    Course("yuma", 2, "inscrito", None),
    Course("nuwa", 2, "completo", date(2025, 8, 15)),
]

OFFERS = [
    Offer("081210", "open", date(2024, 1, 1), date(2024, 1, 1)),
    Offer("081201", "draft", None, date(2025, 3, 1)),
    Offer("081201", "closed", date(2024, 2, 1), date(2024, 12, 31)),
    Offer("081202", "filled", date(2025, 2, 1), date(2025, 6, 1)),
    Offer("081210", "open", date(2025, 7, 15), date(2025, 7, 15)),
    Offer("010401", "filled", date(2024, 5, 1), date(2025, 4, 2)),
    Offer("010402", "open", date(2025, 6, 30), date(2025, 6, 30)),
]


@pytest.fixture()
def staff(session):
    """A counselor in each territory and a programme admin."""
    counselor("urcos@cde.pe", "quispicanchi")
    counselor("nieva@cde.pe", "condorcanqui")
    UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe")


@pytest.fixture()
def scene(session, staff):
    """The specs above as rows, written in one transaction."""
    skill = session.scalar(sa.select(Skill).order_by(Skill.id).limit(1))
    trainings = [Training(code=f"CDE-T{i}", title=f"Curso {i}", hours=20) for i in range(3)]
    session.add_all(trainings)
    profiles = {}
    for p in PEOPLE:
        erased = p.erased_band is not None
        user = User(role=Role.YOUTH, email=None if erased else f"{p.key}@test.pe",
                    display_name="" if erased else p.key, is_active=not erased,
                    erased_at=noon(date(2025, 10, 1)) if erased else None)
        profile = CandidateProfile(
            user=user, first_name="" if erased else p.key, district_code=p.district,
            sex=p.sex, birth_date=p.birth, age_band=p.erased_band, created_at=p.registered,
            education=None if p.missing == "education" else 4,
            skills=[] if p.missing == "skill" else [skill],
            hidden_at=noon(date(2025, 5, 1)) if p.hidden or erased else None)
        for code in p.langs:
            profile.languages.append(CandidateLanguage(language=code,
                                                       level=LanguageLevel.NATIVE))
        if p.missing != "months":
            profile.months.append(CandidateMonth(month=6))
        session.add(profile)
        profiles[p.key] = profile
    vacancies = []
    for o in OFFERS:
        employer = Employer(name=f"Negocio {len(vacancies)}", district_code=o.district,
                            sector=Sector.TOURISM)
        vacancies.append(Vacancy(
            employer=employer, title="Mesera o mesero", contract_type=ContractType.TEMPORARY,
            district_code=o.district,
            status=VacancyStatus(o.status), published_at=noon(o.published) if o.published else None,
            created_at=noon(o.updated), updated_at=noon(o.updated)))
    session.add_all(vacancies)
    # Each case hangs on a vacancy of the person's territory (counted above like any other).
    case_vacancy = {"0812": vacancies[0], "0801": vacancies[0]}
    for c in CASES:
        profile = profiles[c.person]
        first = Stage.PROPOSED if c.source == "counselor" else Stage.RECEIVED
        application = Application(
            profile=profile, source=Source(c.source), stage=first,
            vacancy=case_vacancy.get((profile.district_code or "0812")[:4], vacancies[5]),
            created_at=noon(c.created), updated_at=noon(c.created))
        application.events.append(StageEvent(to_stage=first, at=noon(c.created)))
        for stage, day in c.moves:
            application.events.append(StageEvent(from_stage=application.stage,
                                                 to_stage=Stage(stage), at=noon(day)))
            application.stage = Stage(stage)
        for months, due, done, working in c.follow_ups:
            application.follow_ups.append(FollowUp(
                months_after=months, due_on=due, done_at=noon(due) if done else None,
                still_working=working))
        session.add(application)
    for c in COURSES:
        session.add(Enrollment(training=trainings[c.training], profile=profiles[c.person],
                               status=EnrollmentStatus(c.status), completed_on=c.completed,
                               created_at=noon(date(2024, 12, 1))))
    session.commit()
    return profiles


# --- the counts, made from the specs ----------------------------------------------------------

def lima_day(moment: datetime) -> date:
    return moment.astimezone(LIMA).date()


def band_of(p: Person) -> str:
    if p.birth is None:
        return p.erased_band or "sin_dato"
    day = lima_day(p.registered)
    age = day.year - p.birth.year - ((day.month, day.day) < (p.birth.month, p.birth.day))
    return "15-17" if 15 <= age <= 17 else "18-24" if 18 <= age <= 24 else (
        "25-29" if 25 <= age <= 29 else "sin_dato")


def complete(p: Person) -> bool:
    return bool(p.district and (p.birth or p.erased_band) and p.sex and p.langs
                and p.missing is None)


COUNTS = ("registrados", "completos", "capacitados", "propuestas", "entrevistas",
          "contrataciones", "registrados_contratados", "siguen_1m", "seguimientos_1m",
          "siguen_3m", "seguimientos_3m", "siguen_6m", "seguimientos_6m")


def expected(districts: set[str], desde: date, hasta: date) -> dict[str, dict[str, dict]]:
    """Every table of the page as {row key: {column key: text}}, counted from the specs."""
    def inside(day: date) -> bool:
        return desde <= day <= hasta

    people = [p for p in PEOPLE if p.district in districts]
    own: dict[str, dict] = {}
    for p in people:
        registered = inside(lima_day(p.registered))
        cases = [c for c in CASES if c.person == p.key]
        hires = [d for c in cases for s, d in c.moves if s == "hired" and inside(d)]
        f = {
            "registrados": int(registered),
            "completos": int(registered and complete(p)),
            "capacitados": int(any(c.person == p.key and c.status == "completo"
                                   and inside(c.completed) for c in COURSES)),
            "propuestas": sum(c.source == "counselor" and inside(c.created) for c in cases),
            "entrevistas": sum(s == "interview" and inside(d) for c in cases for s, d in c.moves),
            "contrataciones": len(hires),
            "registrados_contratados": int(registered and any(
                s == "hired" and d <= hasta for c in cases for s, d in c.moves)),
            "days": [(d - lima_day(p.registered)).days for d in hires],
        }
        for months in (1, 3, 6):
            due = [fu for c in cases for fu in c.follow_ups if fu[0] == months and inside(fu[1])]
            f[f"seguimientos_{months}m"] = len(due)
            f[f"siguen_{months}m"] = sum(done and working is True for _m, _d, done, working in due)
        own[p.key] = f

    def summed(keys) -> dict:
        out = {k: sum(own[key][k] for key in keys) for k in COUNTS}
        days = [d for key in keys for d in own[key]["days"]]
        out["tasa_insercion"] = (100 * out["registrados_contratados"] / out["registrados"]
                                 if out["registrados"] else None)
        out["mediana_dias"] = statistics.median(days) if days else None
        return out

    def table(categories, keys_of):
        rows = {cat: summed([p.key for p in people if cat in keys_of(p)]) for cat in categories}
        rows["total"] = summed([p.key for p in people])
        return rows

    open_offers = defaultdict(int)
    for o in OFFERS:
        if (o.district in districts and o.published and o.published <= hasta
                and (o.status == "open" or (o.status in ("closed", "filled")
                                            and o.updated >= desde))):
            open_offers[o.district] += 1
    tables = {
        "sexo": table(["F", "M", "X", "sin_dato"], lambda p: [p.sex or "sin_dato"]),
        "edad": table(["15-17", "18-24", "25-29", "sin_dato"], lambda p: [band_of(p)]),
        "idioma": table(["spa", "que", "agr", "hub", "eng", "mis", "sin_dato"],
                        lambda p: list(p.langs) or ["sin_dato"]),
        "distrito": table(sorted(districts), lambda p: [p.district]),
    }
    for code, row in tables["distrito"].items():
        row["vacantes"] = sum(open_offers.values()) if code == "total" else open_offers[code]
    summary = dict(tables["sexo"]["total"])
    summary["vacantes"] = sum(open_offers.values())
    for months in (1, 3, 6):
        due = summary[f"seguimientos_{months}m"]
        summary[f"pct_siguen_{months}m"] = (100 * summary[f"siguen_{months}m"] / due
                                            if due else None)
    shown = {name: {row: {col: text(col, v) for col, v in cols.items()}
                    for row, cols in rows.items()} for name, rows in tables.items()}
    # The summary has one column; each row's own key says how its figure is written.
    shown["resumen"] = {key: {"valor": text(key, v)} for key, v in summary.items()}
    return shown


def text(key: str, value) -> str:
    if value is None:
        return "—"
    if "tasa" in key or "pct" in key:
        return f"{value:.1f}"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# --- reading the page -------------------------------------------------------------------------

class Tables(HTMLParser):
    """Collect every <table id=tabla-*> as {table: {row key: {column key: text}}}."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict[str, dict[str, str]]] = {}
        self.columns: list[str] = []
        self.table = self.row = None
        self.cells: list[str] = []
        self.in_td = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and (a.get("id") or "").startswith("tabla-"):
            self.table = a["id"].removeprefix("tabla-")
            self.tables[self.table] = {}
            self.columns = []
        elif self.table and tag == "th" and "data-k" in a:
            self.columns.append(a["data-k"])
        elif self.table and tag == "tr" and "data-k" in a:
            self.row, self.cells = a["data-k"], []
        elif self.row and tag == "td":
            self.in_td = True
            self.cells.append("")

    def handle_data(self, data):
        if self.in_td:
            self.cells[-1] += data.strip()

    def handle_endtag(self, tag):
        if tag == "td":
            self.in_td = False
        elif tag == "tr" and self.row:
            self.tables[self.table][self.row] = dict(zip(self.columns, self.cells, strict=True))
            self.row = None
        elif tag == "table":
            self.table = None


def page_tables(html: str) -> dict:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def get(client, **params):
    response = client.get(PAGE, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def fmt(period) -> dict:
    return {"desde": period[0].isoformat(), "hasta": period[1].isoformat()}


# --- the stories ------------------------------------------------------------------------------

def test_counselor_sees_every_figure_of_her_territory(client, auth, scene):
    auth.login("urcos@cde.pe")
    shown = page_tables(get(client, **fmt(PERIOD_A)))
    want = expected(QUISPICANCHI, *PERIOD_A)
    assert set(shown) == {"resumen", "sexo", "edad", "idioma", "distrito"}
    assert shown == want
    # A few figures by hand, so the oracle above cannot share a blind spot with the service:
    # ana, luis, erased, xio, nosex and late registered; ana and erased are complete.
    assert shown["resumen"]["registrados"]["valor"] == "6"
    assert shown["resumen"]["completos"]["valor"] == "2"
    # ana (day 42), rosa (87, registered in 2024, hidden) and the erased person (36).
    assert shown["resumen"]["contrataciones"]["valor"] == "3"
    assert shown["resumen"]["mediana_dias"]["valor"] == "42"
    assert shown["resumen"]["tasa_insercion"]["valor"] == "33.3"  # ana and erased, of 6
    assert shown["resumen"]["capacitados"]["valor"] == "2"  # ana; rosa's two courses once
    assert shown["resumen"]["vacantes"]["valor"] == "2"
    # luis, the erased person (kept band), xio, nosex and late; ana was 17.
    assert shown["edad"]["18-24"]["registrados"] == "5"
    assert shown["edad"]["15-17"]["registrados"] == "1"
    assert shown["idioma"]["que"]["registrados"] == "3"  # ana, erased, late
    assert shown["idioma"]["spa"]["registrados"] == "4"  # ana and erased count here too
    assert shown["idioma"]["sin_dato"]["registrados"] == "1"  # nosex
    assert shown["resumen"]["siguen_3m"]["valor"] == "1"
    assert shown["resumen"]["seguimientos_3m"]["valor"] == "2"
    assert shown["resumen"]["pct_siguen_6m"]["valor"] == "100.0"  # old, due 1 January
    # ana's 1-month call (15 April): done, still working.
    assert shown["resumen"]["seguimientos_1m"]["valor"] == "1"
    assert shown["resumen"]["pct_siguen_1m"]["valor"] == "100.0"


def test_each_table_downloads_as_csv_with_the_numbers_of_the_page(client, auth, scene):
    auth.login("urcos@cde.pe")
    shown = page_tables(get(client, **fmt(PERIOD_A)))
    html = get(client, **fmt(PERIOD_A))
    for name, rows in shown.items():
        link = f'{CSV}?tabla={name}&amp;desde=2025-01-01&amp;hasta=2025-06-30'
        assert link in html
        response = client.get(CSV, query_string={"tabla": name, **fmt(PERIOD_A)})
        assert response.status_code == 200
        assert response.mimetype == "text/csv" and "utf-8" in response.content_type
        assert response.data.startswith(b"\xef\xbb\xbf")
        lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert lines[0][:1] == ["Territorio"] and "2025-01-01" in lines[0]
        body = lines[2:]
        assert len(body) == len(rows)
        for line, (_key, cells) in zip(body, rows.items(), strict=True):
            assert line[1:] == list(cells.values())
    district = client.get(CSV, query_string={"tabla": "distrito", **fmt(PERIOD_A)})
    assert b"Quiquijana" in district.data and "Jóvenes".encode() in district.data


def test_condorcanqui_counselor_never_sees_quispicanchi(client, auth, scene):
    auth.login("nieva@cde.pe")
    html = get(client, territorio="quispicanchi", **fmt(PERIOD_A))
    assert page_tables(html) == expected(CONDORCANQUI, *PERIOD_A)
    for name in ("Ocongate", "Urcos", "Andahuaylillas", "Quispicanchi (CDE"):
        assert name not in html
    for table in ("resumen", "distrito", "sexo"):
        data = client.get(CSV, query_string={"tabla": table, "territorio": "quispicanchi",
                                             **fmt(PERIOD_A)}).data.decode("utf-8-sig")
        assert "Ocongate" not in data and "Quispicanchi" not in data and "Nieva" in data
    shown = page_tables(html)
    assert shown["resumen"]["registrados"]["valor"] == "2"  # yuma and tito
    assert shown["resumen"]["mediana_dias"]["valor"] == "45"


@pytest.mark.parametrize(("territorio", "districts"), [
    (None, QUISPICANCHI | CONDORCANQUI),
    ("todos", QUISPICANCHI | CONDORCANQUI),
    ("condorcanqui", CONDORCANQUI),
    ("quispicanchi", QUISPICANCHI),
    ("lima", QUISPICANCHI | CONDORCANQUI),
])
def test_admin_chooses_either_territory_or_both(client, auth, scene, territorio, districts):
    auth.login("admin@cde.pe")
    params = fmt(PERIOD_A) | ({"territorio": territorio} if territorio else {})
    shown = page_tables(get(client, **params))
    assert shown == expected(districts, *PERIOD_A)
    if districts == QUISPICANCHI | CONDORCANQUI:
        # Four hires, 36, 42, 45 and 87 days; the person without a district counts nowhere.
        assert shown["resumen"]["mediana_dias"]["valor"] == "43.5"
        assert shown["resumen"]["registrados"]["valor"] == "8"


def test_date_range_moves_every_figure(client, auth, scene):
    auth.login("urcos@cde.pe")
    shown = page_tables(get(client, **fmt(PERIOD_B)))
    assert shown == expected(QUISPICANCHI, *PERIOD_B)
    assert shown != expected(QUISPICANCHI, *PERIOD_A)
    # erased, xio, nosex, late and hub registered from April to December.
    assert shown["resumen"]["registrados"]["valor"] == "5"
    assert shown["resumen"]["vacantes"]["valor"] == "3"
    one_day = page_tables(get(client, desde="2025-06-30", hasta="2025-06-30"))
    assert one_day["resumen"]["registrados"]["valor"] == "2"  # nosex, and late at 22:00 Lima


def default_range() -> tuple[str, str]:
    today = datetime.now(LIMA).date()
    return (years_ago(1, today=today) + timedelta(days=1)).isoformat(), today.isoformat()


@pytest.mark.parametrize(("desde", "hasta"), [
    ("2025-13-01", "2025-06-30"),
    ("ayer", ""),
    ("2025-02-30", "2025-03-01"),
    ("2025-06-30", "2025-01-01"),
    ("1899-01-01", "2025-01-01"),
    ("2025-01-01", "9999-12-31"),
    ("9" * 300, "2025-01-01"),
    ("2025-01-01<script>", "2025-02-01"),
])
def test_bad_dates_get_a_spanish_message_and_the_last_twelve_months(client, auth, staff, desde,
                                                                      hasta):
    auth.login("urcos@cde.pe")
    html = get(client, desde=desde, hasta=hasta)
    assert 'role="alert"' in html and "Mostramos los últimos 12 meses" in html
    start, end = default_range()
    assert f'value="{start}"' in html and f'value="{end}"' in html
    assert "<script>" not in html
    response = client.get(CSV, query_string={"tabla": "resumen", "desde": desde,
                                             "hasta": hasta})
    assert response.status_code == 200 and start.encode() in response.data


def test_no_dates_means_the_last_twelve_months_without_a_message(client, auth, staff):
    auth.login("urcos@cde.pe")
    html = get(client)
    start, end = default_range()
    assert f'value="{start}"' in html and f'value="{end}"' in html
    assert 'role="alert"' not in html


def test_charts_are_small_accessible_svg_next_to_their_tables(client, auth, scene):
    auth.login("admin@cde.pe")
    response = client.get(PAGE, query_string=fmt(PERIOD_A))
    html = response.get_data(as_text=True)
    assert len(response.data) < 60 * 1024
    assert " style=" not in html and "<script" not in html
    svgs = [html[i:html.index("</svg>", i) + 6] for i in range(len(html))
            if html.startswith("<svg", i)]
    assert len(svgs) == 5
    ns = "{http://www.w3.org/2000/svg}"
    for svg in svgs:
        assert len(svg.encode()) < 30 * 1024
        root = ET.fromstring(svg)  # noqa: S314  (our own page, just rendered)
        assert root.tag == f"{ns}svg" and root.get("role") == "img"
        assert root.find(f"{ns}title").text and root.find(f"{ns}desc").text
        assert root.get("aria-labelledby")
        assert root.findall(f".//{ns}rect")
    # The district chart names every district, escaped, and sits before its table.
    assert html.index('id="grafico-distrito-t"') < html.index('id="tabla-distrito"')
    assert "Río Santiago" in svgs[-1]


@pytest.mark.parametrize("tabla", ["", "usuarios", "../resumen"])
def test_unknown_csv_table_is_not_found(client, auth, staff, tabla):
    auth.login("urcos@cde.pe")
    assert client.get(CSV, query_string={"tabla": tabla}).status_code == 404


def test_indicators_are_only_for_counselors_and_admins(client, auth, staff):
    assert client.get(PAGE).status_code in (302, 401, 404)
    ProfileFactory(user__phone="987654321", district_code="081201")
    auth.login("987654321")
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV, query_string={"tabla": "resumen"}).status_code == 404


def test_complete_profile_rule_is_the_same_in_python_and_sql(scene, session):
    in_sql = set(session.scalars(sa.select(CandidateProfile.id)
                                 .where(CandidateProfile.complete_clause())))
    in_python = {p.id for p in session.scalars(sa.select(CandidateProfile)) if p.is_complete}
    assert in_sql == in_python
    assert {scene[p.key].id for p in PEOPLE if complete(p)} == in_python
