"""Real parts for the SMS tests: a Chamba server on a free port and Kannel with fakesmsc.

Kannel's boxes and fakesmsc run in a temporary folder on free local ports and are stopped,
by their own process ids, when the test module ends.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
MISSING = [p for p in (BEARERBOX, SMSBOX, FAKESMSC) if not os.access(p, os.X_OK)]
SKIP_REASON = (f"Kannel is not installed ({', '.join(MISSING)} missing): "
               "apt-get install kannel kannel-extras")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def wait_until(predicate, timeout: float = 15.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out waiting")


class LiveServer:
    """The Flask app served over HTTP in a thread, so Kannel can call it."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def scratch_database(tmp_path: Path) -> tuple[str, callable]:
    """A database of its own for the live server: an SQLite file, or a new PostgreSQL one."""
    from tests.helpers import scratch_database as scratch

    return scratch(tmp_path, "chamba_live")


GOT = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>$")


@dataclass
class FakeOperator:
    """fakesmsc: the phones' side. It prints each message it receives; it can send one."""

    port: int
    folder: Path
    received: list[tuple[str, str, str]] = field(default_factory=list)
    process: subprocess.Popen | None = None
    reader: threading.Thread | None = None

    def start(self, inject: tuple[str, str, str] | None = None) -> None:
        args = [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.port)]
        if inject:
            args += ["-i", "0.1", "-m", "1", " ".join((*inject[:2], "text", inject[2]))]
        else:
            args += ["-m", "0", "0 0 text unused"]  # listen only; it needs a message to parse
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE,  # noqa: S603
                                        stderr=subprocess.STDOUT, text=True,
                                        errors="replace", cwd=self.folder)
        self.reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self.reader.start()

    def _read(self, process: subprocess.Popen) -> None:
        with process.stdout:
            for line in process.stdout:
                found = GOT.search(line.rstrip("\n"))
                if found and found.group(3) == "text":
                    self.received.append((found.group(1), found.group(2), found.group(4)))

    def send(self, sender: str, receiver: str, text: str) -> None:
        """A phone writes to Chamba: fakesmsc reconnects and submits one message."""
        self.stop()
        self.start(inject=(sender, receiver, text))

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
            self.reader.join(5)
            self.process = None


class Kannel:
    """bearerbox + smsbox from deploy/kannel/kannel-test.conf, and fakesmsc as the operator."""

    def __init__(self, folder: Path, inbound_url: str):
        self.folder = folder
        self.password = uuid.uuid4().hex  # a fresh sendsms password per run
        self.ports = {name: free_port() for name in
                      ("admin_port", "smsbox_port", "fake_port", "sendsms_port")}
        text = Template((ROOT / "deploy/kannel/kannel-test.conf").read_text()).substitute(
            folder=folder, password=self.password, inbound_url=inbound_url, **self.ports)
        self.conf = folder / "kannel.conf"
        self.conf.write_text(text)
        self.bearerbox = self.smsbox = None
        self.operator = FakeOperator(self.ports["fake_port"], folder)

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['sendsms_port']}/cgi-bin/sendsms"

    def _spawn(self, binary: str, log_name: str) -> subprocess.Popen:
        with open(self.folder / log_name, "ab") as log:  # the child keeps its own copy
            return subprocess.Popen([binary, str(self.conf)], stdout=log,  # noqa: S603
                                    stderr=subprocess.STDOUT, cwd=self.folder)

    def start(self) -> None:
        self.start_boxes()
        self.operator.start()
        time.sleep(1.0)  # fakesmsc connects to bearerbox

    def start_boxes(self) -> None:
        self.bearerbox = self._spawn(BEARERBOX, "bearerbox.out")
        wait_for_port(self.ports["smsbox_port"])
        self.smsbox = self._spawn(SMSBOX, "smsbox.out")
        wait_for_port(self.ports["sendsms_port"])

    def stop_boxes(self) -> None:
        for process in (self.smsbox, self.bearerbox):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        self.smsbox = self.bearerbox = None

    def stop(self) -> None:
        self.operator.stop()
        self.stop_boxes()
