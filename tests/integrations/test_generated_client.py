"""An integrator's flow through a Python client generated from the brand's OpenAPI document by
openapi-python-client (from PyPI), regenerated in every run and never committed: create a key,
subscribe a webhook, read the menu, mark an item sold out, receive the webhook and verify it with
the `standardwebhooks` library. The client speaks HTTP to the WSGI application in this process."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from standardwebhooks import Webhook

from tests.conftest import client_for, host_of, login
from tests.orders.conftest import build_shop

PACKAGE = "brigade_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    schema = out / "schema.json"
    call_command("spectacular", "--urlconf", "config.urls_tenant", "--format", "openapi-json", "--file", str(schema))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}  # its ruff hook
    result = subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", str(schema),
                             "--output-path", str(out / PACKAGE), "--meta", "none"], env=env, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def wsgi_transport():
    """This process's WSGI application, kept inside the test's transaction as Django's test client
    keeps it: no connection closing around each request."""
    handler = WSGIHandler()

    def app(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()  # request_finished: the after-response announcements run here
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return httpx.WSGITransport(app=app)


def find(tree, item_id: str):
    if isinstance(tree, dict):
        if tree.get("id") == item_id:
            return tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for value in tree:
            found = find(value, item_id)
            if found is not None:
                return found
    return None


def test_an_integrator_drives_keys_menu_availability_and_webhooks_through_the_generated_client(
        generated, wsgi_transport, tenant_a, receiver, eager_celery, django_capture_on_commit_callbacks):
    client_module, models = generated("client"), generated("models")
    shop = build_shop(tenant_a)
    base_url = f"http://{host_of(tenant_a)}"
    access = login(client_for(host_of(tenant_a)), "owner@alpha.test")["access"]
    owner = client_module.AuthenticatedClient(base_url=base_url, token=access, httpx_args={"transport": wsgi_transport})

    created = generated("api.manage_api_keys.manage_api_keys_create").sync(client=owner, body=models.ApiKeyCreateRequest(
        name="POS", scopes=[models.ApiKeyScopeEnum(s) for s in ("menu:read", "menu:write", "webhooks:write")]))
    assert isinstance(created, models.ApiKeyCreated) and created.key.startswith("bk_live_")
    integrator = client_module.AuthenticatedClient(base_url=base_url, token=created.key, prefix="Api-Key",
                                                   httpx_args={"transport": wsgi_transport})

    endpoint = generated("api.manage_webhooks.manage_webhooks_create").sync(
        client=integrator, body=models.WebhookEndpointWriteRequest(
            url=receiver.url, event_types=[models.WebhookEventTypeEnum("item.availability_changed")]))
    assert isinstance(endpoint, models.WebhookEndpointSecret), endpoint

    menu = generated("api.storefront.location_menu_read").sync(location_id=shop.location.pk, client=integrator)
    assert find(menu.to_dict(), str(shop.burger.pk))["available"] is True

    with django_capture_on_commit_callbacks(execute=True):  # as the commit would: the delivery task runs (eagerly)
        item = generated("api.manage_catalog.manage_items_availability").sync(
            id=shop.burger.pk, client=integrator, body=models.AvailabilityRequest(available=False))
    assert item.sold_out is True

    [request] = receiver.wait_for(1)
    payload = Webhook(endpoint.secret).verify(request["body"], request["headers"])
    assert payload["type"] == "item.availability_changed" and payload["data"]["item_id"] == str(shop.burger.pk)
