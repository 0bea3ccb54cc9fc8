"""The worker's commands: one pass, and a loop that stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal

import sqlalchemy as sa

from models import Notification, NotificationStatus
from web.notify.kannel import SendResult
from web.notify.worker import Gateways, run_forever

from .conftest import RecordingGateway, youth
from .test_pipeline import propose


def test_flask_notifications_send_is_one_pass(runner, session):
    propose(session, youth())
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0
    # No Kannel configured in the tests' settings: the message waits, queued.
    assert "diferidos 1" in result.output or "Enviados 0" in result.output
    assert session.scalar(sa.select(Notification.status).where(
        Notification.channel == "sms")) == NotificationStatus.QUEUED


def test_sigterm_lets_the_worker_finish_the_message_in_hand_and_stop(app, session,
                                                                    monkeypatch):
    from web.notify import worker

    monkeypatch.setattr(worker, "quiet_hours", lambda: worker.QuietHours.parse(""))
    for i in range(3):
        propose(session, youth(first_name=f"S{i}"))
    sms = RecordingGateway()
    original = sms.send

    def send_then_get_terminated(to, text, dlr_url=""):
        if not sms.sent:
            os.kill(os.getpid(), signal.SIGTERM)  # systemd stops the service mid-send
        return original(to, text, dlr_url)

    sms.send = send_then_get_terminated
    before = signal.getsignal(signal.SIGTERM)
    run_forever(session, interval=0.1, stop_after=50, gateways=Gateways(sms=sms))
    assert signal.getsignal(signal.SIGTERM) is before
    statuses = sorted(s.value for s in session.scalars(
        sa.select(Notification.status).where(Notification.channel == "sms")))
    # The message in hand went out and was recorded; the others wait for the next worker.
    assert len(sms.sent) == 1
    assert statuses == ["queued", "queued", "sent"]


def test_the_loop_sends_until_told_to_stop(app, session, monkeypatch):
    from web.notify import worker

    monkeypatch.setattr(worker, "quiet_hours", lambda: worker.QuietHours.parse(""))
    propose(session, youth())
    sms = RecordingGateway(answers=[SendResult(True, reason="0: Accepted")])
    run_forever(session, interval=0.01, stop_after=2, gateways=Gateways(sms=sms))
    assert len(sms.sent) == 1
