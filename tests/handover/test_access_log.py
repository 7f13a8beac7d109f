"""A hand-over code never reaches a server access log: it travels in a URL fragment (which a browser
never sends) and in POST bodies (which neither gunicorn nor our Nginx log format writes down).

Checked against the real thing: gunicorn started with the production settings file
(platform/docker/gunicorn.conf.py, access log on stdout) serves a sign-up, its hand-over, and a
platform admin's impersonation hand-over; then no line of its access log holds either code.
"""

import http.client
import json
import re
import time
from pathlib import Path

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from shared_apps.accounts.models import User
from tests import servers

from ..factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]



def _call(port: int, method: str, path: str, *, host: str, body=None, token: str = "") -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


@pytest.fixture
def gunicorn(committed_db, tmp_path):
    """gunicorn with the production configuration file; yields (port, access log path)."""
    log, metrics = tmp_path / "gunicorn.log", tmp_path / "prometheus"
    metrics.mkdir()
    env = {"WEB_CONCURRENCY": "1", "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    with servers.gunicorn(env=env, args=("-c", "platform/docker/gunicorn.conf.py"), log=log) as port:
        yield port, log


@pytest.fixture
def admin(committed_db):
    with schema_context(get_public_schema_name()):
        user = User.objects.create_superuser("logs-root@platform.test", PASSWORD)
    yield user
    with schema_context(get_public_schema_name()):
        # Not user.delete(): its cascade would look for tables that exist in brands' schemas only.
        OutstandingToken.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk)._raw_delete("default")


def _access_lines(log: Path, expected: int) -> list[str]:
    """The access log's request lines, once gunicorn has written the last one we made."""
    deadline = time.monotonic() + 20
    while True:
        lines = [line for line in log.read_text().splitlines() if re.search(r'"(GET|POST|PATCH) /', line)]
        if len(lines) >= expected or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def test_handover_codes_never_appear_in_the_access_log(gunicorn, admin):
    port, log = gunicorn
    body = {"brand_name": "Log Test", "slug": "logtest", "owner_email": "boss@logtest.test", "owner_password": PASSWORD}
    status, signup = _call(port, "POST", "/api/v1/signup/", host="localhost", body=body)
    assert status == 201, signup
    status, handed = _call(port, "POST", "/api/v1/auth/handover/", host="logtest.localhost",
                           body={"code": signup["handover_code"]})
    assert status == 200, handed

    _, tokens = _call(port, "POST", "/api/v1/auth/login/", host="localhost",
                      body={"email": admin.email, "password": PASSWORD})
    status, impersonation = _call(port, "POST", "/api/v1/admin/tenants/logtest/impersonate/", host="localhost",
                                  body={"reason": "log test"}, token=tokens["access"])
    assert status == 200, impersonation
    status, _ = _call(port, "POST", "/api/v1/auth/handover/", host="logtest.localhost",
                      body={"code": impersonation["handover_code"]})
    assert status == 200

    lines = _access_lines(log, expected=6)  # healthz + the five calls above
    assert sum("POST /api/v1/auth/handover/" in line for line in lines) == 2, lines  # the log is the real one
    codes = [signup["handover_code"], impersonation["handover_code"]]
    everything = log.read_text()
    assert not [code for code in codes if code in everything]


def _log_formats(text: str) -> list[str]:
    return re.findall(r"log_format\s+\S+(?:\s+escape=\S+)?\s+((?:'[^']*'\s*)+);", text)


@pytest.mark.django_db  # (also this file's `db` test, so pytest-django creates the test database)
def test_nginx_logs_no_request_body_and_no_header_a_code_could_ride_in():
    templates = (ROOT / "platform" / "nginx" / "templates").glob("*.template")
    formats = [fmt for template in templates for fmt in _log_formats(template.read_text())]
    assert formats, "no log_format found: the parser no longer matches the templates"
    for fmt in formats:
        variables = set(re.findall(r"\$(\w+)", fmt))
        assert not variables & {"request_body", "http_authorization", "http_cookie", "http_referer"}, fmt
