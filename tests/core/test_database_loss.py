"""PostgreSQL ending a connection (a restart, a failover, pg_terminate_backend): the server's
next request reconnects instead of failing, and a request whose connection is lost under it is a
503 the client may retry, never a 500."""

import http.client
import json
import sys

from django.db import OperationalError, connection
from django.test import RequestFactory

from shared_apps.core.errors import server_error
from tests.servers import database_url_of_tests, django_servers


def test_a_lost_database_connection_is_a_503_with_retry_after_and_other_crashes_stay_500():
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert (response.status_code, response["Retry-After"]) == (503, "1")
    assert json.loads(response.content)["code"] == "database_unavailable"
    try:
        raise KeyError("a bug")
    except KeyError:
        assert sys.exc_info()[0] is KeyError
        assert server_error(RequestFactory().get("/")).status_code == 500


def _terminate(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # a fresh look, inside the test's transaction
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                       [application_name])
        return cursor.fetchone()[0]


def _get(port: int, host: str, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": host, "Accept": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_a_server_whose_persistent_connection_was_terminated_answers_the_next_request(db, tmp_path):
    name = "brigade-terminated-test"
    env = {"DATABASE_URL": f"{database_url_of_tests()}?application_name={name}", "DB_CONN_MAX_AGE": "600"}
    with django_servers(env=env, logs=tmp_path) as servers:
        assert _get(servers.http, "localhost", "/readyz") == 200  # its query leaves the worker a connection
        assert _terminate(name) >= 1
        assert [_get(servers.http, "localhost", "/readyz") for _ in range(3)] == [200, 200, 200]
        # No brand request here: its answer would stay in the shared cache for the next tests.
