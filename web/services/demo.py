"""A deterministic, believable demo data set for the two provinces.

Every run builds the same people from the same random seed; a second run finds
the demo admin already there and changes nothing. Birth dates are set from the
day the data is created so that the ages stay within 15–29.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import (
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
    ExperienceKind,
    Language,
    LanguageLevel,
    Occupation,
    PayPeriod,
    Role,
    Sector,
    Sex,
    Skill,
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
from models.candidate import age_on

from .accounts import NOTICE_VERSION
from .passwords import hash_password
from .reference import load_reference_data

SEED = 2026
ADMIN_EMAIL = "admin@chamba.pe"

COUNSELORS = (
    ("consejera.urcos@chamba.pe", "Yanet Huillca", "quispicanchi"),
    ("consejero.ocongate@chamba.pe", "Wilber Ccahuana", "quispicanchi"),
    ("consejera.nieva@chamba.pe", "Elvira Tsamajain", "condorcanqui"),
    ("consejero.cenepa@chamba.pe", "Gerardo Sejekam", "condorcanqui"),
)

# (name, district, sector, sectors of the occupations it hires for)
EMPLOYERS = (
    ("Ausangate Lodge", "081210", Sector.TOURISM, ("turismo", "gastronomia")),
    ("Restaurante Sabor Urcosino", "081201", Sector.FOOD, ("gastronomia",)),
    ("Cooperativa Agraria Quiquijana", "081212", Sector.AGRO, ("agro",)),
    ("Asociación de Tejedoras de Ccatca", "081205", Sector.CRAFTS, ("artesania",)),
    ("Panadería San Pedro", "081202", Sector.FOOD, ("gastronomia", "comercio")),
    ("Constructora Vilcanota", "081201", Sector.CONSTRUCTION, ("construccion",)),
    ("Transportes Marcapata", "081209", Sector.TRANSPORT, ("transporte",)),
    ("Minimarket Huaro", "081207", Sector.RETAIL, ("comercio",)),
    ("Municipalidad Distrital de Ocongate", "081210", Sector.PUBLIC,
     ("servicios", "computo", "contabilidad", "salud")),
    ("Truchas Cusipata", "081206", Sector.FISH_FARMING, ("piscicultura",)),
    ("Hotel Plaza Cusco", "080101", Sector.TOURISM, ("turismo", "gastronomia")),
    ("Qoyllur Turismo Vivencial", "080101", Sector.TOURISM, ("turismo",)),
    ("Textiles Lucre", "081208", Sector.CRAFTS, ("artesania",)),
    ("Cafetalera Camanti", "081203", Sector.CACAO_CAFE, ("cacao_cafe", "agro")),
    ("Wawa Wasi Quispicanchi", "081201", Sector.CARE, ("cuidado", "educacion")),
    ("Ferretería Andahuaylillas", "081202", Sector.RETAIL, ("comercio", "contabilidad")),
    ("Cooperativa Cacaotera Awajún", "010401", Sector.CACAO_CAFE, ("cacao_cafe", "agro")),
    ("Piscigranja Paiche Cenepa", "010402", Sector.FISH_FARMING, ("piscicultura",)),
    ("Transporte Fluvial Santiago", "010403", Sector.TRANSPORT, ("transporte",)),
    ("Artesanía Nunkui", "010401", Sector.CRAFTS, ("artesania",)),
    ("Restaurante Sabor Amazónico", "010401", Sector.FOOD, ("gastronomia",)),
    ("Hospedaje Marañón", "010401", Sector.TOURISM, ("turismo", "gastronomia")),
    ("Municipalidad Provincial de Condorcanqui", "010401", Sector.PUBLIC,
     ("servicios", "computo", "contabilidad", "salud")),
    ("Comercial Nieva", "010401", Sector.RETAIL, ("comercio",)),
    ("Constructora Amazonas Norte", "010201", Sector.CONSTRUCTION, ("construccion",)),
    ("Cafés de Bagua Grande", "010701", Sector.CACAO_CAFE, ("cacao_cafe",)),
    ("Supermercado Bagua", "010201", Sector.RETAIL, ("comercio", "contabilidad")),
    ("Impresiones y Cómputo Nieva", "010401", Sector.COMPUTING, ("computo", "comercio")),
    ("Promotores de Salud del Cenepa", "010402", Sector.HEALTH, ("salud", "cuidado")),
    ("Granja Integral Ccarhuayo", "081204", Sector.AGRO, ("agro",)),
)

ANDEAN_WOMEN = ("Yeni", "Rosa", "Marleni", "Nilda", "Maribel", "Yanet", "Flor", "Lucía", "Rocío",
                "Sonia", "Ruth", "Elena", "Sandra", "Gladys", "Luz", "Karina", "Yesica", "Nélida",
                "Roxana", "Milagros", "Beatriz", "Senaida", "Vilma", "Marisol")
ANDEAN_MEN = ("Edwin", "Wilber", "Rubén", "Yhony", "Elvis", "Fredy", "Percy", "Abel", "Hernán",
              "Rolando", "Jhon", "Efraín", "Mario", "Nilton", "Alex", "Saúl")
ANDEAN_SURNAMES = ("Quispe", "Mamani", "Huamán", "Condori", "Ccahuana", "Huillca", "Puma",
                   "Cusi", "Yupanqui", "Apaza", "Ttito", "Layme", "Ccorimanya", "Sullca",
                   "Chillihuani", "Choque", "Hancco", "Qqueccaño")
AMAZON_WOMEN = ("Nancy", "Yolanda", "Dina", "Lidia", "Marisol", "Rosmery", "Nelly", "Esther",
                "Zulema", "Kety", "Lucila", "Delia", "Mirian", "Sara", "Olinda")
AMAZON_MEN = ("Gerardo", "Santiago", "Wrays", "Elmer", "Abraham", "Nelson", "Tito", "Lino",
              "Germán", "Zebelio", "Dávila", "Hilario")
AWAJUN_SURNAMES = ("Tsamajain", "Shawit", "Ampam", "Uwarai", "Yampis", "Chumpi", "Sanchium",
                   "Jempekit", "Nanantai", "Wisum", "Kayap", "Antun", "Ukuncham", "Nuningo")
WAMPIS_SURNAMES = ("Sejekam", "Tsakim", "Nantip", "Yampik", "Shimpukat", "Wajai", "Tiwi")

INFORMAL_WORK = {
    "agro": ("ayudé en la chacra de mi familia", ExperienceKind.FAMILY_UNPAID),
    "cacao_cafe": ("cosecha de cacao en la chacra familiar", ExperienceKind.FAMILY_UNPAID),
    "piscicultura": ("alimenté peces en la poza de mi comunidad", ExperienceKind.COMMUNITY),
    "turismo": ("acompañé a turistas en la ruta", ExperienceKind.INFORMAL),
    "gastronomia": ("cociné para la faena comunal", ExperienceKind.COMMUNITY),
    "artesania": ("tejo y vendo mis prendas en la feria", ExperienceKind.SELF_EMPLOYED),
    "construccion": ("ayudante en obra de un vecino", ExperienceKind.INFORMAL),
    "transporte": ("manejo el peque-peque de mi papá", ExperienceKind.FAMILY_UNPAID),
    "comercio": ("atendí el puesto del mercado", ExperienceKind.FAMILY_UNPAID),
    "cuidado": ("cuidé a mis hermanos y sobrinos", ExperienceKind.FAMILY_UNPAID),
    "salud": ("apoyé en la campaña de vacunación", ExperienceKind.COMMUNITY),
    "computo": ("ayudé en una cabina de internet", ExperienceKind.INFORMAL),
    "contabilidad": ("llevé las cuentas de la tienda familiar", ExperienceKind.FAMILY_UNPAID),
    "servicios": ("limpieza y apoyo en el local comunal", ExperienceKind.COMMUNITY),
    "educacion": ("apoyé a niños con sus tareas", ExperienceKind.COMMUNITY),
}

# (code, title, territory, hours, skill codes it teaches)
TRAININGS = (
    ("CDE-Q-01", "Atención al cliente en turismo", "quispicanchi", 40,
     ("SK-TRV-001", "SK-HOS-001", "SK-TUR-012")),
    ("CDE-Q-02", "Manipulación e higiene de alimentos", "quispicanchi", 24,
     ("SK-COC-001", "SK-COC-009")),
    ("CDE-Q-03", "Teñido natural y acabado textil", "quispicanchi", 60,
     ("SK-ART-005", "SK-ART-002")),
    ("CDE-Q-04", "Computación básica y celular para el trabajo", "quispicanchi", 30,
     ("SK-INF-001", "SK-INF-005", "SK-INF-007")),
    ("CDE-Q-05", "Crianza de truchas", "quispicanchi", 48,
     ("SK-PIS-002", "SK-PIS-006", "SK-PIS-007")),
    ("CDE-C-01", "Injerto y manejo de cacao", "condorcanqui", 48,
     ("SK-CAC-003", "SK-CAC-001", "SK-CAC-005")),
    ("CDE-C-02", "Crianza de paiche y gamitana", "condorcanqui", 48,
     ("SK-PIS-003", "SK-PIS-004", "SK-PIS-009")),
    ("CDE-C-03", "Contabilidad básica para negocios", "condorcanqui", 36,
     ("SK-CNT-001", "SK-CNT-002", "SK-COM-002")),
    ("CDE-C-04", "Primeros auxilios y promoción de la salud", "condorcanqui", 30,
     ("SK-SAL-001", "SK-SAL-002")),
    ("CDE-C-05", "Artesanía awajún para el mercado", "condorcanqui", 40,
     ("SK-ART-009", "SK-ART-012", "SK-ART-013")),
    ("CDE-C-06", "Atención al cliente y ventas", "condorcanqui", 24,
     ("SK-TRV-001", "SK-COM-002")),
)

HIGH_SEASON = (5, 6, 7, 8, 9)
HARVEST = {"cacao_cafe": (3, 4, 5, 6, 7), "agro": (4, 5, 6, 7)}

@dataclass
class DemoReport:
    created: bool
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

def birth_date_for_age(rng: random.Random, today: date, age: int) -> date:
    """A birth date that makes the person exactly ``age`` today (the load data uses it too)."""
    start = date(today.year - age - 1, today.month, 1) + timedelta(days=40)
    day = start + timedelta(days=rng.randrange(300))
    while age_on(day, today) != age:
        day += timedelta(days=-1 if age_on(day, today) < age else 1)
    return day

def _demo_logins(report: DemoReport, password: str) -> None:
    report.logins = [("admin", ADMIN_EMAIL, password)]
    report.logins += [("consejería", email, password) for email, _n, _t in COUNSELORS]
    report.logins += [("empresa", "empresa01@demo.chamba.pe", password),
                      ("empresa", "empresa17@demo.chamba.pe", password),
                      ("joven", "987000001", password), ("joven", "987000002", password)]

def seed_demo(session: Session, password: str, today: date | None = None) -> DemoReport:
    """Create the demo data set once and commit; a second call finds it and does nothing."""
    today = today or date.today()
    report = DemoReport(created=False)
    _demo_logins(report, password)
    if session.scalar(sa.select(User.id).filter_by(email=ADMIN_EMAIL)) is not None:
        return report
    load_reference_data(session)
    rng = random.Random(SEED)
    pw_hash = hash_password(password)
    territories = {t.code: t for t in session.scalars(sa.select(Territory))}
    districts = list(session.scalars(sa.select(District).order_by(District.ubigeo)))
    occupations = list(session.scalars(sa.select(Occupation).order_by(Occupation.code)))
    by_sector: dict[str, list[Occupation]] = {}
    for occupation in occupations:
        by_sector.setdefault(occupation.sector, []).append(occupation)

    admin = User(role=Role.ADMIN, email=ADMIN_EMAIL, display_name="Administración del programa",
                 password_hash=pw_hash)
    session.add(admin)
    counselors = {}
    for email, name, territory in COUNSELORS:
        user = User(role=Role.COUNSELOR, email=email, display_name=name, password_hash=pw_hash,
                    territory=territories[territory])
        session.add(user)
        counselors.setdefault(territory, []).append(user)
    session.flush()

    district_by_code = {d.ubigeo: d for d in districts}
    employers = _employers(session, rng, pw_hash, district_by_code, counselors, today)
    trainings = _trainings(session, territories, today)
    vacancies = _vacancies(session, rng, employers, by_sector, today)
    youth = _youth(session, rng, pw_hash, districts, by_sector, counselors, trainings, today)
    applications = _applications(session, rng, youth, vacancies, counselors, today)
    session.commit()
    report.created = True
    report.counts = {"jóvenes": len(youth), "empresas": len(employers),
                     "ofertas": len(vacancies), "postulaciones": applications,
                     "consejeros": sum(len(c) for c in counselors.values()),
                     "capacitaciones": len(trainings)}
    return report

def _employers(session, rng, pw_hash, district_by_code, counselors, today):
    employers = []
    for i, (name, ubigeo, sector, _hires) in enumerate(EMPLOYERS, start=1):
        district = district_by_code[ubigeo]
        territory = district.territory.code
        pending = i in (8, 24, 30)
        user = User(role=Role.EMPLOYER, email=f"empresa{i:02d}@demo.chamba.pe",
                    display_name=f"Contacto de {name}", password_hash=pw_hash)
        employer = Employer(
            owner=user, name=name, district_code=ubigeo, sector=sector,
            contact_name=user.display_name, contact_phone=f"96{i:07d}",
            contact_email=user.email,
            description=f"{name}, en {district.name}.",
            status=EmployerStatus.PENDING if pending else EmployerStatus.VERIFIED,
        )
        if not pending:
            employer.verified_by = counselors[territory][i % 2]
            employer.verified_at = utcnow() - timedelta(days=rng.randrange(10, 200))
            employer.decision_note = "Visita al local realizada; datos conformes."
        session.add(employer)
        employers.append(employer)
    session.flush()
    return employers

def _trainings(session, territories, today):
    skills = {s.code: s for s in session.scalars(sa.select(Skill))}
    trainings = []
    for code, title, territory, hours, taught in TRAININGS:
        training = Training(code=code, title=title, territory=territories[territory],
                            hours=hours, starts_on=today - timedelta(days=120),
                            ends_on=today - timedelta(days=120 - hours // 4),
                            description=f"Curso del CDE: {title.lower()}.",
                            skills=[skills[c] for c in taught if c in skills])
        session.add(training)
        trainings.append(training)
    session.flush()
    return trainings


def _either_form(occupation) -> str:
    """"mesera o mesero"; an occupation named alike for both ("auxiliar") only once."""
    feminine, masculine = occupation.label_es_f, occupation.label_es
    return masculine if feminine in (None, "", masculine) else f"{feminine} o {masculine}"


def _vacancies(session, rng, employers, by_sector, today):
    vacancies = []
    statuses = [VacancyStatus.OPEN] * 46 + [VacancyStatus.DRAFT] * 5 + \
        [VacancyStatus.CLOSED] * 5 + [VacancyStatus.FILLED] * 4
    for n in range(60):
        employer = employers[n % len(employers)]
        hires = EMPLOYERS[n % len(employers)][3]
        pool = [o for s in hires for o in by_sector.get(s, [])] or by_sector["servicios"]
        occupation = pool[rng.randrange(len(pool))]
        status = statuses[n] if employer.is_verified else VacancyStatus.DRAFT
        adolescents = occupation.adolescent_permitted and rng.random() < 0.6
        skills = list(occupation.skills)
        rng.shuffle(skills)
        vacancy = Vacancy(
            employer=employer, title=occupation.label_es.capitalize(), occupation=occupation,
            description=(f"Buscamos {_either_form(occupation)} para {employer.name}. "
                         "Te enseñamos en el trabajo."),
            positions=rng.choice((1, 1, 1, 2, 2, 3, 5)),
            district_code=employer.district_code,
            day_parts=rng.choice((1, 3, 3, 2)) if adolescents else rng.choice((1, 3, 7, 2)),
            pay_pen=Decimal(rng.choice((1130, 1130, 1200, 1300, 1500, 1800))),
            contract_type=rng.choice(list(ContractType)),
            min_education=rng.choice((0, 2, 3, 4)),
            min_age=15 if adolescents else 18,
            status=status,
            closes_on=today + timedelta(days=rng.randrange(10, 90)),
            published_at=None if status == VacancyStatus.DRAFT else utcnow(),
        )
        if vacancy.contract_type == ContractType.PER_DAY:
            # A jornal is a day's pay (vacancies.contract_pay_problem), not S/ 1,300 a month.
            vacancy.pay_period = PayPeriod.DAY
            vacancy.pay_pen = (vacancy.pay_pen / 26).quantize(Decimal("1"))
        for i, skill in enumerate(skills[:4]):
            vacancy.skill_links.append(VacancySkill(skill=skill, required=i < 2))
        months = HARVEST.get(occupation.sector) or (
            HIGH_SEASON if occupation.sector == "turismo" else ())
        if months and rng.random() < 0.7:
            vacancy.months = [VacancyMonth(month=m) for m in months]
        if employer.district.territory.code == "quispicanchi" and rng.random() < 0.35:
            vacancy.languages = [VacancyLanguage(language=Language.QUECHUA)]
        elif employer.district.territory.code == "condorcanqui" and rng.random() < 0.3:
            vacancy.languages = [VacancyLanguage(language=Language.AWAJUN)]
        session.add(vacancy)
        vacancies.append(vacancy)
    session.flush()
    return vacancies

def _youth(session, rng, pw_hash, districts, by_sector, counselors, trainings, today):
    home = {"quispicanchi": [d for d in districts if d.province == "Quispicanchi"],
            "condorcanqui": [d for d in districts if d.province == "Condorcanqui"]}
    sectors = sorted(by_sector)
    people = []
    for n in range(1, 401):
        territory = "quispicanchi" if n % 5 < 3 else "condorcanqui"
        woman = rng.random() < 0.6
        andean = territory == "quispicanchi"
        wampis = not andean and rng.random() < 0.3
        if andean:
            first = rng.choice(ANDEAN_WOMEN if woman else ANDEAN_MEN)
            last = f"{rng.choice(ANDEAN_SURNAMES)} {rng.choice(ANDEAN_SURNAMES)}"
        else:
            first = rng.choice(AMAZON_WOMEN if woman else AMAZON_MEN)
            last = rng.choice(WAMPIS_SURNAMES if wampis else AWAJUN_SURNAMES)
        age = rng.choice(range(15, 30))
        counselor = rng.choice(counselors[territory])
        assisted = rng.random() < 0.55
        login = {"phone": f"987{n:06d}"} if n % 4 else {"email": f"joven{n:03d}@demo.chamba.pe"}
        user = User(role=Role.YOUTH, display_name=first, password_hash=pw_hash, **login)
        district = rng.choice(home[territory])
        profile = CandidateProfile(user=user, first_name=first, last_name=last,
                                   district_code=district.ubigeo,
                                   registered_by=counselor if assisted else None)
        session.add(profile)
        completeness = rng.random()
        profile.birth_date = birth_date_for_age(rng, today, age)
        profile.sex = Sex.FEMALE if woman else Sex.MALE
        _languages(rng, profile, andean, wampis)
        if completeness > 0.15:
            profile.education = rng.choice((2, 3, 4, 4, 4, 5))
            sector = rng.choice(sectors)
            title, kind = INFORMAL_WORK[sector]
            profile.experiences.append(Experience(title=title, kind=kind,
                                                  months=rng.randrange(3, 48)))
            wanted = by_sector[sector][: rng.randrange(1, 3)]
            profile.desired_occupations = list(wanted)
            skills = {s.code: s for o in wanted for s in o.skills}
            picks = sorted(skills.values(), key=lambda s: s.code)
            rng.shuffle(picks)
            profile.skills = picks[: rng.randrange(2, 6)]
        if completeness > 0.4:
            profile.day_parts = rng.choice((1, 3, 7, 2))
            profile.max_travel_km = rng.choice((5, 10, 20, 40, 80))
            profile.willing_to_relocate = rng.random() < 0.25
            profile.months = [CandidateMonth(month=m) for m in range(1, 13)
                              if rng.random() < 0.75]
            profile.has_dni = age >= 18 or rng.random() < 0.8
            profile.has_cul = rng.random() < 0.3
            profile.has_health_card = rng.random() < 0.35
            profile.has_bank_account = rng.random() < 0.25
            profile.entrepreneurship_interest = rng.random() < 0.4
            profile.about = "Soy responsable y aprendo rápido."
        visible = completeness > 0.3 and rng.random() < 0.75
        profile.visibility = Visibility.EMPLOYERS if visible else Visibility.PRIVATE
        method = rng.choice((ConsentMethod.WRITTEN, ConsentMethod.ORAL)) if assisted \
            else ConsentMethod.ONLINE
        guardian = {}
        if age < 18:
            guardian = {"guardian_name": f"{rng.choice(ANDEAN_WOMEN + AMAZON_WOMEN)} {last}",
                        "guardian_relation": rng.choice(("madre", "padre", "tía", "abuela"))}
        for purpose in (ConsentPurpose.PROCESSING, ConsentPurpose.VISIBILITY):
            granted = purpose == ConsentPurpose.PROCESSING or visible
            session.add(Consent(user=user, purpose=purpose, notice_version=NOTICE_VERSION,
                                granted=granted, method=method,
                                captured_by=counselor if assisted else None, **guardian))
        if completeness > 0.5 and rng.random() < 0.3:
            own = [t for t in trainings if t.territory.code == territory]
            training = rng.choice(own)
            session.add(Enrollment(training=training, profile=profile,
                                   status=EnrollmentStatus.COMPLETED,
                                   completed_on=training.ends_on))
        people.append(profile)
    session.flush()
    return people

def spoken_languages(rng: random.Random, andean: bool,
                     wampis: bool) -> list[tuple[Language, LanguageLevel]]:
    """The languages a young person of the Andes or the Amazon speaks, and how well.

    The demo and the load data both draw people this way, with the same calls to ``rng``.
    """
    if andean:
        quechua_first = rng.random() < 0.7
        spoken = [(Language.SPANISH, LanguageLevel.ADVANCED if quechua_first
                   else LanguageLevel.NATIVE)]
        if quechua_first or rng.random() < 0.5:
            spoken.append((Language.QUECHUA, LanguageLevel.NATIVE if quechua_first
                           else LanguageLevel.INTERMEDIATE))
        if rng.random() < 0.15:
            spoken.append((Language.ENGLISH, LanguageLevel.BASIC))
        return spoken
    own = Language.WAMPIS if wampis else Language.AWAJUN
    return [(own, LanguageLevel.NATIVE),
            (Language.SPANISH, rng.choice((LanguageLevel.INTERMEDIATE, LanguageLevel.ADVANCED)))]


def _languages(rng, profile, andean, wampis):
    profile.languages = [CandidateLanguage(language=language, level=level)
                         for language, level in spoken_languages(rng, andean, wampis)]


def _applications(session, rng, youth, vacancies, counselors, today) -> int:
    open_vacancies = [v for v in vacancies if v.status == VacancyStatus.OPEN]
    count = 0
    seen = set()
    for profile in youth[::5]:
        territory = "quispicanchi" if profile.district_code.startswith("08") else "condorcanqui"
        local = [v for v in open_vacancies
                 if v.employer.district.territory.code == territory]
        if not local:
            continue
        vacancy = rng.choice(local)
        age = age_on(profile.birth_date, today)
        if (profile.id, vacancy.id) in seen or age < vacancy.min_age:
            continue
        seen.add((profile.id, vacancy.id))
        by_counselor = rng.random() < 0.4
        start = Stage.PROPOSED if by_counselor else Stage.RECEIVED
        actor = rng.choice(counselors[territory]) if by_counselor else profile.user
        application = Application(profile=profile, vacancy=vacancy, stage=start,
                                  source=Source.COUNSELOR if by_counselor else Source.SELF,
                                  created_by=actor,
                                  message="" if by_counselor else "Me interesa este trabajo.")
        application.events.append(StageEvent(from_stage=None, to_stage=start, actor=actor))
        if rng.random() < 0.3:
            application.events.append(StageEvent(from_stage=start, to_stage=Stage.INTERVIEW,
                                                 actor=vacancy.employer.owner))
            application.stage = Stage.INTERVIEW
        session.add(application)
        count += 1
    session.flush()
    return count
