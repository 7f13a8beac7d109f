"""A request the real gunicorn refuses before Django sees it is answered in the API's JSON error
format, not gunicorn's HTML page (shared_apps/core/gunicorn.py)."""

import json
import socket

import pytest

from tests import servers


@pytest.fixture(scope="module")
def port(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), servers.gunicorn() as port:
        yield port


def raw_request(port: int, data: bytes) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),  # request line over 4094
    (b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),  # header over 8190
    (b"NOT A REQUEST\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n", 400),
])
def test_gunicorn_refuses_malformed_requests_in_json(port, request_bytes, status):
    got, headers, body = raw_request(port, request_bytes)
    assert (got, headers["Content-Type"]) == (status, "application/json"), body
    error = json.loads(body)
    assert set(error) == {"type", "code", "detail", "fields"} and error["type"] == "client_error"
