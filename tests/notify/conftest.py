"""Fixtures for messages: people who opted in, fake gateways, and the live Kannel parts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

import pytest
import sqlalchemy as sa

from models import (
    Base,
    ConsentMethod,
    EmployerStatus,
    Role,
    Territory,
    User,
    utcnow,
)
from tests.factories import EmployerFactory, ProfileFactory, UserFactory, VacancyFactory
from tests.helpers import REFERENCE_TABLES, IsolatedClient
from web.extensions import db
from web.notify.kannel import SendResult
from web.services import messaging

from .live import SKIP_REASON, Kannel, LiveServer, scratch_database

_SEQUENCE = itertools.count()
CDE_PHONES = "quispicanchi=084555111,condorcanqui=041555222"


@pytest.fixture(autouse=True)
def _messaging_settings(request, monkeypatch):
    """Known settings for every test here: CDE phones, no WhatsApp unless a test sets it."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    for key, value in {"CDE_PHONES": CDE_PHONES, "WHATSAPP_TOKEN": None,
                       "WHATSAPP_PHONE_NUMBER_ID": None, "SMS_MONTHLY_CAP_PEN": "300",
                       "SMS_COST_PER_SEGMENT_PEN": "0.08",
                       "MESSAGE_QUIET_HOURS": "21:00-07:00"}.items():
        monkeypatch.setitem(app.config, key, value)
    yield


@dataclass
class RecordingGateway:
    """Stands in for Kannel or WhatsApp in unit tests: remembers, and answers as told."""

    answers: list[SendResult] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)

    def send(self, to: str, text: str, dlr_url: str = "") -> SendResult:
        self.sent.append((to, text))
        return self.answers.pop(0) if self.answers else SendResult(True, reason="0: Accepted")

    def send_template(self, to, template, params):
        return self.send(to, f"{template}:{'|'.join(params)}")

    def send_text(self, to, body):
        return self.send(to, body)


def territory(code: str) -> Territory:
    return db.session.scalar(sa.select(Territory).where(Territory.code == code))


def counselor_of(code: str, email: str | None = None) -> User:
    t = territory(code)
    return UserFactory(role=Role.COUNSELOR, phone=None, territory_id=t.id,
                       email=email or f"consejera.{code}@test.pe")


def youth(district: str = "081210", phone: str | None = None, opted_in: bool = True,
          first_name: str = "Rosa", **prefs):
    """A youth with a profile; opted in to SMS (oral consent to a counselor) unless told."""
    kwargs = {"phone": phone} if phone else {}
    profile = ProfileFactory(district_code=district, first_name=first_name,
                             user__display_name=first_name, birth_date=date(2004, 5, 5),
                             **kwargs)
    if opted_in:
        actor = counselor_of("quispicanchi" if district.startswith("08") else "condorcanqui",
                             email=f"c{profile.id}@test.pe")
        wanted = messaging.Preferences(prefs.pop("sms_phone", None), prefs.pop("sms", True),
                                       prefs.pop("whatsapp", False),
                                       prefs.pop("job_alerts", False))
        messaging.save_preferences(db.session, actor, profile.user, wanted, ConsentMethod.ORAL)
    return profile


def open_vacancy(district: str = "081210", title: str = "Ayudante de cocina",
                 employer: str = "Hotel Ausangate"):
    verifier = UserFactory(role=Role.ADMIN, phone=None,
                           email=f"verifica{next(_SEQUENCE)}@test.pe")
    owner_employer = EmployerFactory(district_code=district, name=employer,
                                     status=EmployerStatus.VERIFIED, verified_by=verifier,
                                     verified_at=utcnow())
    return VacancyFactory(employer=owner_employer, title=title, district_code=district)


# --- the live parts ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """The app on a database of its own, served over HTTP so Kannel can call it."""
    from web import create_app
    from web.services.reference import load_reference_data

    url, drop = scratch_database(tmp_path_factory.mktemp("live"))
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, CDE_PHONES=CDE_PHONES,
                     WHATSAPP_TOKEN=None, WHATSAPP_PHONE_NUMBER_ID=None)
    app.test_client_class = IsolatedClient
    with app.app_context():
        Base.metadata.create_all(db.engine)
        load_reference_data(db.session)
        db.session.remove()
    server = LiveServer(app)
    app.config["PUBLIC_BASE_URL"] = server.url
    yield app
    server.stop()
    with app.app_context():
        db.engine.dispose()
    drop()


@pytest.fixture(scope="module")
def kannel(live_app, tmp_path_factory):
    from .live import MISSING

    if MISSING:
        pytest.skip(SKIP_REASON)
    from web.notify import signing

    with live_app.app_context():
        inbound = signing.inbound_url()
    gateway = Kannel(tmp_path_factory.mktemp("kannel"), inbound)
    gateway.start()
    live_app.config.update(KANNEL_SENDSMS_URL=gateway.sendsms_url,
                           KANNEL_USERNAME="chamba", KANNEL_PASSWORD=gateway.password)
    yield gateway
    gateway.stop()


@pytest.fixture()
def live(live_app):
    """An app context on the live database, emptied (but for reference data) afterwards."""
    with live_app.app_context():
        yield db.session
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    connection.execute(table.delete())
