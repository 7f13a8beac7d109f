"""Per-account sign-in limit: a growing delay after repeated wrong passwords, whatever the address.

The per-address throttle (DRF scope `login`) cannot see a guesser who changes address each try.
Here attempts are counted per account (per brand: cache keys carry the schema) and, after
FREE_FAILURES, each further attempt must wait twice as long as the one before, up to
MAX_DELAY_SECONDS: 2 s, 4 s, 8 s ... 15 min. Not a lockout: an attacker can make the owner wait
at most 15 minutes at a time, never lock the account for good; a success clears the count.
Attempts during the delay are refused with 429 and Retry-After, unchecked (so they neither
count nor reveal whether the password was right).

Atomic: an attempt is claimed — counted as a failure and timed — in one Redis transaction
(WATCH/MULTI) *before* the password is checked, and a success deletes the count afterwards. A
read-then-write after the check would let 30 concurrent guesses all read "0 failures" and all be
checked; claimed up front, the sixth concurrent guess already sees five.
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
    # make_key adds the schema (django_tenants.cache.make_key): one count per account and brand.
    return cache.make_key("accounts:signin-failures:" + hashlib.sha256(email.strip().lower().encode()).hexdigest())


def _redis():
    return cache._cache.get_client(write=True)


def delay_after(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_DELAY_SECONDS)


def claim_attempt(email: str) -> None:
    """Count one attempt for the account, or raise Throttled (429, Retry-After) while its delay
    runs (then nothing is counted). Call it before checking the password; `succeeded` after."""
    key = _key(email)

    def claim(pipe) -> float:
        failures, last = pipe.hmget(key, "failures", "last")
        failures, last = int(failures or 0), float(last or 0.0)
        now = clock()
        wait = last + delay_after(failures) - now
        pipe.multi()
        if wait <= 0:
            pipe.hset(key, mapping={"failures": failures + 1, "last": repr(now)})
            pipe.expire(key, FORGET_AFTER_SECONDS)
        return wait

    wait = _redis().transaction(claim, key, value_from_callable=True)
    if wait > 0:
        seconds = math.ceil(wait)
        raise Throttled(wait=seconds, detail=f"Too many wrong passwords for this account; try again in {seconds} s.")


def succeeded(email: str) -> None:
    _redis().delete(_key(email))
