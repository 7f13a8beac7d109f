"""Schemathesis over both OpenAPI documents against a real gunicorn: no 5xx, responses as the
documents declare them (schema, status code, content type). Bounded: a fixed seed and a few
examples per operation, so a run takes the same cases on every machine.

The brand fuzzed is one made for the run (dropped afterwards by `committed_db`), so
what the owner token creates, changes or deletes never reaches the brands other tests use.
"""

import http.client
import json
import subprocess
import sys
import uuid

import pytest

from tenants.services import provision_tenant
from tests import servers
from tests.factories import PASSWORD

pytestmark = pytest.mark.timeout(900)  # three bounded runs; the limit only stops a hung one

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
# Their responses do not match the document yet (issue 19's OpenAPI items, fixed by another change
# in flight: locations pagination, the menu export's ids). Fuzzed again once that lands.
PENDING = ("locations_list", "manage_menus_export")
SEED = 19
EXAMPLES = 4


def _get(port: int, host: str, path: str, *, method="GET", body=None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        payload = json.dumps(body) if body is not None else None
        accept = "application/vnd.oai.openapi+json" if path == "/api/schema/" else "application/json"
        conn.request(method, path, body=payload, headers={"Host": host, "Content-Type": "application/json",
                                                          "Accept": accept})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), servers.gunicorn(workers=2) as port:
        yield port


@pytest.fixture
def fuzz_brand(committed_db):
    slug = f"fuzz{uuid.uuid4().hex[:8]}"  # a fresh brand per run; committed_db drops it after
    provision_tenant(slug, "Fuzz", owner_email="owner@fuzz.test", owner_password=PASSWORD)
    return f"{slug}.localhost"


def schemathesis(port: int, host: str, tmp_path, *headers: str) -> subprocess.CompletedProcess:
    status, document = _get(port, host, "/api/schema/")
    assert status == 200
    schema = tmp_path / f"{host}.json"
    schema.write_bytes(document)
    command = [sys.executable, "-m", "schemathesis.cli", "run", str(schema), "--url", f"http://127.0.0.1:{port}",
               "--checks", CHECKS, "--seed", str(SEED), "--max-examples", str(EXAMPLES), "--workers", "1",
               "--phases", "examples,fuzzing", "--no-shrink", "--request-timeout", "60",
               "--suppress-health-check", "all", "-H", f"Host: {host}"]
    for operation_id in PENDING:
        command += ["--exclude-operation-id", operation_id]
    for header in headers:
        command += ["-H", header]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its .schemathesis cache too


def _assert_clean(run: subprocess.CompletedProcess) -> None:
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]


def test_the_brand_document_fuzzed_without_credentials_has_no_failures(server, fuzz_brand, tmp_path):
    _assert_clean(schemathesis(server, fuzz_brand, tmp_path))


def test_the_brand_document_fuzzed_as_its_owner_has_no_failures(server, fuzz_brand, tmp_path):
    status, body = _get(server, fuzz_brand, "/api/v1/auth/login/", method="POST",
                        body={"email": "owner@fuzz.test", "password": PASSWORD})
    assert status == 200, body
    _assert_clean(schemathesis(server, fuzz_brand, tmp_path, f"Authorization: Bearer {json.loads(body)['access']}"))


def test_the_platform_document_fuzzed_without_credentials_has_no_failures(server, committed_db, tmp_path):
    _assert_clean(schemathesis(server, "localhost", tmp_path))
