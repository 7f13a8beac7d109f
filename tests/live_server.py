"""A real gunicorn on a free loopback port, against the test database and the test Redis."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_tests() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/healthz", headers={"Host": "localhost"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(*, workers: int = 1, env: dict | None = None, args: tuple = ()):
    """Yield the port of a gunicorn serving config.wsgi; stop it afterwards."""
    port = free_port()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                   "DATABASE_URL": database_url_of_tests(), **(env or {})}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), *args]
    proc = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            assert proc.poll() is None, f"gunicorn exited with {proc.returncode}"
            assert time.monotonic() < deadline, "gunicorn never became healthy"
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
