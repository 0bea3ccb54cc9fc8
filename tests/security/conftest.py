"""A world with two of everything, and helpers to act in it as any role.

Two territories, each with a counselor, a youth (with an experience), a verified employer
with an open vacancy and an application from that territory's youth, and a follow-up on
that application; plus a draft vacancy, a programme admin, and nobody signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    Application,
    Base,
    CandidateLanguage,
    EmployerStatus,
    Experience,
    ExperienceKind,
    FollowUp,
    Language,
    LanguageLevel,
    Occupation,
    Role,
    Sex,
    Skill,
    Source,
    Stage,
    StageEvent,
    Territory,
    VacancyStatus,
    utcnow,
)
from tests.conftest import REFERENCE_TABLES, csrf_token, login
from tests.factories import EmployerFactory, ProfileFactory, UserFactory, VacancyFactory
from web.extensions import db

# Who can be signed in: "anonymous" is nobody.
ROLES = ("anonymous", "youth_q", "youth_c", "employer_q", "employer_c", "counselor_q",
         "counselor_c", "admin")
# Tables whose content a request may change without it being a change of data.
# (a session's last use and the authenticator's last step move with every sign-in and page).
VOLATILE_TABLES = {"rate_limit_counters", "user_sessions", "staff_totp"}


@dataclass
class World:
    """Every object of the two territories, by name; ids via ``world.ids``."""

    objects: dict

    def __getitem__(self, key: str):
        return self.objects[key]

    @property
    def ids(self) -> dict[str, int]:
        return {key: value.id for key, value in self.objects.items()}

    def user(self, who: str):
        thing = self.objects[who]
        return getattr(thing, "user", None) or getattr(thing, "owner", None) or thing


def _territory(code: str) -> Territory:
    return db.session.scalar(sa.select(Territory).filter_by(code=code))


def build_world() -> World:
    q, c = _territory("quispicanchi"), _territory("condorcanqui")
    o: dict = {}
    o["counselor_q"] = UserFactory(role=Role.COUNSELOR, phone=None, email="cq@cde.pe",
                                   display_name="Consejera Q", territory=q)
    o["counselor_c"] = UserFactory(role=Role.COUNSELOR, phone=None, email="cc@cde.pe",
                                   display_name="Consejero C", territory=c)
    o["admin"] = UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe",
                             display_name="Admin")
    waiter = db.session.scalar(sa.select(Occupation).filter_by(label_es="mesero"))
    for side, district, employer_district, counselor in (
            ("q", "081210", "081201", o["counselor_q"]),
            ("c", "010401", "010402", o["counselor_c"])):
        youth = ProfileFactory(user__phone=f"98710000{1 if side == 'q' else 2}",
                               first_name=f"Joven{side.upper()}", district_code=district,
                               birth_date=date(2004, 5, 1), sex=Sex.FEMALE, education=3,
                               desired_occupations=[waiter])
        youth.languages.append(CandidateLanguage(language=Language.SPANISH,
                                                 level=LanguageLevel.NATIVE))
        youth.experiences.append(Experience(title=f"Mesera {side}", kind=ExperienceKind.INFORMAL,
                                            months=6, description="Atendí mesas."))
        employer = EmployerFactory(district_code=employer_district, name=f"Negocio {side}",
                                   contact_name=f"Contacto {side}",
                                   status=EmployerStatus.VERIFIED, verified_by=counselor,
                                   verified_at=utcnow())
        vacancy = VacancyFactory(employer=employer, title=f"Mesera {side}",
                                 district_code=employer_district, occupation=waiter,
                                 published_at=utcnow())
        draft = VacancyFactory(employer=employer, title=f"Borrador {side}",
                               district_code=employer_district, status=VacancyStatus.DRAFT)
        application = Application(profile=youth, vacancy=vacancy, source=Source.SELF,
                                  stage=Stage.RECEIVED, message="Me interesa.")
        application.events.append(StageEvent(from_stage=None, to_stage=Stage.RECEIVED))
        application.follow_ups.append(FollowUp(months_after=1,
                                               due_on=date.today() + timedelta(days=3)))
        db.session.add(application)
        db.session.commit()
        o[f"youth_{side}"] = youth
        o[f"employer_{side}"] = employer
        o[f"vacancy_{side}"] = vacancy
        o[f"draft_{side}"] = draft
        o[f"application_{side}"] = application
        o[f"follow_up_{side}"] = application.follow_ups[0]
        o[f"experience_{side}"] = youth.experiences[0]
    # Programme data only the admin edits.
    o["skill"] = db.session.scalar(sa.select(Skill).order_by(Skill.id).limit(1))
    o["occupation"] = waiter
    return World(o)


@pytest.fixture()
def world(session) -> World:
    return build_world()


def client_as(app, world: World, who: str):
    """A fresh client signed in as ``who`` through the real form (or nobody)."""
    client = app.test_client()
    if who != "anonymous":
        response = login(client, world.user(who).login)
        assert response.status_code == 302, f"could not sign in as {who}"
    return client


@pytest.fixture()
def as_role(app, world):
    """``as_role("counselor_q")`` → a client signed in as that member of the world."""
    clients: dict[str, object] = {}

    def get(who: str):
        if who not in clients:
            clients[who] = client_as(app, world, who)
        return clients[who]

    return get


def token_for(client) -> str:
    """A valid CSRF token of ``client``'s own session (every page's footer carries one)."""
    return csrf_token(client, "/privacidad")


def _fingerprint(table: sa.Table) -> sa.Select:
    """One row that changes when any row of a (large) reference table is added or edited."""
    parts = [sa.func.count()]
    for column in table.columns:
        if isinstance(column.type, sa.String):
            parts.append(sa.func.coalesce(sa.func.sum(sa.func.length(column)), 0))
        elif isinstance(column.type, sa.Boolean):
            parts.append(sa.func.count(sa.case((column.is_(True), 1))))
        else:
            parts.append(sa.func.count(column))
    return sa.select(*parts).select_from(table)


def snapshot() -> dict[str, list[tuple]]:
    """The content of every data table (a fingerprint of the reference tables), to compare
    before and after a request."""
    state = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            if table.name in REFERENCE_TABLES:
                state[table.name] = [tuple(connection.execute(_fingerprint(table)).one())]
                continue
            rows = connection.execute(sa.select(table)).all()
            state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/ingresar" in response.headers.get("Location", "")
