"""Integrations fixtures: owners signed in per brand, keys made through the API, and a real HTTP
receiver on loopback for webhooks."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache as django_cache
from django.test import override_settings

from tenant_apps.integrations import outbox
from tests.conftest import client_for, host_of, login
from tests.servers import free_port


@pytest.fixture(autouse=True)
def _no_cached_endpoint_flag():
    """Test data never commits, so the after-commit forget of outbox.has_endpoints never runs."""
    client = django_cache._cache.get_client(write=True)
    stale = list(client.scan_iter(match=f"*{outbox._ANY_ENDPOINTS_KEY}*"))
    if stale:
        client.delete(*stale)


def owner_client(tenant):
    client = client_for(host_of(tenant))
    tokens = login(client, f"owner@{tenant.slug}.test")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client


@pytest.fixture
def owner_a(tenant_a):
    return owner_client(tenant_a)


@pytest.fixture
def owner_b(tenant_b):
    return owner_client(tenant_b)


def make_key(owner, **body) -> dict:
    response = owner.post("/api/v1/manage/api-keys/", {"name": "POS", "scopes": ["menu:read"], **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def key_client(tenant, secret: str):
    client = client_for(host_of(tenant))
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client



class Receiver:
    """A real HTTP server on 127.0.0.1: records each request; answers with `statuses` in turn
    (the last one repeats), or holds a request open while `hold` is set."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses = [200]
        self.extra_headers: dict[str, str] = {}
        self.arrived = threading.Condition()
        self.hold = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.arrived:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
                    index = len(receiver.requests) - 1
                    receiver.arrived.notify_all()
                if receiver.hold.is_set():
                    receiver.release.wait(120)
                status = receiver.statuses[min(index, len(receiver.statuses) - 1)]
                self.send_response(status)
                for name, value in receiver.extra_headers.items():
                    self.send_header(name, value)
                payload = json.dumps({"received": index}).encode()
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 60) -> list[dict]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.requests) >= count, timeout), \
                f"{len(self.requests)} of {count} deliveries arrived"
            return list(self.requests)

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    """A loopback receiver, and only its port let through the SSRF guard."""
    server = Receiver()
    with override_settings(WEBHOOK_ALLOWED_TARGETS=[f"127.0.0.1:{server.port}"]):
        yield server
    server.close()
