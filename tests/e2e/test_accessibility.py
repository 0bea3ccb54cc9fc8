"""axe-core on every main page of the three audiences: no serious or critical violation,
labelled forms, enough contrast, and everything reachable by keyboard."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from models import Base, Vacancy, VacancyStatus
from tests.e2e.conftest import pass_second_factor
from web import create_app
from web.extensions import db
from web.services import demo

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "accesible-para-todos-2026"

PAGES = {
    None: ["/", "/ingresar", "/registro", "/registro/empresa", "/privacidad", "/cuenta/activar"],
    "987000001": ["/joven/", "/joven/para-ti", "/joven/ofertas", "/joven/perfil",
                  "/joven/perfil/idiomas", "/joven/perfil/experiencia",
                  "/joven/perfil/habilidades?q=caja", "/joven/perfil/disponibilidad",
                  "/joven/postulaciones", "/joven/cv", "/cuenta"],
    "empresa01@demo.chamba.pe": ["/empresa/", "/empresa/ofertas/nueva", "{employer_vacancy}",
                                 "{employer_vacancy}/candidatos",
                                 "{employer_vacancy}/postulantes"],
    "consejera.urcos@chamba.pe": ["/consejeria/", "/consejeria/ofertas", "{counselor_vacancy}",
                                  "/consejeria/seguimientos", "/consejeria/indicadores",
                                  "/consejeria/jovenes/nuevo"],
}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A live server with the full demo data set, on its own SQLite file."""
    path = tmp_path_factory.mktemp("a11y") / "chamba.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        Base.metadata.create_all(db.engine)
        demo.seed_demo(db.session, PASSWORD, today=date.today())
        employer_vacancy = db.session.scalar(
            sa.select(Vacancy.id).join(Vacancy.employer)
            .where(Vacancy.employer.has(name="Ausangate Lodge")).order_by(Vacancy.id))
        counselor_vacancy = db.session.scalar(
            sa.select(Vacancy.id).where(Vacancy.status == VacancyStatus.OPEN,
                                        Vacancy.district_code.like("0812%")).order_by(Vacancy.id))
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", {
        "employer_vacancy": f"/empresa/ofertas/{employer_vacancy}",
        "counselor_vacancy": f"/consejeria/ofertas/{counselor_vacancy}", "_app": app}
    server.shutdown()
    thread.join(timeout=5)


def _sign_in(page, base, who, app):
    page.goto(base + "/ingresar")
    page.fill("#identifier", who)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    pass_second_factor(page, app, who)
    assert "/ingresar" not in page.url, who


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _keyboard_reaches_everything(page) -> list[str]:
    """Tab through the page; return the focusable elements never reached."""
    ids = page.evaluate("""() => {
        const els = [...document.querySelectorAll(
            'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), '
            + 'select:not([disabled]), textarea:not([disabled]), summary')]
          // Hidden in a closed <details> until its summary is opened; radios share one stop.
          .filter(e => e.tagName === 'SUMMARY' || !e.closest('details:not([open])'))
          .filter(e => !(e.type === 'radio' && !e.checked
                         && document.querySelector(`input[type=radio][name="${e.name}"]`) !== e));
        els.forEach((e, i) => e.setAttribute('data-kb', String(i)));
        return els.length;
    }""")
    seen = set()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(ids * 2 + 20):
        page.keyboard.press("Tab")
        mark = page.evaluate("() => document.activeElement.getAttribute('data-kb')")
        if mark is not None:
            seen.add(int(mark))
        if len(seen) == ids:
            break
    missing = set(range(ids)) - seen
    return [page.evaluate(f"() => document.querySelector('[data-kb=\"{m}\"]').outerHTML"
                          "  .slice(0, 120)") for m in sorted(missing)]


@pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (make test installs it)")
@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "anonymous")
def test_main_pages_pass_axe_and_keyboard(demo_server, browser, who):
    base, ids = demo_server
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    page = context.new_page()
    if who:
        _sign_in(page, base, who, ids["_app"])
    problems = {}
    for template in PAGES[who]:
        path = template.format(**ids)
        page.goto(base + path)
        violations = _axe(page)
        unreachable = _keyboard_reaches_everything(page)
        if violations or unreachable:
            problems[path] = {"axe": violations, "keyboard": unreachable}
    context.close()
    import json

    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
