"""A counselor registers a youth on their behalf; the youth later sets a password with a code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import AuditEvent, CandidateProfile, Consent, ConsentMethod, User
from tests.factories import ProfileFactory
from tests.factories import counselor as make_counselor
from tests.helpers import count, csrf_token, login, years_ago
from web.extensions import db
from web.services import accounts


@pytest.fixture()
def counselor(session):
    return make_counselor("nieva@cde.pe", "condorcanqui")


def assisted_form(**overrides):
    form = {"first_name": "Nancy", "last_name": "Tsamajain", "phone": "965432100", "email": "",
            "birth_date": years_ago(17, days=20).isoformat(),
            "district": "010401", "consent_method": "oral", "guardian_name": "Dina Tsamajain",
            "guardian_relation": "madre", "consent": "y", "visible": "y"}
    form.update(overrides)
    return form


def _register(client, **overrides):
    path = "/consejeria/jovenes/nuevo"
    return client.post(path, data={**assisted_form(**overrides),
                                   "csrf_token": csrf_token(client, path)})


def _code_from(html: str) -> str:
    import re

    return re.search(r"<strong>(\d{4}) (\d{4})</strong>", html).group(0)[8:17].replace(" ", "")


def test_counselor_registers_a_youth_with_oral_consent_and_a_code(client, auth, counselor, session):
    auth.login("nieva@cde.pe")
    response = _register(client)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    code = _code_from(html)
    assert len(code) == 8
    user = session.scalar(sa.select(User).filter_by(phone="965432100"))
    assert user.password_hash is None and user.setup_code_hash and code not in user.setup_code_hash
    profile = session.scalar(sa.select(CandidateProfile))
    assert profile.registered_by_id == counselor.id and profile.district_code == "010401"
    consents = list(session.scalars(sa.select(Consent).filter_by(user_id=user.id)))
    assert {c.method for c in consents} == {ConsentMethod.ORAL}
    assert {c.captured_by_id for c in consents} == {counselor.id}
    assert {c.guardian_name for c in consents} == {"Dina Tsamajain"}
    audit = session.scalar(sa.select(AuditEvent))
    assert audit.actor_id == counselor.id and audit.subject_user_id == user.id

    # The youth sets her own password with the code, then signs in with it.
    youth = client.application.test_client()
    path = "/cuenta/activar"
    done = youth.post(path, data={"identifier": "965432100", "code": code,
                                  "password": "mi rio marañon 2026",
                                  "csrf_token": csrf_token(youth, path)})
    assert done.status_code == 302
    assert youth.get("/joven/").status_code == 200
    # The code works once only.
    again = client.application.test_client()
    reuse = again.post(path, data={"identifier": "965432100", "code": code,
                                   "password": "otra frase 2026 x",
                                   "csrf_token": csrf_token(again, path)})
    assert "El código no es válido o ya venció" in reuse.get_data(as_text=True)


@pytest.mark.parametrize(("changes", "message"), [
    ({"district": "081210"}, "Opción inválida."),            # another territory's district
    ({"consent": ""}, "Sin su consentimiento no se puede registrar."),
    ({"consent_method": "online"}, "Opción inválida."),
    ({"guardian_name": ""}, "De 15 a 17 años hace falta el nombre de la madre"),
    ({"dni": "1234567"}, "El DNI tiene 8 dígitos."),
    ({"username": "Ñandú!"}, "De 3 a 32 letras sin tildes"),
    ({"first_name": "<script>x</script>"}, "Solo se pueden usar letras"),
    ({"birth_date": (date.today() + timedelta(days=1)).isoformat()},
     "La fecha de nacimiento no puede estar en el futuro."),
])
def test_bad_assisted_registration_is_refused(client, auth, counselor, changes, message):
    auth.login("nieva@cde.pe")
    response = _register(client, **changes)
    assert message in response.get_data(as_text=True)
    assert count(CandidateProfile) == 0


def test_counselor_cannot_register_into_another_territory_even_by_forging_the_form(
        session, counselor):
    data = accounts.AssistedSignup("Rosa", "Quispe", "965000000", None, years_ago(21),
                                   "081210", ConsentMethod.WRITTEN, False)
    with pytest.raises(accounts.AccountError, match="distrito de su territorio"):
        accounts.register_assisted(session, counselor, data)


def test_wrong_or_expired_code_is_refused(client, counselor, session):
    profile = ProfileFactory(user__phone="965000111", user__password_hash=None,
                             district_code="010401")
    code = accounts.issue_setup_code(session, profile.user)
    session.commit()
    path = "/cuenta/activar"
    bad = client.post(path, data={"identifier": "965000111", "code": "22222222",
                                  "password": "frase nueva 2026", "csrf_token":
                                  csrf_token(client, path)})
    assert "El código no es válido" in bad.get_data(as_text=True)
    profile.user.setup_code_expires_at = accounts.utcnow() - timedelta(minutes=1)
    session.commit()
    late = client.post(path, data={"identifier": "965000111", "code": code,
                                   "password": "frase nueva 2026", "csrf_token":
                                   csrf_token(client, path)})
    assert "ya venció" in late.get_data(as_text=True)


def test_counselor_reset_code_ends_the_youths_sessions(app, client, auth, counselor, session):
    profile = ProfileFactory(user__phone="965000222", district_code="010402")
    youth = app.test_client()
    login(youth, "965000222")
    assert youth.get("/joven/").status_code == 200
    auth.login("nieva@cde.pe")
    response = client.post(f"/consejeria/jovenes/{profile.id}/codigo",
                           data={"csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 200
    code = _code_from(response.get_data(as_text=True))
    assert youth.get("/joven/").status_code == 302  # the old session is over
    path = "/cuenta/activar"
    assert youth.post(path, data={"identifier": "965000222", "code": code,
                                  "password": "frase nueva 2026",
                                  "csrf_token": csrf_token(youth, path)}).status_code == 302


def test_counselor_verifies_an_employer_and_the_employer_sees_it(client, auth, counselor, session):
    from models import EmployerStatus, Notification
    from tests.factories import EmployerFactory

    employer = EmployerFactory(district_code="010401")
    auth.login("nieva@cde.pe")
    path = f"/consejeria/empresas/{employer.id}"
    empty = client.post(path, data={"decision": "verify", "note": "",
                                    "csrf_token": csrf_token(client, path)})
    assert "Escriba qué vio en la visita" in empty.get_data(as_text=True)
    client.post(path, data={"decision": "verify", "note": "Local visitado, RUC conforme.",
                            "csrf_token": csrf_token(client, path)})
    db.session.refresh(employer)
    assert employer.status == EmployerStatus.VERIFIED
    assert employer.verified_by_id == counselor.id and employer.verified_at is not None
    note = session.scalar(sa.select(Notification))
    assert note.user_id == employer.user_id and "verificado" in note.subject


def test_employer_reads_the_verification_notice_on_their_home(client, auth, counselor, app):
    from tests.factories import EmployerFactory

    employer = EmployerFactory(district_code="010401", owner__email="tienda@nieva.pe")
    auth.login("nieva@cde.pe")
    path = f"/consejeria/empresas/{employer.id}"
    client.post(path, data={"decision": "reject", "note": "No encontramos el local.",
                            "csrf_token": csrf_token(client, path)})
    owner = app.test_client()
    login(owner, "tienda@nieva.pe")
    html = owner.get("/empresa/").get_data(as_text=True)
    assert "El CDE no pudo verificar su negocio" in html and "No encontramos el local." in html
