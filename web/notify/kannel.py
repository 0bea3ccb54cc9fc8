"""Kannel's smsbox ``sendsms`` interface: one HTTP GET per message, delivery reports by URL.

Kannel answers 202 with "0: Accepted for delivery" (or "3: Queued for later delivery" when
its bearerbox cannot reach the operator yet: it keeps the message and sends it later).
Any other answer or no answer at all is reported back so the worker can retry or give up.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

# Kannel delivery report types (the %d of a dlr-url).
DLR_DELIVERED = 1
DLR_UNDELIVERED = 2
DLR_BUFFERED = 4
DLR_SMSC_ACCEPTED = 8
DLR_SMSC_REJECTED = 16
DLR_MASK = DLR_DELIVERED | DLR_UNDELIVERED | DLR_SMSC_ACCEPTED | DLR_SMSC_REJECTED


@dataclass(frozen=True)
class SendResult:
    accepted: bool
    # True when trying again cannot help (refused credentials, bad number).
    permanent: bool = False
    reason: str = ""
    gateway_id: str | None = None


@dataclass(frozen=True)
class KannelClient:
    """Where smsbox listens, and the ``sendsms-user`` Chamba signs in as."""

    sendsms_url: str
    username: str
    password: str
    sender: str = ""
    smsc: str = ""
    timeout: float = 10.0

    def send(self, to: str, text: str, dlr_url: str) -> SendResult:
        """Hand one GSM-7 message to smsbox, asking for delivery reports at ``dlr_url``."""
        params = {"username": self.username, "password": self.password, "to": to,
                  "text": text, "coding": "0", "charset": "UTF-8",
                  "dlr-mask": str(DLR_MASK), "dlr-url": dlr_url}
        if self.sender:
            params["from"] = self.sender
        if self.smsc:
            params["smsc"] = self.smsc
        url = f"{self.sendsms_url}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(300).decode("utf-8", "replace").strip()
                status = response.status
        except urllib.error.HTTPError as error:
            body = error.read(300).decode("utf-8", "replace").strip()
            # 4xx: Kannel refused this request as written; 5xx: it could not take it now.
            return SendResult(False, permanent=400 <= error.code < 500 and error.code != 429,
                              reason=f"Kannel {error.code}: {body}"[:200])
        except (urllib.error.URLError, OSError, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            return SendResult(False, reason=f"Kannel sin respuesta: {reason}"[:200])
        if status in (200, 202) and body[:2] in ("0:", "3:"):
            return SendResult(True, reason=body[:200])
        return SendResult(False, reason=f"Kannel {status}: {body}"[:200])
