"""Counselors see the ranked, explained candidates of their territory and propose them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateLanguage,
    EmployerStatus,
    Language,
    LanguageLevel,
    Role,
    Skill,
    Source,
    Stage,
    VacancyLanguage,
    VacancySkill,
    Visibility,
    utcnow,
)
from tests.factories import (
    EmployerFactory,
    ProfileFactory,
    UserFactory,
    VacancyFactory,
    counselor,
)
from tests.helpers import csrf_token, occupation, years_ago
from web.extensions import db


@pytest.fixture()
def scene(session):
    urcos = counselor("urcos@cde.pe", "quispicanchi")
    counselor("nieva@cde.pe", "condorcanqui")
    verifier = UserFactory(role=Role.ADMIN, phone=None, email="adm@cde.pe")
    employer = EmployerFactory(district_code="081210", status=EmployerStatus.VERIFIED,
                               verified_by=verifier, verified_at=utcnow())
    waiter = occupation("mesero")
    service = session.scalar(sa.select(Skill).filter(Skill.label_es.like("atención al cliente%")))
    vacancy = VacancyFactory(employer=employer, title="Mozo para el lodge", occupation=waiter,
                             district_code="081210")
    vacancy.skill_links.append(VacancySkill(skill=service, required=True))
    vacancy.languages.append(VacancyLanguage(language=Language.QUECHUA))
    # Only people who chose to be seen by employers may be proposed (test_consent_switch.py).
    good = ProfileFactory(first_name="Yeni", district_code="081210", sex="F",
                          birth_date=years_ago(22), desired_occupations=[waiter],
                          skills=[service], visibility=Visibility.EMPLOYERS)
    good.languages.append(CandidateLanguage(language=Language.QUECHUA,
                                            level=LanguageLevel.NATIVE))
    plain = ProfileFactory(first_name="Percy", district_code="081201",
                           birth_date=years_ago(23), visibility=Visibility.EMPLOYERS)
    no_quechua = ProfileFactory(first_name="Rubén", district_code="081210",
                                birth_date=years_ago(24), desired_occupations=[waiter],
                                visibility=Visibility.EMPLOYERS)
    no_quechua.languages.append(CandidateLanguage(language=Language.SPANISH,
                                                  level=LanguageLevel.NATIVE))
    far = ProfileFactory(first_name="Nancy", district_code="010401", desired_occupations=[waiter])
    session.commit()
    return {"counselor": urcos, "vacancy": vacancy, "good": good, "plain": plain,
            "no_quechua": no_quechua, "far": far}


def test_counselor_sees_ranked_candidates_with_reasons(client, auth, scene):
    auth.login("urcos@cde.pe")
    html = client.get(f"/consejeria/ofertas/{scene['vacancy'].id}").get_data(as_text=True)
    assert html.index("Yeni") < html.index("Percy")
    # She wants the job and has not done it: said as a wish, never as experience.
    assert "Quiere trabajar de mesera" in html and "experiencia como" not in html
    assert "Rubén" not in html          # speaks no Quechua: a known incompatibility
    assert "Nancy" not in html          # another territory


def test_counselor_of_another_territory_gets_404(client, auth, scene):
    auth.login("nieva@cde.pe")
    assert client.get(f"/consejeria/ofertas/{scene['vacancy'].id}").status_code == 404


def test_proposal_keeps_its_snapshot_when_the_profile_changes(client, auth, scene, session):
    auth.login("urcos@cde.pe")
    vacancy, good = scene["vacancy"], scene["good"]
    path = f"/consejeria/ofertas/{vacancy.id}/proponer/{good.id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 302
    application = session.scalar(sa.select(Application))
    assert application.source == Source.COUNSELOR and application.stage == Stage.PROPOSED
    snapshot = dict(application.explanation)
    assert snapshot["score"] == pytest.approx(application.score, abs=1e-4)
    assert any("quechua" in r["text"] for r in snapshot["reasons"])
    good.skills.clear()
    good.desired_occupations.clear()
    session.commit()
    db.session.refresh(application)
    assert application.explanation == snapshot
    # Proposing the same person twice is refused with a message.
    again = client.post(path, data={"csrf_token": csrf_token(client, "/cuenta")},
                        follow_redirects=True)
    assert "ya tiene un caso abierto" in again.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Application)) == 1


def test_cannot_propose_someone_the_matcher_excludes(client, auth, scene, session):
    auth.login("urcos@cde.pe")
    path = f"/consejeria/ofertas/{scene['vacancy'].id}/proponer/{scene['no_quechua'].id}"
    response = client.post(path, data={"csrf_token": csrf_token(client, "/cuenta")},
                           follow_redirects=True)
    assert "no aparece entre los candidatos" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_hidden_profile_leaves_the_ranking_at_once(client, auth, scene, session):
    auth.login("urcos@cde.pe")
    path = f"/consejeria/ofertas/{scene['vacancy'].id}"
    assert "Yeni" in client.get(path).get_data(as_text=True)
    scene["good"].hidden_at = utcnow()
    session.commit()
    assert "Yeni" not in client.get(path).get_data(as_text=True)
