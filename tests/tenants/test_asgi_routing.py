"""WebSockets resolve their tenant from the Host header exactly as HTTP does."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.testing import WebsocketCommunicator

from tenants.asgi import TenantScopeMiddleware


class SchemaEcho(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()
        await self.send_json({"schema": self.scope["tenant"].schema_name})


@pytest_asyncio.fixture(autouse=True)
async def _close_thread_connections():
    """ORM calls from async code run in a worker thread; close its connection so the test DB can be dropped."""
    yield
    from django.db import connections

    await sync_to_async(connections.close_all)()


def _communicator(host: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(TenantScopeMiddleware(SchemaEcho.as_asgi()), "/ws/echo/", headers=[(b"host", host.encode())])


@pytest.mark.django_db
@pytest.mark.asyncio
async def test_websocket_on_a_brand_host_carries_that_brand_in_scope():
    from tenants.models import Tenant

    alpha = await Tenant.objects.aget(slug="alpha")
    communicator = _communicator("alpha.localhost:8001")
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {"schema": alpha.schema_name}
    await communicator.disconnect()


@pytest.mark.django_db
@pytest.mark.asyncio
async def test_websocket_on_an_unknown_host_is_closed_with_4404():
    # The handshake completes and then closes, so a browser can read the code and the reason.
    communicator = _communicator("nobody.localhost")
    connected, _ = await communicator.connect()
    assert connected
    close = await communicator.receive_output()
    assert close == {"type": "websocket.close", "code": 4404, "reason": "unknown_host"}
