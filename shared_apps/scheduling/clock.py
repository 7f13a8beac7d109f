"""The time the scheduler goes by.

The wall clock, unless `SCHEDULING_CLOCK_KEY` names a Redis key holding an ISO time: then that.
Tests set the key to drive beat and real worker processes through midnights and DST changes
without sleeping; production leaves the setting empty. Only the tick reads it and hands its
`now` to the tasks it sends, so one tick's tasks agree on the time.
"""

from datetime import datetime
from functools import cache

import redis
from django.conf import settings
from django.utils import timezone


@cache
def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL)


def now() -> datetime:
    key = settings.SCHEDULING_CLOCK_KEY
    if key:
        value = _redis().get(key)
        if value:
            return datetime.fromisoformat(value.decode())
    return timezone.now()


def set_time(moment: datetime) -> None:
    """Set the controlled clock (tests, and the demo's back-dated history)."""
    _redis().set(settings.SCHEDULING_CLOCK_KEY, moment.isoformat())
