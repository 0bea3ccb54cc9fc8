"""Chamba under load: PostgreSQL + gunicorn + nginx + Locust, in one bounded command.

Run by hand, never by the test suite::

    .venv/bin/python bench/load.py                      # 50 users, 150 s, 10,000 youth
    .venv/bin/python bench/load.py --users 50 --duration 180 --youth 10000 --vacancies 500

What it does, on this machine only (every address is 127.0.0.1):

1. creates the database ``--db`` (``chamba_load``; dropped first if it exists), runs
   ``flask db upgrade`` on it and ``bench/load_data.py`` (demo seed + load data);
2. starts gunicorn with ``deploy/gunicorn.conf.py`` (``CHAMBA_ENV=production``, a random
   ``SECRET_KEY``, ``REDIS_URL=redis://127.0.0.1:6379/1``, ``PROXY_COUNT=1``, ``FORCE_HTTPS=0``,
   sign-in limits raised) and nginx with ``deploy/nginx.conf`` rendered to the run directory
   (real paths and free ports; never the system's nginx service);
3. waits for a quiet machine (``--max-load``), then runs Locust headless
   (``bench/locustfile.py``) with a fixed number of users, spawn rate and run time;
4. computes requests/s, p50/p95/p99 per endpoint and overall, errors and 5xx (from Locust and
   from gunicorn's access log), and compares acknowledged applications (302 to "Mis
   postulaciones") with the ``Application`` rows of source ``self`` created during the run;
5. stops nginx and gunicorn, drops the database (unless ``--keep-db``), prints the summary
   and writes ``summary.md`` / ``summary.json`` in the run directory.

Exit status: 0 when the budget is met (p95 ≤ 200 ms over every request, no 5xx, every
acknowledged write in the database), 1 when it is missed, 2 when the run itself failed.
A hard timeout (``--hard-timeout``) stops everything whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"
BUDGET_P95_MS = 200.0
PASSWORD = "chamba-demo-2026"  # noqa: S105 - the load accounts' known test password


class RunFailed(RuntimeError):
    """The load run could not be carried out (not a missed budget)."""


class HardTimeout(BaseException):
    """Raised by SIGALRM: the whole run took longer than ``--hard-timeout``."""


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the database -------------------------------------------------------------------------

def pg(sql: str, dbname: str = "postgres", params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(host=LOOPBACK, port=5432, user="postgres", dbname=dbname,
                         autocommit=True, connect_timeout=10) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def create_database(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", name) or name in {"postgres", "template0",
                                                                      "template1"}:
        raise RunFailed(f"refusing database name {name!r}")
    pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def self_applications(dbname: str, after_id: int = 0) -> list[tuple[str, int]]:
    """(phone or e-mail, vacancy id) of every self-made application with id > ``after_id``."""
    return [(login, vid) for login, vid in pg(
        "SELECT coalesce(u.phone, u.email), a.vacancy_id FROM applications a "
        "JOIN candidate_profiles p ON p.id = a.profile_id JOIN users u ON u.id = p.user_id "
        "WHERE a.source = 'self' AND a.id > %s", dbname, (after_id,))]


# --- processes ----------------------------------------------------------------------------

def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind((LOOPBACK, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RunFailed("no free port")


def wait_http(url: str, seconds: float, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RunFailed(f"{url}: the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http only
                if response.status == 200:
                    return
        except Exception as error:  # noqa: BLE001 - keep polling until the deadline
            last = error
        time.sleep(0.5)
    raise RunFailed(f"{url} did not answer 200 within {seconds:.0f} s ({last})")


def stop(process: subprocess.Popen | None, name: str, sig=signal.SIGTERM, grace: float = 25):
    """Stop a process we started (its own process group), politely first."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop in {grace:.0f} s; killing its process group")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    except ProcessLookupError:
        pass


def render_nginx(run_dir: Path, nginx_port: int, app_port: int) -> Path:
    """deploy/nginx.conf with the real paths and ports; its /tmp files moved to the run dir."""
    text = (ROOT / "deploy" / "nginx.conf").read_text("utf-8")
    text = text.replace("CHAMBA_ROOT", str(ROOT))
    text = text.replace("listen 127.0.0.1:8080;", f"listen {LOOPBACK}:{nginx_port};")
    text = text.replace("server 127.0.0.1:8000", f"server {LOOPBACK}:{app_port}")
    text = text.replace("/tmp/chamba-nginx", str(run_dir / "nginx" / "chamba-nginx"))  # noqa: S108
    if f"listen {LOOPBACK}:{nginx_port};" not in text or f":{app_port}" not in text:
        raise RunFailed("deploy/nginx.conf changed shape: cannot set its ports")
    (run_dir / "nginx").mkdir(exist_ok=True)
    path = run_dir / "nginx" / "nginx.conf"
    path.write_text(text, "utf-8")
    return path


def cpu_times() -> tuple[float, float]:
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [float(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def loadavg() -> tuple[float, float, float]:
    return os.getloadavg()


def wait_until_quiet(max_load: float, seconds: float) -> tuple[float, float, float]:
    deadline = time.monotonic() + seconds
    while True:
        load = loadavg()
        if load[0] <= max_load or time.monotonic() >= deadline:
            if load[0] > max_load:
                log(f"machine still busy (load {load[0]:.2f}); running anyway, noted in results")
            return load
        log(f"load average {load[0]:.2f} > {max_load}; waiting for a quieter moment")
        time.sleep(15)


# --- warm-up ------------------------------------------------------------------------------

def warm_up(host: str, manifest: dict, password: str, workers: int, rounds: int = 8) -> list:
    """Fill every worker's matcher cache before the measured run; return the rounds' timings.

    Each pool (vacancies, visible candidates, each territory) is asked for by ``workers``
    concurrent requests, so that every sync worker takes one; rounds repeat until every
    answer of a round comes in under a second.
    """
    import http.cookiejar
    from concurrent.futures import ThreadPoolExecutor

    import requests

    original = http.cookiejar.DefaultCookiePolicy.return_ok_secure

    def loopback_ok(self, cookie, request):  # the Secure session cookie over loopback HTTP
        return True if request.host.split(":")[0] == LOOPBACK else original(self, cookie, request)

    http.cookiejar.DefaultCookiePolicy.return_ok_secure = loopback_ok
    csrf = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')

    def session_for(login: str) -> requests.Session:
        s = requests.Session()
        token = csrf.search(s.get(f"{host}/ingresar", timeout=60).text).group(1)
        r = s.post(f"{host}/ingresar", data={"identifier": login, "password": password,
                                              "csrf_token": token}, allow_redirects=False,
                   timeout=60)
        if r.status_code != 302:
            raise RunFailed(f"warm-up sign-in of {login} answered {r.status_code}")
        return s

    targets = [(session_for(manifest["youth"][0]), "/joven/para-ti")]
    employer = session_for(manifest["employers"][0])
    vid = re.search(r'/empresa/ofertas/(\d+)/postulantes', employer.get(
        f"{host}/empresa/", timeout=60).text).group(1)
    targets.append((employer, f"/empresa/ofertas/{vid}/candidatos"))
    for login in manifest["counselors"][:2]:  # one of each territory (odd / even)
        s = session_for(login)
        vid = re.search(r'/consejeria/ofertas/(\d+)"', s.get(f"{host}/consejeria/ofertas",
                                                             timeout=60).text).group(1)
        targets.append((s, f"/consejeria/ofertas/{vid}"))

    def fetch(item):
        s, path = item
        t = time.perf_counter()
        status = s.get(f"{host}{path}", timeout=120, allow_redirects=False).status_code
        return path, status, time.perf_counter() - t

    history = []
    try:
        with ThreadPoolExecutor(workers) as pool:
            for n in range(rounds):
                results = []
                for target in targets:
                    results += pool.map(fetch, [target] * workers)
                worst = max(r[2] for r in results)
                history.append({"round": n + 1, "worst_s": round(worst, 2),
                                "statuses": sorted({r[1] for r in results})})
                log(f"warm-up round {n + 1}: slowest answer {worst:.1f} s")
                if worst < 1.0:
                    break
    finally:
        http.cookiejar.DefaultCookiePolicy.return_ok_secure = original
    return history


# --- figures ------------------------------------------------------------------------------

def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


def summarise(events_path: Path, acks_path: Path) -> dict:
    rows = [json.loads(line) for line in events_path.read_text("utf-8").splitlines() if line]
    by_name: dict[str, list] = defaultdict(list)
    for start, method, name, ms, status, size, error in rows:
        label = name if name.startswith("POST ") or method == "GET" else f"{method} {name}"
        by_name[label].append((start, ms, status, size, error))
    start = min(r[0] for r in rows)
    end = max(r[0] + r[3] / 1000 for r in rows)
    span = max(end - start, 1e-9)

    def stats(items):
        times = sorted(i[1] for i in items)
        statuses = defaultdict(int)
        for i in items:
            statuses[i[2]] += 1
        return {"requests": len(items), "rps": len(items) / span,
                "p50": percentile(times, 50), "p95": percentile(times, 95),
                "p99": percentile(times, 99), "max": times[-1] if times else float("nan"),
                "kb": sum(i[3] for i in items) / len(items) / 1024 if items else 0,
                "errors": sum(1 for i in items if i[4]),
                "5xx": sum(n for s, n in statuses.items() if s >= 500),
                "no_answer": statuses.get(0, 0),
                "statuses": dict(sorted(statuses.items()))}

    endpoints = {name: stats(items) for name, items in sorted(by_name.items())}
    overall = stats([i for items in by_name.values() for i in items])
    timeline = []
    step = 30
    for t0 in range(0, int(span) + 1, step):
        window = sorted(r[3] for r in rows if t0 <= r[0] - start < t0 + step)
        if window:
            timeline.append({"from_s": t0, "requests": len(window),
                             "rps": len(window) / step, "p50": percentile(window, 50),
                             "p95": percentile(window, 95), "p99": percentile(window, 99)})
    acks = json.loads(acks_path.read_text("utf-8")) if acks_path.exists() else {}
    errors = defaultdict(int)
    for r in rows:
        if r[6]:
            errors[f"{r[2]}: {r[6]}"] += 1
    return {"span_s": span, "overall": overall, "endpoints": endpoints, "timeline": timeline,
            "acknowledged": acks.get("acknowledged", []), "refused": acks.get("refused", []),
            "error_samples": dict(sorted(errors.items(), key=lambda kv: -kv[1])[:15])}


def gunicorn_log_figures(path: Path) -> dict:
    text = path.read_text("utf-8", errors="replace") if path.exists() else ""
    statuses = defaultdict(int)
    for match in re.finditer(r'" (\d{3}) \S+ \d+ms$', text, re.MULTILINE):
        statuses[int(match.group(1))] += 1
    return {"requests": sum(statuses.values()),
            "5xx": sum(n for s, n in statuses.items() if s >= 500),
            "statuses": dict(sorted(statuses.items())),
            "worker_timeouts": text.count("WORKER TIMEOUT"),
            "workers_booted": text.count("Booting worker"),
            "tracebacks": text.count("Traceback (most recent call last)")}


def render(summary: dict) -> str:
    o = summary["overall"]
    lines = [
        f"Chamba load test, {summary['date']}",
        f"command: {summary['command']}",
        f"machine: {summary['machine']}",
        f"load average before / after: {summary['load_before']} / {summary['load_after']}; "
        f"CPU busy during the run: {summary['cpu_busy_pct']:.0f} %",
        f"data: {summary['data']}",
        f"users: {summary['users']} (spawn {summary['spawn_rate']}/s), run {summary['duration']} s,"
        f" think time {summary['wait']} s; gunicorn workers: {summary['workers']}; "
        f"start: {summary['start']}",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | body KB | errors "
        "| 5xx |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def line(name, s):
        return (f"| {name} | {s['requests']} | {s['rps']:.1f} | {s['p50']:.0f} | {s['p95']:.0f} "
                f"| {s['p99']:.0f} | {s['max']:.0f} | {s['kb']:.1f} | {s['errors']} "
                f"| {s['5xx']} |")

    for name, s in summary["endpoints"].items():
        lines.append(line(f"`{name}`", s))
    lines.append(line("**all**", o))
    lines += ["", "p95 per 30 s window: " + ", ".join(
        f"{w['from_s']}s {w['p95']:.0f}ms ({w['rps']:.1f}/s)" for w in summary["timeline"])]
    w = summary["writes"]
    g = summary["gunicorn"]
    lines += [
        "",
        f"writes: {w['acknowledged']} applications acknowledged (302 to Mis postulaciones), "
        f"{w['rows']} Application rows of source self created during the run; "
        f"acknowledged but missing: {w['missing']}; rows never acknowledged: {w['unacknowledged']};"
        f" refused with a reason (302 back to the vacancy): {w['refused']}",
        f"gunicorn access log: {g['requests']} requests, {g['5xx']} 5xx, statuses {g['statuses']};"
        f" worker timeouts {g['worker_timeouts']}, workers booted {g['workers_booted']}, "
        f"tracebacks {g['tracebacks']}",
    ]
    if summary["error_samples"]:
        lines.append("errors: " + "; ".join(f"{k} ×{v}" for k, v in
                                              summary["error_samples"].items()))
    lines += ["", "budget (DESIGN.md): p95 ≤ 200 ms and no 5xx at 50 concurrent users"]
    for check, ok in summary["checks"].items():
        lines.append(f"  {'met   ' if ok else 'MISSED'}  {check}")
    return "\n".join(lines)


# --- the run ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", type=int, default=150, help="Locust run time, seconds")
    parser.add_argument("--wait", default="1,5",
                        help="think time between a user's requests, 'min,max' seconds")
    parser.add_argument("--apply-max", type=int, default=3,
                        help="most applications each simulated youth sends")
    parser.add_argument("--youth", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=500)
    parser.add_argument("--employers", type=int, default=100)
    parser.add_argument("--counselors", type=int, default=16)
    parser.add_argument("--workers", type=int, help="gunicorn workers (deploy default: 2×CPU+1)")
    parser.add_argument("--db", default="chamba_load", help="database to create and drop")
    parser.add_argument("--reuse-db", action="store_true",
                        help="keep an existing --db (already migrated and seeded)")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--max-load", type=float, default=1.5,
                        help="wait before the run until the 1-minute load average is below this")
    parser.add_argument("--quiet-wait", type=float, default=300,
                        help="longest wait for a quiet machine, seconds")
    parser.add_argument("--warmup", action="store_true",
                        help="fill every worker's matcher cache before the measured run "
                             "(steady state); without it the run starts cold, as after a deploy")
    parser.add_argument("--profile", action="store_true",
                        help="sample the gunicorn workers with py-spy during the run "
                             "(slows them down: not for the budget figures)")
    parser.add_argument("--out", type=Path, help="run directory (a new temporary one by default)")
    parser.add_argument("--hard-timeout", type=int,
                        help="seconds before everything is stopped (default: duration + 900)")
    args = parser.parse_args(argv)
    if args.users < 1 or args.duration < 10:
        parser.error("need at least 1 user and 10 s")

    run_dir = args.out or Path(tempfile.mkdtemp(prefix="chamba-load-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(run_dir, 0o755)  # noqa: S103 - nginx workers (nobody) use temp paths inside
    hard = args.hard_timeout or args.duration + 900

    def on_alarm(_sig, _frame):
        raise HardTimeout(f"hard timeout of {hard} s reached")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(hard)
    log(f"run directory {run_dir}; hard timeout {hard} s")

    database_url = f"postgresql+psycopg://postgres@{LOOPBACK}:5432/{args.db}"
    base_env = {k: v for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CHAMBA_ENV"}}
    # One data key for loading and serving (staff TOTP secrets are encrypted at rest).
    from cryptography.fernet import Fernet

    base_env.setdefault("CHAMBA_DATA_KEY", Fernet.generate_key().decode())
    gunicorn = nginx = profiler = None
    created = False
    summary: dict = {}
    try:
        # 1. database ----------------------------------------------------------------------
        manifest = run_dir / "manifest.json"
        if not args.reuse_db:
            log(f"creating database {args.db}")
            create_database(args.db)
        created = True
        env = {**base_env, "DATABASE_URL": database_url, "FLASK_APP": "web:create_app",
               "CHAMBA_ENV": "development"}
        started = time.monotonic()
        subprocess.run([str(VENV_BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, timeout=300, stdout=subprocess.DEVNULL)
        subprocess.run([str(VENV_BIN / "python"), str(ROOT / "bench" / "load_data.py"),
                        "--database-url", database_url, "--youth", str(args.youth),
                        "--vacancies", str(args.vacancies), "--employers", str(args.employers),
                        "--counselors", str(args.counselors), "--manifest", str(manifest),
                        "--password", PASSWORD],
                       cwd=ROOT, env=env, check=True, timeout=600)
        log(f"database ready in {time.monotonic() - started:.0f} s")
        data = dict(zip(("users", "profiles", "employers", "vacancies", "open", "applications"),
                        pg("SELECT (SELECT count(*) FROM users), "
                           "(SELECT count(*) FROM candidate_profiles), "
                           "(SELECT count(*) FROM employers), (SELECT count(*) FROM vacancies), "
                           "(SELECT count(*) FROM vacancies WHERE status = 'open'), "
                           "(SELECT count(*) FROM applications)", args.db)[0], strict=True))

        # 2. gunicorn and nginx ------------------------------------------------------------
        app_port, web_port = free_port(8000), free_port(8080)
        if web_port == app_port:
            web_port = free_port(0)
        app_env = {**base_env, "CHAMBA_ENV": "production", "DATABASE_URL": database_url,
                   "SECRET_KEY": secrets.token_urlsafe(48),
                   "REDIS_URL": f"redis://{LOOPBACK}:6379/1", "FORCE_HTTPS": "0",
                   "PROXY_COUNT": "1", "LOGIN_LIMIT_ACCOUNT": "10000 per minute",
                   "LOGIN_LIMIT_ADDRESS": "100000 per minute",
                   "GUNICORN_BIND": f"{LOOPBACK}:{app_port}"}
        if args.workers:
            app_env["GUNICORN_WORKERS"] = str(args.workers)
        workers = args.workers or (os.cpu_count() or 1) * 2 + 1
        gunicorn_log = run_dir / "gunicorn.log"
        with open(gunicorn_log, "wb") as out:
            gunicorn = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
                cwd=ROOT, env=app_env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        wait_http(f"http://{LOOPBACK}:{app_port}/healthz", 90, gunicorn)
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx_bin).exists():
            raise RunFailed("nginx is not installed (apt-get install -y nginx)")
        conf = render_nginx(run_dir, web_port, app_port)
        check = subprocess.run([nginx_bin, "-t", "-q", "-c", str(conf), "-p", str(conf.parent),
                                "-e", str(conf.parent / "startup-error.log")],
                               capture_output=True, text=True, timeout=30)
        if check.returncode:
            raise RunFailed(f"nginx -t: {check.stderr.strip()}")
        with open(run_dir / "nginx" / "stdout.log", "wb") as out:
            nginx = subprocess.Popen(
                [nginx_bin, "-c", str(conf), "-p", str(conf.parent), "-e",
                 str(conf.parent / "startup-error.log"), "-g", "daemon off;"],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        host = f"http://{LOOPBACK}:{web_port}"
        wait_http(f"{host}/healthz", 30, nginx)
        log(f"gunicorn on :{app_port} ({workers} workers), nginx on :{web_port}")

        # 3. Locust ------------------------------------------------------------------------
        warmup = []
        if args.warmup:
            started = time.monotonic()
            warmup = warm_up(f"http://{LOOPBACK}:{app_port}",
                             json.loads(manifest.read_text("utf-8")), PASSWORD, workers)
            log(f"warm-up done in {time.monotonic() - started:.0f} s")
        before = pg("SELECT coalesce(max(id), 0) FROM applications", args.db)[0][0]
        load_before = wait_until_quiet(args.max_load, args.quiet_wait)
        events_path = run_dir / "requests.jsonl"
        locust_env = {**base_env, "CHAMBA_LOAD_MANIFEST": str(manifest),
                      "CHAMBA_LOAD_PASSWORD": PASSWORD,
                      "CHAMBA_LOAD_EVENTS": str(events_path), "CHAMBA_LOAD_WAIT": args.wait,
                      "CHAMBA_LOAD_APPLY_MAX": str(args.apply_max)}
        if args.profile and shutil.which("py-spy", path=f"{VENV_BIN}:{os.environ['PATH']}"):
            profiler = subprocess.Popen(
                [shutil.which("py-spy", path=f"{VENV_BIN}:{os.environ['PATH']}"), "record",
                 "--pid", str(gunicorn.pid), "--subprocesses", "--nonblocking", "--rate", "50",
                 "--format", "raw", "--duration", str(max(args.duration - 10, 10)),
                 "--output", str(run_dir / "profile.txt")],
                stdout=open(run_dir / "py-spy.log", "wb"), stderr=subprocess.STDOUT,
                start_new_session=True)
        cpu0 = cpu_times()
        date = datetime.now().astimezone()
        log(f"Locust: {args.users} users, spawn {args.spawn_rate}/s, {args.duration} s "
            f"(load average {load_before[0]:.2f})")
        locust = subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "--host", host, "-u", str(args.users), "-r", str(args.spawn_rate),
             "-t", f"{args.duration}s", "--stop-timeout", "15", "--only-summary",
             "--csv", str(run_dir / "locust"), "--loglevel", "WARNING"],
            cwd=ROOT, env=locust_env, timeout=args.duration + 180,
            stdout=open(run_dir / "locust.log", "wb"), stderr=subprocess.STDOUT)
        cpu1 = cpu_times()
        load_after = loadavg()
        if not events_path.exists():
            raise RunFailed(f"Locust wrote no events (exit {locust.returncode}); "
                            f"see {run_dir / 'locust.log'}")
        if profiler is not None:
            try:
                profiler.wait(60)
            except subprocess.TimeoutExpired:
                stop(profiler, "py-spy", signal.SIGINT, 10)

        # 4. figures -----------------------------------------------------------------------
        time.sleep(1)  # let the last commits land
        figures = summarise(events_path, Path(f"{events_path}.acks.json"))
        created_rows = self_applications(args.db, before)
        acked = [(a["login"], a["vacancy_id"]) for a in figures.pop("acknowledged")]
        refused = figures.pop("refused")
        rows = set(created_rows)
        missing = [a for a in acked if a not in rows]
        unacked = sorted(rows - set(acked))
        total, idle = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
        uname = os.uname()
        nginx_version = subprocess.run([nginx_bin, "-v"], capture_output=True,
                                       text=True).stderr.strip().split("/")[-1]
        machine = (f"{os.cpu_count()} CPU, {uname.sysname} {uname.release}, Python "
                   f"{sys.version.split()[0]}, PostgreSQL "
                   f"{pg('SHOW server_version')[0][0]}, nginx {nginx_version}")
        summary = {
            "date": date.isoformat(timespec="seconds"),
            "command": " ".join(["bench/load.py", *(argv if argv is not None else sys.argv[1:])]),
            "machine": machine,
            "load_before": " ".join(f"{x:.2f}" for x in load_before),
            "load_after": " ".join(f"{x:.2f}" for x in load_after),
            "cpu_busy_pct": 100 * (1 - idle / total) if total else float("nan"),
            "data": ", ".join(f"{v} {k}" for k, v in data.items()),
            "users": args.users, "spawn_rate": args.spawn_rate, "duration": args.duration,
            "wait": args.wait, "workers": workers, "locust_exit": locust.returncode,
            "start": "warm (matcher caches filled first)" if args.warmup else
                     "cold (fresh workers, empty matcher caches)", "warmup": warmup,
            **figures,
            "writes": {"acknowledged": len(acked), "rows": len(created_rows),
                       "missing": len(missing), "unacknowledged": len(unacked),
                       "refused": len(refused), "missing_sample": missing[:10],
                       "unacknowledged_sample": unacked[:10]},
            "gunicorn": gunicorn_log_figures(gunicorn_log),
        }
        o = summary["overall"]
        summary["checks"] = {
            f"p95 over every request ≤ {BUDGET_P95_MS:.0f} ms (measured {o['p95']:.0f} ms)":
                o["p95"] <= BUDGET_P95_MS,
            f"no 5xx (Locust saw {o['5xx']}, gunicorn logged {summary['gunicorn']['5xx']})":
                o["5xx"] == 0 and summary["gunicorn"]["5xx"] == 0,
            f"no request without an answer (timeouts, resets: {o['no_answer']})":
                o["no_answer"] == 0,
            f"every acknowledged application is in the database ({len(missing)} missing)":
                not missing and len(acked) > 0,
        }
        slow = [n for n, s in summary["endpoints"].items() if s["p95"] > BUDGET_P95_MS]
        summary["slow_endpoints"] = slow
    except HardTimeout as error:
        log(str(error))
        return 2
    except (RunFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        log(f"run failed: {error}")
        return 2
    finally:
        signal.alarm(0)
        stop(profiler, "py-spy", signal.SIGINT, 10)
        stop(nginx, "nginx", signal.SIGQUIT, 15)
        stop(gunicorn, "gunicorn", signal.SIGTERM, 30)
        if created and not args.keep_db:
            try:
                drop_database(args.db)
                log(f"database {args.db} dropped")
            except Exception as error:  # noqa: BLE001 - report and go on
                log(f"could not drop {args.db}: {error}")

    text = render(summary)
    (run_dir / "summary.md").write_text(text + "\n", "utf-8")
    (run_dir / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False,
                                                     default=str), "utf-8")
    print()
    print(text)
    print(f"\nfiles: {run_dir}")
    if summary["slow_endpoints"]:
        print("endpoints with p95 above 200 ms: " + ", ".join(summary["slow_endpoints"]))
    return 0 if all(summary["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
