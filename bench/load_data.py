"""Scale the demo data up for the load test, on the database given by URL.

Run by hand or by ``bench/load.py``, never by the test suite::

    .venv/bin/python bench/load_data.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/chamba_load

The schema must exist (``flask db upgrade``). The script first runs the ordinary demo
seed (``web/services/demo.py``), then adds, with bulk inserts and a fixed random seed:

* counselors for both CDEs (``consejeria.carga01@carga.chamba.pe`` …),
* employers spread over the districts of both provinces and the regional hubs
  (``empresa.carga001@carga.chamba.pe`` …), most verified by a counselor,
* vacancies of those employers, each with an occupation of the taxonomy, 2 required and
  up to 2 desired skills of that occupation, months, languages, minimum age and education,
* youth with phones ``988000001`` …: names, district, birth date (15–29), sex, languages
  (Quechua / Awajún / Wampis / Spanish), education, informal or unpaid experience, desired
  occupations and their skills, availability, documents, visibility, the two consent rows
  (processing, visibility; guardian for minors, method oral / written when a counselor
  registered them) and sometimes a completed CDE course,
* a few applications already in progress (self and counselor-proposed), so that the
  employers' applicant lists are not empty.

Every load account has the same known password (``--password``, by default the demo
password ``chamba-demo-2026``). A second run finds the load data and adds nothing.
``manifest()`` lists the accounts the load test signs in with.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models import (  # noqa: E402
    Application,
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ContractType,
    District,
    Employer,
    EmployerStatus,
    Enrollment,
    EnrollmentStatus,
    Experience,
    Language,
    Occupation,
    Role,
    Sector,
    Sex,
    Source,
    Stage,
    StageEvent,
    Territory,
    Training,
    User,
    Vacancy,
    VacancyLanguage,
    VacancyMonth,
    VacancySkill,
    VacancyStatus,
    Visibility,
    utcnow,
)
from models.candidate import candidate_occupations, candidate_skills  # noqa: E402
from models.taxonomy import occupation_skills  # noqa: E402
from web.services.demo import birth_date_for_age, spoken_languages  # noqa: E402

SEED = 4242
DEFAULT_PASSWORD = "chamba-demo-2026"  # noqa: S105 - the demo's documented password
YOUTH_PHONE_PREFIX = "988"          # demo youth use 987…, load youth 988000001…
EMPLOYER_EMAIL = "empresa.carga{:03d}@carga.chamba.pe"
COUNSELOR_EMAIL = "consejeria.carga{:02d}@carga.chamba.pe"
MARKER_EMAIL = COUNSELOR_EMAIL.format(1)
NOTICE_VERSION = "2026-11"

# (kind of business, sector, sectors of the occupations it hires for, where it fits)
BUSINESSES = (
    ("Restaurante", Sector.FOOD, ("gastronomia",), "any"),
    ("Hospedaje", Sector.TOURISM, ("turismo", "gastronomia"), "any"),
    ("Agencia de Turismo Vivencial", Sector.TOURISM, ("turismo",), "andes"),
    ("Cooperativa Agraria", Sector.AGRO, ("agro",), "any"),
    ("Asociación de Tejedoras", Sector.CRAFTS, ("artesania",), "andes"),
    ("Asociación de Artesanas", Sector.CRAFTS, ("artesania",), "amazon"),
    ("Panadería", Sector.FOOD, ("gastronomia", "comercio"), "any"),
    ("Constructora", Sector.CONSTRUCTION, ("construccion",), "any"),
    ("Transportes", Sector.TRANSPORT, ("transporte",), "andes"),
    ("Transporte Fluvial", Sector.TRANSPORT, ("transporte",), "amazon"),
    ("Bodega y Minimarket", Sector.RETAIL, ("comercio",), "any"),
    ("Municipalidad del Centro Poblado", Sector.PUBLIC,
     ("servicios", "computo", "contabilidad", "salud"), "any"),
    ("Piscigranja", Sector.FISH_FARMING, ("piscicultura",), "any"),
    ("Cooperativa Cacaotera", Sector.CACAO_CAFE, ("cacao_cafe", "agro"), "amazon"),
    ("Cafetalera", Sector.CACAO_CAFE, ("cacao_cafe",), "any"),
    ("Cuna y Wawa Wasi", Sector.CARE, ("cuidado", "educacion"), "any"),
    ("Ferretería", Sector.RETAIL, ("comercio", "contabilidad"), "any"),
    ("Cabina e Impresiones", Sector.COMPUTING, ("computo", "comercio"), "any"),
    ("Botica", Sector.HEALTH, ("salud", "comercio"), "any"),
)
OWNER_NAMES = {
    "andes": ("Quispe", "Mamani", "Huamán", "Condori", "Ccahuana", "Apaza", "Yupanqui", "Cusi",
              "Sullca", "Santa Rosa", "Virgen del Carmen", "Los Andes", "Ausangate"),
    "amazon": ("Tsamajain", "Shawit", "Ampam", "Sejekam", "Chumpi", "Uwarai", "Yampis",
               "San Martín", "El Cenepa", "Marañón", "Nunkui"),
}
HIGH_SEASON = (5, 6, 7, 8, 9)
HARVEST = {"cacao_cafe": (3, 4, 5, 6, 7), "agro": (4, 5, 6, 7)}


def _chunks(rows: list, size: int = 2000):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(session, table, rows: list[dict], returning: bool = False) -> list[int]:
    """Bulk insert ``rows``; with ``returning``, the new ids in the order of the rows."""
    ids: list[int] = []
    for chunk in _chunks(rows):
        if returning:
            stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += [r[0] for r in session.execute(stmt, chunk)]
        else:
            session.execute(sa.insert(table), chunk)
    return ids


def seed_load(session, *, youth: int = 10_000, vacancies: int = 500, employers: int = 100,
              counselors: int = 16, password: str = DEFAULT_PASSWORD, seed: int = SEED,
              today: date | None = None, echo=print) -> dict[str, int]:
    """Demo seed plus the load data, committed; returns what was added (empty when present)."""
    from web.services.demo import (
        AMAZON_MEN,
        AMAZON_WOMEN,
        ANDEAN_MEN,
        ANDEAN_SURNAMES,
        ANDEAN_WOMEN,
        AWAJUN_SURNAMES,
        INFORMAL_WORK,
        WAMPIS_SURNAMES,
        seed_demo,
    )
    from web.services.passwords import hash_password

    today = today or date.today()
    started = time.perf_counter()
    report = seed_demo(session, password, today=today)
    echo(f"demo seed: {'created' if report.created else 'already there'} "
         f"({time.perf_counter() - started:.1f} s)")
    if session.scalar(sa.select(User.id).where(User.email == MARKER_EMAIL)) is not None:
        echo("load data already there; nothing added")
        return {}
    rng = random.Random(seed)
    pw_hash = hash_password(password)
    now = utcnow()

    territories = {t.code: t.id for t in session.scalars(sa.select(Territory))}
    districts = list(session.scalars(sa.select(District).order_by(District.ubigeo)))
    territory_of = {d.ubigeo: ("quispicanchi" if d.territory_id == territories["quispicanchi"]
                               else "condorcanqui") for d in districts}
    home = {"quispicanchi": [d.ubigeo for d in districts if d.province == "Quispicanchi"],
            "condorcanqui": [d.ubigeo for d in districts if d.province == "Condorcanqui"]}
    hubs = [d.ubigeo for d in districts if d.is_hub]
    occupations = list(session.scalars(sa.select(Occupation).order_by(Occupation.code)))
    occ_skills: dict[int, list[int]] = {}
    for occ_id, skill_id in session.execute(
            sa.select(occupation_skills.c.occupation_id, occupation_skills.c.skill_id)
            .order_by(occupation_skills.c.occupation_id, occupation_skills.c.skill_id)):
        occ_skills.setdefault(occ_id, []).append(skill_id)
    by_sector: dict[str, list[Occupation]] = {}
    for occupation in occupations:
        by_sector.setdefault(occupation.sector, []).append(occupation)
    sectors = sorted(by_sector)
    trainings = {code: [(t.id, t.ends_on) for t in session.scalars(
        sa.select(Training).where(Training.territory_id == tid).order_by(Training.code))]
        for code, tid in territories.items()}

    # --- counselors -------------------------------------------------------------------------
    t0 = time.perf_counter()
    staff = []
    for n in range(1, counselors + 1):
        territory = "quispicanchi" if n % 2 else "condorcanqui"
        andean = territory == "quispicanchi"
        woman = rng.random() < 0.6
        first = rng.choice((ANDEAN_WOMEN if woman else ANDEAN_MEN) if andean
                           else (AMAZON_WOMEN if woman else AMAZON_MEN))
        last = rng.choice(ANDEAN_SURNAMES if andean else AWAJUN_SURNAMES)
        staff.append({"role": Role.COUNSELOR, "email": COUNSELOR_EMAIL.format(n),
                      "display_name": f"{first} {last}", "password_hash": pw_hash,
                      "territory_id": territories[territory]})
    staff_ids = _insert(session, User.__table__, staff, returning=True)
    counselors_of: dict[str, list[int]] = {"quispicanchi": [], "condorcanqui": []}
    for row, uid in zip(staff, staff_ids, strict=True):
        code = "quispicanchi" if row["territory_id"] == territories["quispicanchi"] \
            else "condorcanqui"
        counselors_of[code].append(uid)

    # --- employers ----------------------------------------------------------------------------
    owner_rows, employer_rows, employer_hires = [], [], []
    for n in range(1, employers + 1):
        roll = rng.random()
        territory = "quispicanchi" if roll < 0.6 else "condorcanqui"
        if rng.random() < 0.1:
            ubigeo = rng.choice([h for h in hubs if territory_of[h] == territory] or hubs)
        else:
            ubigeo = rng.choice(home[territory])
        region = "andes" if territory == "quispicanchi" else "amazon"
        kinds = [b for b in BUSINESSES if b[3] in ("any", region)]
        kind, sector, hires, _where = kinds[rng.randrange(len(kinds))]
        district = next(d for d in districts if d.ubigeo == ubigeo)
        name = f"{kind} {rng.choice(OWNER_NAMES[region])} de {district.name}"
        email = EMPLOYER_EMAIL.format(n)
        pending = rng.random() < 0.08
        owner_rows.append({"role": Role.EMPLOYER, "email": email,
                           "display_name": f"Contacto de {name}", "password_hash": pw_hash})
        row = {"name": name, "district_code": ubigeo, "sector": sector,
               "contact_name": f"Contacto de {name}", "contact_phone": f"95{n:07d}",
               "contact_email": email, "description": f"{name}, negocio local de {district.name}.",
               "status": EmployerStatus.PENDING if pending else EmployerStatus.VERIFIED,
               "verified_by_id": None, "verified_at": None, "decision_note": ""}
        if not pending:
            row["verified_by_id"] = rng.choice(counselors_of[territory])
            row["verified_at"] = now - timedelta(days=rng.randrange(10, 300))
            row["decision_note"] = "Visita al local realizada; datos conformes."
        employer_rows.append(row)
        employer_hires.append(hires)
    owner_ids = _insert(session, User.__table__, owner_rows, returning=True)
    for row, uid in zip(employer_rows, owner_ids, strict=True):
        row["user_id"] = uid
    employer_ids = _insert(session, Employer.__table__, employer_rows, returning=True)

    # --- vacancies ----------------------------------------------------------------------------
    vacancy_rows, vacancy_extra = [], []
    statuses = [VacancyStatus.OPEN] * 85 + [VacancyStatus.DRAFT] * 5 + \
        [VacancyStatus.CLOSED] * 5 + [VacancyStatus.FILLED] * 5
    for n in range(vacancies):
        e = n % employers
        employer, hires = employer_rows[e], employer_hires[e]
        pool = [o for s in hires for o in by_sector.get(s, [])] or by_sector["servicios"]
        occupation = pool[rng.randrange(len(pool))]
        verified = employer["status"] == EmployerStatus.VERIFIED
        status = rng.choice(statuses) if verified else VacancyStatus.DRAFT
        adolescents = occupation.adolescent_permitted and rng.random() < 0.6
        vacancy_rows.append({
            "employer_id": employer_ids[e], "title": occupation.label_es.capitalize(),
            "occupation_id": occupation.id,
            "description": (f"Buscamos {occupation.label_es} / {occupation.label_es_f} para "
                            f"{employer['name']}. Te enseñamos en el trabajo."),
            "positions": rng.choice((1, 1, 1, 2, 2, 3, 5)),
            "district_code": employer["district_code"],
            "day_parts": rng.choice((1, 3, 3, 2)) if adolescents else rng.choice((1, 3, 7, 2)),
            "pay_pen": Decimal(rng.choice((1130, 1130, 1200, 1300, 1500, 1800))),
            "contract_type": rng.choice(list(ContractType)),
            "min_education": rng.choice((0, 2, 3, 4)),
            "min_age": 15 if adolescents else 18, "status": status,
            "closes_on": today + timedelta(days=rng.randrange(10, 120)),
            "published_at": None if status == VacancyStatus.DRAFT
            else now - timedelta(days=rng.randrange(0, 60), minutes=rng.randrange(1440)),
        })
        skills = list(occ_skills.get(occupation.id, ()))
        rng.shuffle(skills)
        months = HARVEST.get(occupation.sector) or (
            HIGH_SEASON if occupation.sector == "turismo" else ())
        language = None
        territory = territory_of[employer["district_code"]]
        if territory == "quispicanchi" and rng.random() < 0.35:
            language = Language.QUECHUA
        elif territory == "condorcanqui" and rng.random() < 0.3:
            language = Language.AWAJUN
        vacancy_extra.append((skills[:4], months if months and rng.random() < 0.7 else (),
                              language))
    vacancy_ids = _insert(session, Vacancy.__table__, vacancy_rows, returning=True)
    links, vmonths, vlangs = [], [], []
    for vid, (skills, months, language) in zip(vacancy_ids, vacancy_extra, strict=True):
        links += [{"vacancy_id": vid, "skill_id": s, "required": i < 2}
                  for i, s in enumerate(skills)]
        vmonths += [{"vacancy_id": vid, "month": m} for m in months]
        if language:
            vlangs.append({"vacancy_id": vid, "language": language})
    _insert(session, VacancySkill.__table__, links)
    _insert(session, VacancyMonth.__table__, vmonths)
    _insert(session, VacancyLanguage.__table__, vlangs)
    echo(f"{counselors} counselors, {employers} employers, {vacancies} vacancies "
         f"({time.perf_counter() - t0:.1f} s)")

    # --- youth --------------------------------------------------------------------------------
    t0 = time.perf_counter()
    users, profiles, people = [], [], []
    for n in range(1, youth + 1):
        territory = "quispicanchi" if rng.random() < 0.6 else "condorcanqui"
        andean = territory == "quispicanchi"
        woman = rng.random() < 0.6
        wampis = not andean and rng.random() < 0.3
        if andean:
            first = rng.choice(ANDEAN_WOMEN if woman else ANDEAN_MEN)
            last = f"{rng.choice(ANDEAN_SURNAMES)} {rng.choice(ANDEAN_SURNAMES)}"
        else:
            first = rng.choice(AMAZON_WOMEN if woman else AMAZON_MEN)
            last = rng.choice(WAMPIS_SURNAMES if wampis else AWAJUN_SURNAMES)
        age = rng.choice(range(15, 30))
        assisted = rng.random() < 0.55
        counselor = rng.choice(counselors_of[territory])
        completeness = rng.random()
        visible = completeness > 0.3 and rng.random() < 0.75
        # Registered over the programme's last 400 days, a few of them this week.
        registered = now - timedelta(days=rng.randrange(0, 400), minutes=rng.randrange(1440))
        users.append({"role": Role.YOUTH, "phone": f"{YOUTH_PHONE_PREFIX}{n:06d}",
                      "display_name": first, "password_hash": pw_hash,
                      "created_at": registered})
        profile = {"first_name": first, "last_name": last,
                   "district_code": rng.choice(home[territory]),
                   "birth_date": birth_date_for_age(rng, today, age),
                   "sex": Sex.FEMALE if woman else Sex.MALE,
                   "visibility": Visibility.EMPLOYERS if visible else Visibility.PRIVATE,
                   "registered_by_id": counselor if assisted else None,
                   "created_at": registered, "updated_at": registered,
                   "education": None, "about": "", "day_parts": 0, "max_travel_km": None,
                   "willing_to_relocate": None, "has_dni": None, "has_cul": None,
                   "has_health_card": None, "has_bank_account": None,
                   "entrepreneurship_interest": None}
        person = {"territory": territory, "andean": andean, "wampis": wampis, "age": age,
                  "assisted": assisted, "counselor": counselor, "visible": visible,
                  "registered": registered,
                  "last": last, "experience": None, "wanted": [], "skills": [], "months": [],
                  "training": None}
        if completeness > 0.15:
            profile["education"] = rng.choice((2, 3, 4, 4, 4, 5))
            sector = rng.choice(sectors)
            title, kind = INFORMAL_WORK.get(sector, INFORMAL_WORK["servicios"])
            person["experience"] = (title, kind, rng.randrange(3, 48))
            wanted = by_sector[sector][: rng.randrange(1, 3)]
            person["wanted"] = [o.id for o in wanted]
            picks = sorted({s for o in wanted for s in occ_skills.get(o.id, ())})
            rng.shuffle(picks)
            person["skills"] = picks[: rng.randrange(2, 6)]
        if completeness > 0.4:
            profile.update(
                day_parts=rng.choice((1, 3, 7, 2)),
                max_travel_km=rng.choice((5, 10, 20, 40, 80)),
                willing_to_relocate=rng.random() < 0.25,
                has_dni=age >= 18 or rng.random() < 0.8,
                has_cul=rng.random() < 0.3, has_health_card=rng.random() < 0.35,
                has_bank_account=rng.random() < 0.25,
                entrepreneurship_interest=rng.random() < 0.4,
                about="Soy responsable y aprendo rápido.")
            person["months"] = [m for m in range(1, 13) if rng.random() < 0.75]
        if completeness > 0.5 and rng.random() < 0.3 and trainings[territory]:
            person["training"] = rng.choice(trainings[territory])
        profiles.append(profile)
        people.append(person)
    user_ids = _insert(session, User.__table__, users, returning=True)
    for profile, uid in zip(profiles, user_ids, strict=True):
        profile["user_id"] = uid
    profile_ids = _insert(session, CandidateProfile.__table__, profiles, returning=True)

    langs, months, skills, wanted, experiences, consents, enrollments = [], [], [], [], [], [], []
    for pid, uid, person in zip(profile_ids, user_ids, people, strict=True):
        langs += _languages(rng, pid, person["andean"], person["wampis"])
        months += [{"profile_id": pid, "month": m} for m in person["months"]]
        skills += [{"profile_id": pid, "skill_id": s} for s in person["skills"]]
        wanted += [{"profile_id": pid, "occupation_id": o} for o in person["wanted"]]
        if person["experience"]:
            title, kind, span = person["experience"]
            experiences.append({"profile_id": pid, "title": title, "kind": kind,
                                "months": span, "occupation_id": None, "description": ""})
        assisted = person["assisted"]
        method = rng.choice((ConsentMethod.WRITTEN, ConsentMethod.ORAL)) if assisted \
            else ConsentMethod.ONLINE
        guardian = {"guardian_name": None, "guardian_relation": None}
        if person["age"] < 18:
            guardian = {"guardian_name": f"{rng.choice(ANDEAN_WOMEN + AMAZON_WOMEN)} "
                                         f"{person['last']}",
                        "guardian_relation": rng.choice(("madre", "padre", "tía", "abuela"))}
        for purpose in (ConsentPurpose.PROCESSING, ConsentPurpose.VISIBILITY):
            consents.append({"user_id": uid, "purpose": purpose,
                             "notice_version": NOTICE_VERSION,
                             "granted": purpose == ConsentPurpose.PROCESSING or person["visible"],
                             "method": method,
                             "captured_by_id": person["counselor"] if assisted else None,
                             "at": person["registered"], **guardian})
        if person["training"]:
            tid, ends_on = person["training"]
            enrollments.append({"training_id": tid, "profile_id": pid,
                                "status": EnrollmentStatus.COMPLETED, "completed_on": ends_on})
    _insert(session, CandidateLanguage.__table__, langs)
    _insert(session, CandidateMonth.__table__, months)
    _insert(session, candidate_skills, skills)
    _insert(session, candidate_occupations, wanted)
    _insert(session, Experience.__table__, experiences)
    _insert(session, Consent.__table__, consents)
    _insert(session, Enrollment.__table__, enrollments)
    echo(f"{youth} youth ({time.perf_counter() - t0:.1f} s)")

    # --- applications already in progress ----------------------------------------------------
    t0 = time.perf_counter()
    open_by_territory: dict[str, list[tuple[int, int, int]]] = {"quispicanchi": [],
                                                                "condorcanqui": []}
    for e, (vid, row) in enumerate(zip(vacancy_ids, vacancy_rows, strict=True)):
        if row["status"] == VacancyStatus.OPEN:
            open_by_territory[territory_of[row["district_code"]]].append(
                (vid, row["min_age"], owner_ids[e % employers]))
    apps, app_meta = [], []
    seen = set()
    for pid, uid, person in zip(profile_ids, user_ids, people, strict=True):
        local = open_by_territory[person["territory"]]
        if not local or rng.random() >= 0.15:
            continue
        vid, min_age, owner = rng.choice(local)
        if person["age"] < max(min_age, 18) or (pid, vid) in seen:
            continue
        seen.add((pid, vid))
        by_counselor = rng.random() < 0.4
        stage = Stage.PROPOSED if by_counselor else Stage.RECEIVED
        actor = rng.choice(counselors_of[person["territory"]]) if by_counselor else uid
        interview = rng.random() < 0.3
        opened = now - timedelta(days=rng.randrange(0, 30), minutes=rng.randrange(1440))
        apps.append({"created_at": opened, "updated_at": opened,
                     "profile_id": pid, "vacancy_id": vid,
                     "source": Source.COUNSELOR if by_counselor else Source.SELF,
                     "stage": Stage.INTERVIEW if interview else stage,
                     "message": "" if by_counselor else "Me interesa este trabajo.",
                     "created_by_id": actor, "score": None, "explanation": None,
                     "refusal_reason": None})
        app_meta.append((stage, actor, owner if interview else None, opened))
    app_ids = _insert(session, Application.__table__, apps, returning=True)
    events = []
    for aid, (stage, actor, owner, opened) in zip(app_ids, app_meta, strict=True):
        events.append({"application_id": aid, "from_stage": None, "to_stage": stage,
                       "actor_id": actor, "note": "", "reason": None, "at": opened})
        if owner:
            events.append({"application_id": aid, "from_stage": stage,
                           "to_stage": Stage.INTERVIEW, "actor_id": owner, "note": "",
                           "reason": None, "at": opened + timedelta(days=2)})
    _insert(session, StageEvent.__table__, events)
    session.commit()
    echo(f"{len(apps)} applications in progress ({time.perf_counter() - t0:.1f} s)")
    return {"counselors": counselors, "employers": employers, "vacancies": vacancies,
            "youth": youth, "applications": len(apps)}


def _languages(rng: random.Random, pid: int, andean: bool, wampis: bool) -> list[dict]:
    return [{"profile_id": pid, "language": language, "level": level}
            for language, level in spoken_languages(rng, andean, wampis)]


def manifest(session, today: date | None = None) -> dict[str, list]:
    """The load accounts a load test signs in with, deterministic order.

    youth: adults with a birth date, a district and at least one skill (they can apply);
    employers: verified load employers with at least one open vacancy; counselors: all.
    """
    today = today or date.today()
    adult = date(today.year - 18, today.month, min(today.day, 28))
    youth = list(session.scalars(
        sa.select(User.phone).join(CandidateProfile, CandidateProfile.user_id == User.id)
        .where(User.phone.like(f"{YOUTH_PHONE_PREFIX}%"), User.is_active.is_(True),
               CandidateProfile.birth_date <= adult,
               CandidateProfile.district_code.is_not(None),
               CandidateProfile.id.in_(sa.select(candidate_skills.c.profile_id)))
        .order_by(User.phone)))
    employers = list(session.scalars(
        sa.select(User.email).join(Employer, Employer.user_id == User.id)
        .where(User.email.like("empresa.carga%"), Employer.status == EmployerStatus.VERIFIED,
               Employer.id.in_(sa.select(Vacancy.employer_id)
                               .where(Vacancy.status == VacancyStatus.OPEN)))
        .order_by(User.email)))
    counselors = list(session.scalars(
        sa.select(User.email).where(User.email.like("consejeria.carga%"))
        .order_by(User.email)))
    return {"youth": youth, "employers": employers, "counselors": counselors}


def counts(session) -> dict[str, int]:
    tables = {"users": User, "youth profiles": CandidateProfile, "employers": Employer,
              "vacancies": Vacancy, "open vacancies": None, "applications": Application}
    out = {}
    for label, model in tables.items():
        if model is None:
            out[label] = session.scalar(sa.select(sa.func.count()).select_from(Vacancy)
                                        .where(Vacancy.status == VacancyStatus.OPEN))
        else:
            out[label] = session.scalar(sa.select(sa.func.count()).select_from(model))
    return out


def make_app(database_url: str):
    import os
    import secrets

    from web import create_app

    # Loading data serves nothing, but the app refuses the built-in key outside `flask`.
    key = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48)
    return create_app("development", SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY=key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True,
                        help="SQLAlchemy URL of a migrated database (PostgreSQL for the load test)")
    parser.add_argument("--youth", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=500)
    parser.add_argument("--employers", type=int, default=100)
    parser.add_argument("--counselors", type=int, default=16)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--password", default=DEFAULT_PASSWORD)
    parser.add_argument("--manifest", type=Path,
                        help="also write the load accounts (JSON) to this file")
    args = parser.parse_args(argv)
    if args.employers < 1 or args.counselors < 2 or args.youth < 1 or args.vacancies < 1:
        parser.error("need at least 1 youth, 1 vacancy, 1 employer and 2 counselors")
    from web.extensions import db

    app = make_app(args.database_url)
    started = time.perf_counter()
    with app.app_context():
        seed_load(db.session, youth=args.youth, vacancies=args.vacancies,
                  employers=args.employers, counselors=args.counselors,
                  password=args.password, seed=args.seed)
        figures = counts(db.session)
        if args.manifest:
            accounts = manifest(db.session)
            args.manifest.write_text(json.dumps(accounts, indent=1), "utf-8")
            print(f"manifest: {', '.join(f'{len(v)} {k}' for k, v in accounts.items())} "
                  f"-> {args.manifest}")
    print(", ".join(f"{v} {k}" for k, v in figures.items()),
          f"({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
