"""The WebSocket isolation matrix (issue 19, section 1): every WebSocket path of a brand host,
read from the routing itself, opened by every wrong caller its rule names, with real ids of brand
A's objects; each is refused with the close code and stable reason the rule says. A path without
a rule fails the test, so a new socket cannot be added without saying who may open it.

Not a wrong caller here: an access token after sign-out. Sign-out revokes the refresh token, and
an access token stays valid until it expires (5 minutes, docs/decisions.md, "Hardening"), on
HTTP and on WebSockets alike; an expired one is in the matrix."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from config.asgi import application
from shared_apps.accounts.models import User
from shared_apps.accounts.tokens import SchemaBoundRefreshToken
from tenant_apps.realtime.routing import websocket_urlpatterns
from tests.factories import PASSWORD

from . import helpers
from .conftest import assert_refused, communicator

UNAUTHENTICATED, FORBIDDEN, NOT_FOUND = (4401, "unauthenticated"), (4403, "forbidden"), (4404, "not_found")

# path -> wrong caller -> (close code, reason). Each caller names the URL it opens and the
# credential it brings (see `attempt`).
RULES = {
    "ws/kitchen/<str:location_id>/": {
        "anonymous": UNAUTHENTICATED,
        "brand B's kitchen": UNAUTHENTICATED,
        "brand B's owner": UNAUTHENTICATED,
        "a platform admin": UNAUTHENTICATED,
        "an expired token of A's kitchen": UNAUTHENTICATED,
        "A's customer": FORBIDDEN,
        "A's kitchen on brand B's host": UNAUTHENTICATED,
        "A's kitchen with brand B's location": NOT_FOUND,
        "an order's tracking token": UNAUTHENTICATED,
    },
    "ws/orders/<str:order_id>/": {
        "anonymous": UNAUTHENTICATED,
        "another customer of A": NOT_FOUND,
        "another order's tracking token": NOT_FOUND,
        "brand B's order's tracking token": NOT_FOUND,
        "brand B's customer": UNAUTHENTICATED,
        "a platform admin": UNAUTHENTICATED,
        "an expired token of the order's customer": UNAUTHENTICATED,
        "the tracking token on brand B's host": NOT_FOUND,
        "A's customer with brand B's order": NOT_FOUND,
    },
}
CASES = [(path, caller) for path, callers in RULES.items() for caller in callers]


def token(user: User, schema: str, *, expired: bool = False) -> str:
    """An access token of `user`, issued in `schema` (the host it signed in on)."""
    with schema_context(schema):
        access = SchemaBoundRefreshToken.for_user(user).access_token
    if expired:
        access.set_exp(lifetime=-timedelta(minutes=1))
    return str(access)


@pytest.fixture
def world():
    """Brand A (alpha): a location, its kitchen and two customers, two orders; brand B (bravo):
    a location, its kitchen, owner and a customer, an order; a platform admin. Tokens of each."""
    alpha, bravo = helpers.brand("alpha").schema_name, helpers.brand("bravo").schema_name
    loc, bravo_loc = helpers.make_location("alpha"), helpers.make_location("bravo")
    users = {name: helpers.make_user(slug, role)[0] for name, slug, role in [
        ("kitchen", "alpha", "kitchen"), ("customer", "alpha", "customer"), ("stranger", "alpha", "customer"),
        ("bravo_kitchen", "bravo", "kitchen"), ("bravo_customer", "bravo", "customer")]}
    order = helpers.place_order("alpha", loc, customer=users["customer"])
    other_order = helpers.place_order("alpha", loc)
    bravo_order = helpers.place_order("bravo", bravo_loc)
    with tenant_context(helpers.brand("bravo")):
        bravo_owner = User.objects.get(role=User.Role.OWNER)
    public = get_public_schema_name()
    with schema_context(public):
        admin = User.objects.create_superuser(f"ws-matrix-{uuid.uuid4().hex[:8]}@platform.test", PASSWORD)
    tokens = {
        "kitchen": token(users["kitchen"], alpha), "kitchen_expired": token(users["kitchen"], alpha, expired=True),
        "customer": token(users["customer"], alpha), "customer_expired": token(users["customer"], alpha, expired=True),
        "stranger": token(users["stranger"], alpha), "bravo_kitchen": token(users["bravo_kitchen"], bravo),
        "bravo_customer": token(users["bravo_customer"], bravo), "bravo_owner": token(bravo_owner, bravo),
        "admin": token(admin, public),
    }
    yield SimpleNamespace(loc=loc, bravo_loc=bravo_loc, order=order, other_order=other_order, bravo_order=bravo_order,
                          tokens=tokens)
    helpers.forget("alpha", orders=[order, other_order], locations=[loc],
                   users=[users[n] for n in ("kitchen", "customer", "stranger")])
    helpers.forget("bravo", orders=[bravo_order], locations=[bravo_loc], users=[users["bravo_kitchen"], users["bravo_customer"]])
    with schema_context(public):
        # Not through the ORM: its cascade would visit tenant tables that the public schema lacks.
        OutstandingToken.objects.filter(user_id=admin.pk).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE id = %s", [admin.pk])


def attempt(w, path: str, caller: str) -> tuple[str, str, str]:
    """(host, path with its id, query) of `caller` opening `path` with brand A's ids."""
    a, b, t = "alpha.localhost", "bravo.localhost", w.tokens
    if path.startswith("ws/kitchen/"):
        url = f"/ws/kitchen/{w.loc.id}/"
        return {
            "anonymous": (a, url, ""),
            "brand B's kitchen": (a, url, f"token={t['bravo_kitchen']}"),
            "brand B's owner": (a, url, f"token={t['bravo_owner']}"),
            "a platform admin": (a, url, f"token={t['admin']}"),
            "an expired token of A's kitchen": (a, url, f"token={t['kitchen_expired']}"),
            "A's customer": (a, url, f"token={t['customer']}"),
            "A's kitchen on brand B's host": (b, url, f"token={t['kitchen']}"),
            "A's kitchen with brand B's location": (a, f"/ws/kitchen/{w.bravo_loc.id}/", f"token={t['kitchen']}"),
            "an order's tracking token": (a, url, f"tracking={w.order.tracking_token}"),
        }[caller]
    url = f"/ws/orders/{w.order.id}/"
    return {
        "anonymous": (a, url, ""),
        "another customer of A": (a, url, f"token={t['stranger']}"),
        "another order's tracking token": (a, url, f"tracking={w.other_order.tracking_token}"),
        "brand B's order's tracking token": (a, url, f"tracking={w.bravo_order.tracking_token}"),
        "brand B's customer": (a, url, f"token={t['bravo_customer']}"),
        "a platform admin": (a, url, f"token={t['admin']}"),
        "an expired token of the order's customer": (a, url, f"token={t['customer_expired']}"),
        "the tracking token on brand B's host": (b, url, f"tracking={w.order.tracking_token}"),
        "A's customer with brand B's order": (a, f"/ws/orders/{w.bravo_order.id}/", f"token={t['customer']}"),
    }[caller]


@pytest.mark.django_db  # also makes pytest-django create the test database for the committed tests
def test_every_websocket_path_has_a_rule_and_the_matrix_covers_it():
    paths = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert paths == set(RULES), f"WebSocket paths without a rule: {paths - set(RULES)}"
    print(f"WebSocket matrix: {len(paths)}/{len(paths)} paths, {len(CASES)} wrong callers")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
@pytest.mark.parametrize(("path", "caller"), CASES, ids=[f"{p} as {c}" for p, c in CASES])
async def test_a_wrong_caller_is_refused_with_the_code_its_rule_names(world, path, caller):
    host, url, query = attempt(world, path, caller)
    code, reason = RULES[path][caller]
    await assert_refused(communicator(application, f"{url}?{query}", host), code, reason)


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_right_callers_open_both_paths_so_the_refusals_mean_something(world):
    from .conftest import receive_until

    for url, query in [(f"/ws/kitchen/{world.loc.id}/", f"token={world.tokens['kitchen']}"),
                       (f"/ws/orders/{world.order.id}/", f"tracking={world.order.tracking_token}"),
                       (f"/ws/orders/{world.order.id}/", f"token={world.tokens['customer']}")]:
        comm = communicator(application, f"{url}?{query}", "alpha.localhost")
        connected, _ = await comm.connect()
        assert connected
        assert (await receive_until(comm, "snapshot"))[-1]["type"] == "snapshot"
        await comm.disconnect()
