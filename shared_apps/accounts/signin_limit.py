"""Per-account sign-in limit: a growing delay after repeated wrong passwords, whatever the address.

The per-address throttle (DRF scope `login`) cannot see a guesser who changes address each try.
Here failures are counted per account (per brand: cache keys carry the schema) and, after
FREE_FAILURES, each further attempt must wait twice as long as the one before, up to
MAX_DELAY_SECONDS: 2 s, 4 s, 8 s ... 15 min. Not a lockout: an attacker can make the owner wait
at most 15 minutes at a time, never lock the account for good; a success clears the count.
Attempts during the delay are refused with 429 and Retry-After, unchecked (so they neither
count nor reveal whether the password was right).
"""

import hashlib
import math
import time

from django.core.cache import cache
from rest_framework.exceptions import Throttled

FREE_FAILURES = 5
MAX_DELAY_SECONDS = 15 * 60
FORGET_AFTER_SECONDS = 24 * 3600
clock = time.time  # tests move time themselves


def _key(email: str) -> str:
    return "accounts:signin-failures:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def delay_after(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS)


def ensure_may_try(email: str) -> None:
    """Raise Throttled (429, Retry-After) while the account's delay runs."""
    failures, last = cache.get(_key(email), (0, 0.0))
    wait = last + delay_after(failures) - clock()
    if wait > 0:
        seconds = math.ceil(wait)
        raise Throttled(wait=seconds, detail=f"Too many wrong passwords for this account; try again in {seconds} s.")


def failed(email: str) -> None:
    failures, _ = cache.get(_key(email), (0, 0.0))
    cache.set(_key(email), (failures + 1, clock()), timeout=FORGET_AFTER_SECONDS)


def succeeded(email: str) -> None:
    cache.delete(_key(email))
