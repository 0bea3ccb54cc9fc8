"""Faults: the database goes away, a worker dies mid-request, a double tap, a read-only database.

Each story ends the same way: people get a plain Spanish answer, and the database
holds every write that was acknowledged and nothing half-written.
"""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from models import Application, EmployerStatus, Role, StageEvent, utcnow
from tests.factories import EmployerFactory, ProfileFactory, UserFactory, VacancyFactory
from tests.helpers import (
    DATABASE_URL,
    Browser,
    csrf_token,
    gunicorn,
    gunicorn_env,
    login,
    years_ago,
)
from tests.tcp_proxy import TcpProxy
from tests.web.test_backup import BACKENDS, Databases, chamba_app, inside, saved_signups
from web.extensions import db
from web.services import jobs

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "El servicio no está disponible en este momento"


def signup_form(phone: str) -> dict[str, str]:
    return {"first_name": "Yeni", "last_name": "Quispe Mamani", "phone": phone, "email": "",
            "birth_date": years_ago(19).isoformat(),
            "password": "mi chacra en ocongate", "consent": "y", "visible": "y"}


def sign_up(client, phone: str, token: str | None = None):
    token = token or csrf_token(client, "/registro")
    return client.post("/registro", data={**signup_form(phone), "csrf_token": token})


def assert_spanish_page(response, status: int, text: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:500]
    assert text in html
    assert "Traceback" not in html and "sqlalchemy" not in html.lower()


# --- the database goes away and comes back ---------------------------------------------------

@contextmanager
def outage_app(backend: str, databases: Databases, tmp_path: Path):
    """The app on a fresh database, and a switch that takes that database away for a while."""
    url = databases.new(backend, tmp_path / "data")
    if backend == "sqlite":
        folder = tmp_path / "data"

        @contextmanager
        def away():
            folder.rename(tmp_path / "elsewhere")
            # An open SQLite handle survives the rename, as it would survive a lost mount
            # for the pages it cached; closing the pool makes every request reopen the file.
            db.engine.dispose()
            try:
                yield
            finally:
                (tmp_path / "elsewhere").rename(folder)

        with inside(chamba_app(url, tmp_path)) as app:
            yield app, away, url
        return

    server = sa.make_url(url)
    proxy = TcpProxy(server.host or "127.0.0.1", server.port or 5432).start()

    @contextmanager
    def away():
        proxy.stop()  # the port closes and every open connection is cut
        try:
            yield
        finally:
            proxy.start()

    try:
        with inside(chamba_app(server.set(port=proxy.port).render_as_string(False),
                               tmp_path)) as app:
            yield app, away, url
    finally:
        proxy.stop()


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_outage_answers_spanish_503_and_recovers_without_losing_signups(
        backend, databases, tmp_path):
    with outage_app(backend, databases, tmp_path) as (app, away, url):
        ana, bea, dina = app.test_client(), app.test_client(), app.test_client()
        assert sign_up(ana, "987100001").status_code == 302  # acknowledged before
        tokens = {c: csrf_token(c, "/registro") for c in (bea, dina)}

        with away():
            health = ana.get("/healthz")
            assert health.status_code == 503
            assert health.get_json() == {"status": "unavailable", "database": "unavailable"}
            assert_spanish_page(ana.get("/joven/"), 503, UNAVAILABLE)  # signed in
            assert_spanish_page(sign_up(bea, "987100002", tokens[bea]), 503, UNAVAILABLE)
            assert_spanish_page(sign_up(dina, "987100004", tokens[dina]), 503, UNAVAILABLE)

        assert ana.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
        assert ana.get("/joven/").status_code == 200
        # Bea tries again with the same phone: nothing half-written stands in her way.
        assert sign_up(bea, "987100002", tokens[bea]).status_code == 302
        assert sign_up(app.test_client(), "987100003").status_code == 302

    # Every acknowledged sign-up is whole; Dina's refused one left no trace.
    assert saved_signups(url) == [("987100001", 1, 2), ("987100002", 1, 2),
                                  ("987100003", 1, 2)]


# --- a worker killed in the middle of a request -----------------------------------------------

def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry))
    return pids


@contextmanager
def chamba_gunicorn(url: str, workers: int = 2):
    """The production gunicorn settings (deploy/gunicorn.conf.py) on ``url``."""
    env = gunicorn_env(url, GUNICORN_WORKERS=str(workers), GUNICORN_LOG_LEVEL="warning")
    with gunicorn(["-c", "deploy/gunicorn.conf.py"], env) as running:
        yield running


def form_token(base: str) -> tuple[Browser, str] | None:
    """A fresh browser and the sign-up form's token, or None if no worker served the form.

    The form is fetched before the kills matter: only the POST that follows may be cut, so
    a page that never came is retried, never counted as a cut sign-up.
    """
    for _ in range(20):
        browser = Browser(base)
        try:
            return browser, browser.token("/registro")
        except (OSError, http.client.HTTPException, AssertionError):
            time.sleep(0.05)  # a worker was being replaced: ask again
    return None


def browser_sign_up(base: str, phone: str, enough: threading.Event) -> int | str | None:
    """Sign up through a fresh browser: the HTTP status of the POST, 'cut' if the POST got no
    answer, 'no form' if the form itself never came, or None if not tried."""
    if enough.is_set():
        return None
    fetched = form_token(base)
    if fetched is None:
        return "no form"
    browser, token = fetched
    try:
        return browser.post("/registro", {**signup_form(phone), "csrf_token": token}, timeout=15)
    except (OSError, http.client.HTTPException):  # reset, refused, truncated
        return "cut"


@pytest.mark.timeout(300)  # gunicorn starts, workers are killed and replaced
@pytest.mark.parametrize("backend", BACKENDS)
def test_worker_killed_mid_signup_leaves_no_partial_record(backend, databases, tmp_path):
    url = databases.new(backend, tmp_path / "data")
    phones = [f"9871{n:05d}" for n in range(40)]
    enough = threading.Event()
    with chamba_gunicorn(url) as (server, base), ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(browser_sign_up, base, p, enough) for p in phones]
        kills, acknowledged_before_cut = 0, 0
        deadline = time.monotonic() + 30
        # Both workers are always busy with a sign-up: kill one every few answers until
        # a sign-up has been cut off mid-way, then let the ones in flight finish.
        while not enough.is_set() and kills < 4 and time.monotonic() < deadline:
            done = [f.result() for f in futures if f.done()]
            if "cut" in done:
                acknowledged_before_cut = done.count(302)
                enough.set()
            elif len(done) >= 2 + 3 * kills and (pids := worker_pids(server.pid)):
                os.kill(pids[0], signal.SIGKILL)
                kills += 1
            time.sleep(0.02)
        enough.set()
        outcomes = {phone: f.result(timeout=60) for phone, f in zip(phones, futures, strict=True)}
    assert "cut" in outcomes.values(), outcomes
    # The database was really taking sign-ups when the cut came, not failing every one.
    assert acknowledged_before_cut >= 2, outcomes

    saved = saved_signups(url)
    assert all(profiles == 1 and consents == 2 for _, profiles, consents in saved), saved
    saved_phones = {phone for phone, _, _ in saved}
    acknowledged = {p for p, outcome in outcomes.items() if outcome == 302}
    assert len(acknowledged) >= acknowledged_before_cut and acknowledged <= saved_phones
    refused = {p for p, outcome in outcomes.items() if outcome not in (302, "cut", None)}
    assert not refused & saved_phones


# --- the same application sent twice at the same moment ----------------------------------------

def open_vacancy():
    admin = UserFactory(role=Role.ADMIN, phone=None, email="admin@test.pe")
    employer = EmployerFactory(status=EmployerStatus.VERIFIED, verified_by=admin,
                               verified_at=utcnow())
    return VacancyFactory(employer=employer, published_at=utcnow())


@pytest.mark.parametrize("backend", BACKENDS)
def test_double_tap_on_apply_creates_one_application_and_explains_the_other(
        backend, databases, tmp_path, monkeypatch):
    with inside(chamba_app(databases.new(backend, tmp_path / "data"), tmp_path)) as app:
        profile = ProfileFactory(birth_date=years_ago(20))
        vacancy = open_vacancy()
        path = f"/joven/ofertas/{vacancy.id}"
        phones = [app.test_client(), app.test_client()]  # two tabs, or two taps
        tokens = []
        for client in phones:
            assert login(client, profile.user.phone).status_code == 302
            tokens.append(csrf_token(client, path))

        # Both requests pass the "already applied?" check before either one writes.
        barrier = threading.Barrier(2, timeout=10)
        lock, arrived = threading.Lock(), []
        real_refusal = jobs.refusal

        def racing_refusal(*args, **kwargs):
            with lock:
                first_two = len(arrived) < 2
                arrived.append(1)
            if first_two:
                barrier.wait()
            return real_refusal(*args, **kwargs)

        monkeypatch.setattr(jobs, "refusal", racing_refusal)
        responses = [None, None]

        def tap(i: int) -> None:
            responses[i] = phones[i].post(f"{path}/postular",
                                          data={"message": "", "csrf_token": tokens[i]})

        threads = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(arrived) >= 2, "the apply service no longer checks refusal(); update the test"

        places = sorted(r.headers["Location"] for r in responses)
        assert places == [path, "/joven/postulaciones"]
        second = phones[[r.headers["Location"] for r in responses].index(path)]
        html = second.get(path).get_data(as_text=True)
        assert "Ya postulaste a esta oferta." in html
        count = sa.select(sa.func.count())
        assert db.session.scalar(count.select_from(Application)) == 1
        assert db.session.scalar(count.select_from(StageEvent)) == 1


# --- a database that cannot take writes --------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
def test_signup_on_a_read_only_database_answers_spanish_503_and_saves_nothing(
        backend, databases, tmp_path):
    url = databases.new(backend, tmp_path / "data")
    if backend == "sqlite":
        path = sa.make_url(url).database
        read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        # As on a hot standby, or after an operator froze the database for maintenance.
        name = sa.make_url(url).database
        admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with admin.connect() as connection:
            connection.execute(sa.text(
                f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        admin.dispose()
        read_only = url
    with inside(chamba_app(read_only, tmp_path)) as app:
        client = app.test_client()
        assert_spanish_page(sign_up(client, "987200001"), 503, UNAVAILABLE)
        assert client.get("/healthz").status_code == 200  # reading still works
    assert saved_signups(url) == []
