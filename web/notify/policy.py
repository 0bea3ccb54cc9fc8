"""When a message may go: quiet hours in Lima, the month's cost, and the wait between retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

LIMA = ZoneInfo("America/Lima")


@dataclass(frozen=True)
class QuietHours:
    """No message between ``start`` and ``end`` local time (the span may cross midnight)."""

    start: time = time(21, 0)
    end: time = time(7, 0)
    zone: ZoneInfo = LIMA

    @classmethod
    def parse(cls, spec: str, zone: str = "America/Lima") -> QuietHours:
        """Read "21:00-07:00" (or "21-7"); an empty spec means no quiet hours."""
        if not spec.strip():
            return cls(time(0, 0), time(0, 0), ZoneInfo(zone))
        start, end = (part.strip() for part in spec.split("-", 1))
        return cls(_clock(start), _clock(end), ZoneInfo(zone))

    def contains(self, moment: datetime) -> bool:
        """Tell whether ``moment`` (aware) falls inside the quiet span."""
        local = moment.astimezone(self.zone).time()
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` outside the quiet span, in UTC."""
        if not self.contains(moment):
            return moment
        local = moment.astimezone(self.zone)
        wake = local.replace(hour=self.end.hour, minute=self.end.minute, second=0,
                             microsecond=0)
        if wake <= local:
            wake += timedelta(days=1)
        return wake.astimezone(UTC)


def _clock(text: str) -> time:
    hour, _, minute = text.partition(":")
    return time(int(hour) % 24, int(minute or 0))


def month_start(moment: datetime, zone: ZoneInfo = LIMA) -> datetime:
    """The first instant of ``moment``'s calendar month in Lima, in UTC: costs count by it."""
    local = moment.astimezone(zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def backoff(attempts: int, base_seconds: float = 30.0, ceiling_seconds: float = 3600.0
            ) -> timedelta:
    """Wait ``base · 2^(attempts-1)`` before retrying, never more than ``ceiling``."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), ceiling_seconds))


def sms_cost(segment_count: int, per_segment: Decimal) -> Decimal:
    return per_segment * segment_count


def within_cap(spent: Decimal, cost: Decimal, cap: Decimal | None) -> bool:
    """Tell whether a message costing ``cost`` keeps the month's spend inside ``cap``."""
    return cap is None or spent + cost <= cap
