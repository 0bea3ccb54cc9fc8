"""Locust scenario for Chamba's load test; ``bench/load.py`` starts it (headless).

Three kinds of simulated people, each signing in once with an account of its own
(``bench/load_data.py`` writes the list, ``CHAMBA_LOAD_MANIFEST`` points to it):

* youth (weight 7): home, "para ti", searches, vacancy pages, their applications, and now and
  then an application: the vacancy page is read first, and the POST carries its CSRF token.
  Each person applies to at most ``CHAMBA_LOAD_APPLY_MAX`` different vacancies.
* employers (weight 2): their home, the ranked candidates and the applicants of their vacancies.
* counselors (weight 1): their desk, the territory's vacancies and the match review of one.

Every request is logged to ``CHAMBA_LOAD_EVENTS`` (JSON lines) with its latency and status, and
every acknowledged application (302 to "Mis postulaciones") to ``<events>.acks.json``, so that
``load.py`` can compute exact percentiles and compare acknowledged writes with the database.

Only 127.0.0.1 is ever targeted.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser

MANIFEST = os.environ.get("CHAMBA_LOAD_MANIFEST", "")
PASSWORD = os.environ.get("CHAMBA_LOAD_PASSWORD", "chamba-demo-2026")
EVENTS = os.environ.get("CHAMBA_LOAD_EVENTS", "")
APPLY_MAX = int(os.environ.get("CHAMBA_LOAD_APPLY_MAX", "3"))
WAIT = tuple(float(x) for x in os.environ.get("CHAMBA_LOAD_WAIT", "1,5").split(","))
SEED = int(os.environ.get("CHAMBA_LOAD_SEED", "2026"))
TIMEOUT = 60

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
YOUTH_VACANCY = re.compile(r'href="/joven/ofertas/(\d+)"')
EMPLOYER_VACANCY = re.compile(r'href="/empresa/ofertas/(\d+)/postulantes"')
COUNSELOR_VACANCY = re.compile(r'href="/consejeria/ofertas/(\d+)"')
SEARCH_WORDS = ("cocina", "mesera", "mozo", "ayudante", "cacao", "guía", "turismo", "tejido",
                "artesana", "ventas", "chofer", "truchas", "peces", "construcción", "albañil",
                "cuidado", "niños", "cómputo", "contabilidad", "salud", "panadería", "café",
                "limpieza", "recepción", "campo")

_records: list[tuple] = []
_acks: list[dict] = []
_refused: list[dict] = []


def _accounts() -> dict[str, list[str]]:
    if not MANIFEST:
        raise SystemExit("CHAMBA_LOAD_MANIFEST is not set (run bench/load.py)")
    with open(MANIFEST, encoding="utf-8") as handle:
        accounts = json.load(handle)
    rng = random.Random(SEED)
    for logins in accounts.values():
        rng.shuffle(logins)
    return accounts


ACCOUNTS = _accounts() if MANIFEST else {"youth": [], "employers": [], "counselors": []}
NEXT = {kind: itertools.count() for kind in ACCOUNTS}


_return_ok_secure = DefaultCookiePolicy.return_ok_secure


def _loopback_ok_secure(self, cookie, request) -> bool:
    """Send the ``Secure`` ``__Host-chamba`` cookie back over plain HTTP on the loopback only.

    Production marks the session cookie Secure; TLS would be nginx's job in front of this test,
    which talks plain HTTP to 127.0.0.1, where a browser would refuse to send the cookie.
    (requests copies every cookie into a jar with the default policy, hence the patch here,
    in the Locust process only.)
    """
    if urlsplit(request.get_full_url()).hostname == "127.0.0.1":
        return True
    return _return_ok_secure(self, cookie, request)


DefaultCookiePolicy.return_ok_secure = _loopback_ok_secure


@events.test_start.add_listener
def _check_host(environment, **_kw) -> None:
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"refusing to send load to {environment.host!r}: only 127.0.0.1")


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None,
            exception=None, start_time=None, **_kw) -> None:
    status = getattr(response, "status_code", 0) or 0
    _records.append((round(start_time or time.time(), 3), request_type, name,
                     round(response_time, 2), status, response_length or 0,
                     None if exception is None else type(exception).__name__ + ": " +
                     str(exception)[:160]))


@events.test_stop.add_listener
def _write(**_kw) -> None:
    if not EVENTS:
        return
    with open(EVENTS, "w", encoding="utf-8") as handle:
        for row in _records:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(EVENTS + ".acks.json", "w", encoding="utf-8") as handle:
        json.dump({"acknowledged": _acks, "refused": _refused}, handle, ensure_ascii=False)


class ChambaUser(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        logins = ACCOUNTS[self.kind]
        index = next(NEXT[self.kind])
        if index >= len(logins):
            raise StopUser(f"not enough {self.kind} accounts in the manifest")
        self.login = logins[index]
        self.rng = random.Random(f"{SEED}:{self.kind}:{index}")
        self._sign_in()

    def _get(self, path: str, name: str | None = None, expect=(200,)):
        with self.client.get(path, name=name or path, timeout=TIMEOUT,
                             allow_redirects=False, catch_response=True) as response:
            if response.status_code not in expect:
                response.failure(f"status {response.status_code}")
            return response

    def _sign_in(self) -> None:
        page = self._get("/ingresar")
        token = CSRF.search(page.text or "")
        if not token:
            raise StopUser("no CSRF token on the sign-in page")
        with self.client.post("/ingresar", name="POST /ingresar", timeout=TIMEOUT,
                              allow_redirects=False, catch_response=True,
                              data={"identifier": self.login, "password": PASSWORD,
                                    "csrf_token": token.group(1)}) as response:
            if response.status_code != 302:
                response.failure(f"sign-in answered {response.status_code}")
                raise StopUser("sign-in failed")


class Youth(ChambaUser):
    kind = "youth"
    weight = 7

    def on_start(self) -> None:
        super().on_start()
        self.seen: list[int] = []
        self.applied: set[int] = set()
        self.tried: set[int] = set()
        self._collect(self._get("/joven/"))

    def _collect(self, response) -> None:
        for vid in YOUTH_VACANCY.findall(response.text or ""):
            if int(vid) not in self.seen:
                self.seen.append(int(vid))
        del self.seen[:-60]

    @task(2)
    def home(self) -> None:
        self._collect(self._get("/joven/"))

    @task(3)
    def for_you(self) -> None:
        self._collect(self._get("/joven/para-ti"))

    @task(3)
    def search(self) -> None:
        word = self.rng.choice(SEARCH_WORDS)
        extra = self.rng.choice(("", "", "", "&orden=recientes", "&pagina=2"))
        self._collect(self._get(f"/joven/ofertas?q={word}{extra}", name="/joven/ofertas?q=…"))

    @task(4)
    def vacancy(self) -> None:
        if not self.seen:
            return self.for_you()
        vid = self.rng.choice(self.seen)
        self._get(f"/joven/ofertas/{vid}", name="/joven/ofertas/[id]")

    @task(1)
    def my_applications(self) -> None:
        self._get("/joven/postulaciones")

    @task(2)
    def apply(self) -> None:
        if len(self.applied) >= APPLY_MAX:
            return self.vacancy()
        choices = [v for v in self.seen if v not in self.tried]
        if not choices:
            return self.search()
        vid = self.rng.choice(choices)
        self.tried.add(vid)
        page = self._get(f"/joven/ofertas/{vid}", name="/joven/ofertas/[id]")
        text = page.text or ""
        token = CSRF.search(text)
        if f'action="/joven/ofertas/{vid}/postular"' not in text or not token:
            return  # already applied, closed, or not for their age: the page says why
        with self.client.post(f"/joven/ofertas/{vid}/postular",
                              name="POST /joven/ofertas/[id]/postular", timeout=TIMEOUT,
                              allow_redirects=False, catch_response=True,
                              headers={"Referer": f"{self.host}/joven/ofertas/{vid}"},
                              data={"csrf_token": token.group(1),
                                    "message": "Puedo empezar la próxima semana."}) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.endswith("/joven/postulaciones"):
                self.applied.add(vid)
                _acks.append({"login": self.login, "vacancy_id": vid, "at": time.time()})
            elif response.status_code == 302:
                _refused.append({"login": self.login, "vacancy_id": vid,
                                 "location": location})
            else:
                response.failure(f"apply answered {response.status_code}")
                return
        self._get("/joven/postulaciones")  # where the browser lands


class Employer(ChambaUser):
    kind = "employers"
    weight = 2

    def on_start(self) -> None:
        super().on_start()
        self.vacancies: list[int] = []
        self.home()

    @task(1)
    def home(self) -> None:
        page = self._get("/empresa/")
        found = [int(v) for v in EMPLOYER_VACANCY.findall(page.text or "")]
        if found:
            self.vacancies = found

    @task(4)
    def candidates(self) -> None:
        if self.vacancies:
            vid = self.rng.choice(self.vacancies)
            self._get(f"/empresa/ofertas/{vid}/candidatos", name="/empresa/ofertas/[id]/candidatos")

    @task(2)
    def applicants(self) -> None:
        if self.vacancies:
            vid = self.rng.choice(self.vacancies)
            self._get(f"/empresa/ofertas/{vid}/postulantes",
                      name="/empresa/ofertas/[id]/postulantes")


class Counselor(ChambaUser):
    kind = "counselors"
    weight = 1

    def on_start(self) -> None:
        super().on_start()
        self.vacancies: list[int] = []
        self.desk()
        self.territory_vacancies()

    @task(2)
    def desk(self) -> None:
        self._get("/consejeria/")

    @task(1)
    def territory_vacancies(self) -> None:
        page = self._get("/consejeria/ofertas")
        found = sorted({int(v) for v in COUNSELOR_VACANCY.findall(page.text or "")})
        if found:
            self.vacancies = found

    @task(4)
    def review(self) -> None:
        if not self.vacancies:
            return self.territory_vacancies()
        vid = self.rng.choice(self.vacancies)
        query = self.rng.choice(("", "", "", "?perfil=completo"))
        self._get(f"/consejeria/ofertas/{vid}{query}", name="/consejeria/ofertas/[id]")
