"""gunicorn settings for Chamba behind nginx (`gunicorn -c deploy/gunicorn.conf.py`)."""

import multiprocessing
import os

# Several workers share few cores: each uses one BLAS thread, or a ranking's matrix products
# fight every other worker for the cores. Read by numpy when the preloaded app imports it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers are enough: nginx buffers slow 2G/3G clients, so a worker is only
# busy while Chamba itself computes. Two per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the app (and the matcher's libraries) once, before forking.
preload_app = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
wsgi_app = "web:create_app()"


def post_fork(server, worker):
    # Each worker opens its own database connections; never share the parent's.
    from web.extensions import db
    from web.services import matching

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
        # Fit the matchers before taking requests, so nobody waits for it.
        try:
            matching.warm(db.session)
        except Exception:  # noqa: BLE001  (a cold start is slower, never fatal)
            worker.log.exception("could not warm the matchers")
        finally:
            db.session.remove()
