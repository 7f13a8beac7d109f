"""Local business days in UTC: where a day starts and ends, which days are over, when the next ends.

Every computation goes through zoneinfo with UTC arithmetic, so a DST day is 23 or 25 hours
long and its midnight is the real one (datetimes sharing a tzinfo subtract as wall clocks in
Python; converting to UTC first avoids that trap).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def grace() -> timedelta:
    """How long after local midnight a day's report waits for late transitions (a delivery at 00:10)."""
    return timedelta(minutes=settings.REPORTS_GRACE_MINUTES)


def local_day(day: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) of `day` at `zone`, in UTC."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def local_today(zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def last_closed_day(zone: str, now: datetime) -> date:
    """The latest business date at `zone` whose day, plus the grace period, is over at `now`."""
    return (now - grace()).astimezone(ZoneInfo(zone)).date() - timedelta(days=1)


def next_close(zones: set[str], now: datetime) -> datetime:
    """The first moment after `now` when a day at one of `zones` closes (its midnight + grace)."""
    closes = []
    for zone in zones:
        open_day = last_closed_day(zone, now) + timedelta(days=1)
        closes.append(local_day(open_day, zone)[1] + grace())
    return min(closes)


def dates_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
