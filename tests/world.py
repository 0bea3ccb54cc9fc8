"""A world with two of everything, shared by the access, injection, XSS and inventory tests.

Two territories, each with a counselor, a youth (with an experience), a verified employer
with an open vacancy and an application from that territory's youth, and a follow-up on
that application; plus a draft vacancy, a programme admin, and nobody signed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from models import (
    Application,
    CandidateLanguage,
    Enrollment,
    Experience,
    ExperienceKind,
    FollowUp,
    Language,
    LanguageLevel,
    Role,
    Sex,
    Skill,
    Source,
    Stage,
    StageEvent,
    Training,
    VacancyStatus,
    utcnow,
)
from tests.factories import (
    ProfileFactory,
    UserFactory,
    VacancyFactory,
    counselor,
    verified_employer,
)
from tests.helpers import AuthActions, occupation, years_ago
from web.extensions import db

# Who can be signed in: "anonymous" is nobody.
ROLES = ("anonymous", "youth_q", "youth_c", "employer_q", "employer_c", "counselor_q",
         "counselor_c", "admin")


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


def build_world() -> World:
    o: dict = {}
    o["counselor_q"] = counselor("cq@cde.pe", "quispicanchi", display_name="Consejera Q")
    o["counselor_c"] = counselor("cc@cde.pe", "condorcanqui", display_name="Consejero C")
    o["admin"] = UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe",
                             display_name="Admin")
    waiter = occupation("mesero")
    for side, district, employer_district, counselor_ in (
            ("q", "081210", "081201", o["counselor_q"]),
            ("c", "010401", "010402", o["counselor_c"])):
        youth = ProfileFactory(user__phone=f"98710000{1 if side == 'q' else 2}",
                               first_name=f"Joven{side.upper()}", district_code=district,
                               birth_date=years_ago(22), sex=Sex.FEMALE, education=3,
                               desired_occupations=[waiter])
        youth.languages.append(CandidateLanguage(language=Language.SPANISH,
                                                 level=LanguageLevel.NATIVE))
        youth.experiences.append(Experience(title=f"Mesera {side}", kind=ExperienceKind.INFORMAL,
                                            months=6, description="Atendí mesas."))
        employer = verified_employer(counselor_, district_code=employer_district,
                                     name=f"Negocio {side}", contact_name=f"Contacto {side}")
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
        # A CDE course of the territory with the youth enrolled (not finished yet).
        course = Training(code=f"CUR-W{side.upper()}", title=f"Curso {side}", hours=20,
                          territory=counselor_.territory, capacity=20,
                          skills=[occupation_skill(waiter)])
        enrollment = Enrollment(training=course, profile=youth)
        db.session.add(enrollment)
        db.session.commit()
        o[f"course_{side}"] = course
        o[f"enrollment_{side}"] = enrollment
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


def occupation_skill(occupation) -> Skill:
    """A skill the occupation asks for (the first by code), or any skill."""
    return occupation.skills[0] if occupation.skills else db.session.scalar(
        sa.select(Skill).order_by(Skill.id).limit(1))


def client_as(app, world: World, who: str):
    """A fresh client signed in as ``who`` through the real form (or nobody)."""
    client = app.test_client()
    if who != "anonymous":
        AuthActions(client).login(world.user(who).login)
    return client
