"""Who may open a WebSocket: the brand of the Host, then the JWT of the handshake."""

import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django_tenants.utils import tenant_context
from rest_framework_simplejwt.tokens import AccessToken

from shared_apps.accounts.models import User
from shared_apps.accounts.tokens import SchemaBoundAccessToken, SchemaBoundRefreshToken
from tenant_apps.realtime.auth import JwtAuthMiddleware, token_from_scope
from tenants.asgi import TenantScopeMiddleware
from tenants.models import Tenant
from tests.factories import UserFactory

from .conftest import assert_refused, communicator


class WhoAmI(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept("bearer" if "bearer" in self.scope.get("subprotocols", []) else None)
        user = self.scope["user"]
        await self.send_json({"schema": self.scope["tenant"].schema_name, "user": str(user.pk) if user.pk else None})


APP = TenantScopeMiddleware(JwtAuthMiddleware(WhoAmI.as_asgi()))


def _access_token_for(slug: str, role=User.Role.KITCHEN) -> tuple[str, str]:
    tenant = Tenant.objects.get(slug=slug)
    with tenant_context(tenant):
        user = UserFactory(role=role)
        return str(SchemaBoundRefreshToken.for_user(user).access_token), str(user.pk)


@pytest.fixture
def alpha_token(realtime_db):
    token, user_id = _access_token_for("alpha")
    yield token, user_id
    with tenant_context(Tenant.objects.get(slug="alpha")):
        User.objects.filter(pk=user_id).delete()


@pytest.fixture
def bravo_token(realtime_db):
    token, user_id = _access_token_for("bravo")
    yield token, user_id
    with tenant_context(Tenant.objects.get(slug="bravo")):
        User.objects.filter(pk=user_id).delete()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_in_the_query_string_puts_its_user_in_scope(alpha_token):
    token, user_id = alpha_token
    comm = communicator(APP, f"/ws/x/?token={token}", "alpha.localhost")
    connected, _ = await comm.connect()
    assert connected
    assert (await comm.receive_json_from())["user"] == user_id
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_as_bearer_subprotocol_is_accepted_and_answered_with_bearer_not_the_token(alpha_token):
    token, user_id = alpha_token
    comm = communicator(APP, "/ws/x/", "alpha.localhost", subprotocols=["bearer", token])
    connected, subprotocol = await comm.connect()
    assert connected and subprotocol == "bearer"
    assert (await comm.receive_json_from())["user"] == user_id
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_no_token_means_an_anonymous_user():
    comm = communicator(APP, "/ws/x/", "alpha.localhost")
    await comm.connect()
    assert (await comm.receive_json_from())["user"] is None
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_of_another_brand_is_refused_with_4401(bravo_token):
    token, _ = bravo_token
    await assert_refused(communicator(APP, f"/ws/x/?token={token}", "alpha.localhost"), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_of_another_brand_is_refused_even_as_a_subprotocol(bravo_token):
    token, _ = bravo_token
    comm = communicator(APP, "/ws/x/", "alpha.localhost", subprotocols=["bearer", token])
    await assert_refused(comm, 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_platform_token_is_refused_on_a_brand_host():
    def platform_token():  # issued in the public schema, for a platform admin (never saved: no cleanup)
        admin = User(id=uuid.uuid4(), email="ws-root@platform.test", is_staff=True, role=User.Role.PLATFORM_ADMIN)
        token = SchemaBoundAccessToken.for_user(admin)
        token["schema"] = "public"
        return str(token)

    token = await sync_to_async(platform_token)()
    await assert_refused(communicator(APP, f"/ws/x/?token={token}", "alpha.localhost"), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_without_a_schema_claim_is_refused(alpha_token):
    _, user_id = alpha_token
    unbound = AccessToken()
    unbound["user_id"] = user_id
    await assert_refused(communicator(APP, f"/ws/x/?token={unbound}", "alpha.localhost"), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_garbage_token_is_refused_not_crashed():
    await assert_refused(communicator(APP, "/ws/x/?token=not.a.jwt", "alpha.localhost"), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_of_a_deactivated_user_is_refused(alpha_token):
    token, user_id = alpha_token

    def deactivate():
        with tenant_context(Tenant.objects.get(slug="alpha")):
            User.objects.filter(pk=user_id).update(is_active=False)

    await sync_to_async(deactivate)()
    await assert_refused(communicator(APP, f"/ws/x/?token={token}", "alpha.localhost"), 4401, "unauthenticated")


def _set_status(slug: str, status: str) -> None:
    tenant = Tenant.objects.get(slug=slug)
    tenant.status = status
    tenant.save(update_fields=["status"])  # save(), not update(): host routing's cache follows signals


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
@pytest.mark.parametrize("status", [Tenant.Status.SUSPENDED, Tenant.Status.CANCELLED])
async def test_a_suspended_or_cancelled_brand_refuses_websockets_with_4423(status):
    comm = communicator(APP, "/ws/x/", "bravo.localhost")
    connected, _ = await comm.connect()  # warm the host cache while bravo is active
    assert connected
    await comm.disconnect()
    await sync_to_async(_set_status)("bravo", status)
    try:
        await assert_refused(communicator(APP, "/ws/x/", "bravo.localhost"), 4423, "tenant_suspended")
    finally:
        await sync_to_async(_set_status)("bravo", Tenant.Status.TRIAL)


@pytest.mark.django_db
def test_the_token_comes_from_the_query_string_first_then_after_bearer_in_the_subprotocols():
    # (Also the file's one `db` test: pytest-django creates the test database only for a session
    # that has one, and the async tests above use committed data instead.)
    assert token_from_scope({"query_string": b"token=q", "subprotocols": ["bearer", "s"]}) == "q"
    assert token_from_scope({"query_string": b"", "subprotocols": ["bearer", "s"]}) == "s"
    assert token_from_scope({"query_string": b"", "subprotocols": ["s", "bearer"]}) is None
    assert token_from_scope({"query_string": b"since=3"}) is None
