"""Per-account sign-in limit: after 5 wrong passwords for one account, from however many addresses,
each further try waits twice as long as the last (2 s, 4 s ... at most 15 min), 429 with Retry-After.
Time is the test's own clock (signin_limit.clock), not the machine's."""

import pytest
from django_tenants.utils import tenant_context

from shared_apps.accounts import signin_limit

from ..factories import PASSWORD, UserFactory

LOGIN = "/api/v1/auth/login/"


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(signin_limit, "clock", fake)
    return fake


@pytest.fixture
def account(tenant_a):
    with tenant_context(tenant_a):
        return UserFactory(email="target@alpha.test")


def attempt(client, password: str, n: int):
    return client.post(LOGIN, {"email": "Target@alpha.test", "password": password}, format="json",
                       REMOTE_ADDR=f"198.51.{n // 250}.{n % 250 + 1}")


def test_thirty_wrong_passwords_from_thirty_addresses_meet_a_growing_delay(client_a, account, clock):
    statuses = [attempt(client_a, "wrong", n).status_code for n in range(5)]
    assert statuses == [401] * 5
    waits = []
    for n in range(5, 30):
        refused = attempt(client_a, "wrong", n)
        assert refused.status_code == 429 and refused.json()["code"] == "throttled", refused.content
        waits.append(int(refused["Retry-After"]))
        clock.now += waits[-1]
        assert attempt(client_a, "wrong", 100 + n).status_code == 401  # the delay passed: checked, and counted
    assert waits[:5] == [2, 4, 8, 16, 32] and max(waits) == 900 and waits[-1] == 900


def test_the_right_password_waits_out_the_delay_too_and_then_clears_it(client_a, account, clock):
    for n in range(6):
        attempt(client_a, "wrong", n)
    assert attempt(client_a, PASSWORD, 7).status_code == 429  # unchecked during the delay
    clock.now += 4
    ok = attempt(client_a, PASSWORD, 8)
    assert ok.status_code == 200, ok.content
    assert [attempt(client_a, "wrong", n).status_code for n in range(5)] == [401] * 5  # counting starts again


def test_the_delay_of_one_account_does_not_touch_another_or_another_brand(client_a, client_b, account, tenant_a, clock):
    with tenant_context(tenant_a):
        UserFactory(email="bystander@alpha.test")
    for n in range(6):
        attempt(client_a, "wrong", n)
    assert attempt(client_a, "wrong", 9).status_code == 429
    other = client_a.post(LOGIN, {"email": "bystander@alpha.test", "password": PASSWORD}, format="json")
    assert other.status_code == 200
    assert attempt(client_b, "wrong", 10).status_code == 401  # the same e-mail on brand B is another account


def test_thirty_concurrent_guesses_for_one_account_check_only_the_free_five(clock):
    # Claimed before the password is checked, in one Redis transaction: no two guesses read the same count.
    import threading

    barrier, outcomes = threading.Barrier(30), []

    def guess():
        barrier.wait()
        try:
            signin_limit.claim_attempt("concurrent@alpha.test")
            outcomes.append("checked")
        except Exception as exc:  # Throttled
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("checked") == 5 and outcomes.count("Throttled") == 25, outcomes
