"""End to end through the real servers: gunicorn for HTTP, uvicorn for WebSockets, on free loopback
ports, against the test database and the test Redis; a `websockets` client like a browser's.

A guest places an order over HTTP; the kitchen board of that location, open on the WebSocket
server, receives it. And a refusal reaches a real client with its close code and reason.
"""

import asyncio
import http.client
import json
import uuid
from types import SimpleNamespace

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tenant_apps.catalog.models import Location, Menu
from tenant_apps.orders.models import Order
from tests.catalog.factories import CategoryFactory, ItemFactory, LocationFactory, MenuFactory
from tests.servers import database_url_of_tests, django_servers

from . import helpers


def http_request(port: int, method: str, path: str, *, host: str, body=None, headers=None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body) if body is not None else None
        conn.request(method, path, body=payload, headers={"Host": host, "Content-Type": "application/json", **(headers or {})})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


@pytest.fixture
def servers(realtime_db):
    with django_servers() as ports:
        yield ports


@pytest.fixture
def shop(realtime_db):
    tenant = helpers.brand("alpha")
    with tenant_context(tenant):
        location = LocationFactory(name="E2E")
        menu = MenuFactory(locations=[location])
        item = ItemFactory(category=CategoryFactory(menu=menu), name="Ramen", price_cents=1250)
    cook, token = helpers.make_user("alpha", "kitchen")
    _, bravo_token = helpers.make_user("bravo", "kitchen")
    yield SimpleNamespace(location=location, item=item, token=token, bravo_token=bravo_token)
    with tenant_context(tenant):
        Order.objects.filter(location=location).delete()
        Menu.objects.filter(pk=menu.pk).delete()
        Location.objects.filter(pk=location.pk).delete()
    helpers.forget("alpha", users=[cook])


def kitchen_socket(servers, shop, token):
    # The TCP connection goes to loopback; the Host header (from the URI) names the brand.
    return connect(f"ws://alpha.localhost:{servers.ws}/ws/kitchen/{shop.location.id}/", host="127.0.0.1",
                   port=servers.ws, proxy=None, subprotocols=["bearer", token], open_timeout=20)


def test_an_order_placed_over_http_appears_on_the_kitchen_socket_of_the_real_server(servers, shop):
    async def scenario():
        async with kitchen_socket(servers, shop, shop.token) as ws:
            assert ws.subprotocol == "bearer"
            snapshot = json.loads(await asyncio.wait_for(ws.recv(), 20))
            assert snapshot["type"] == "snapshot"
            body = {
                "location": str(shop.location.id), "fulfillment": "pickup", "payment_method": "cash",
                "items": [{"item": str(shop.item.id), "quantity": 2}],
                "contact": {"email": "e2e@example.test", "name": "Eve", "phone": "+4930111"},
            }
            status, order = await asyncio.to_thread(
                http_request, servers.http, "POST", "/api/v1/orders/", host="alpha.localhost", body=body,
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            assert status == 201, order
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 20))
                if message["type"] == "order.event":
                    return order, message

    order, message = asyncio.run(scenario())
    assert message["order"]["id"] == order["id"]
    assert (message["event"]["kind"], message["order"]["status"]) == ("created", "placed")
    assert message["order"]["lines"][0]["name"] == "Ramen" and message["order"]["lines"][0]["quantity"] == 2


def test_a_real_client_reads_the_close_code_and_reason_of_a_refusal(servers, shop):
    async def scenario():
        async with kitchen_socket(servers, shop, shop.bravo_token) as ws:
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 20)
            return closed.value.rcvd

    close = asyncio.run(scenario())
    assert (close.code, close.reason) == (4401, "unauthenticated")


@pytest.mark.django_db  # (also the file's `db` test, so pytest-django creates the test database)
def test_the_servers_are_pointed_at_the_test_database():
    assert database_url_of_tests().endswith("/" + connection.settings_dict["NAME"])
    assert connection.settings_dict["NAME"].startswith("test_")
