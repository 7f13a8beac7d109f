"""Real server processes for tests: gunicorn (WSGI, HTTP) and uvicorn (ASGI, /ws/) on free loopback
ports, against the test database and the test Redis, as `make run` starts them.

Used by the WebSocket end-to-end tests (tests/realtime) and the browser tests' live server
(tests/e2e). The caller makes what the servers must see and commits it first: they are other
processes, with their own connections.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
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


def child_environment(**extra: str) -> dict:
    """The environment of a child process that must use the test database and test settings."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url_of_tests(), **extra}


def answers_health(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/healthz", headers={"Host": "localhost"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def wait_until_healthy(proc: subprocess.Popen, port: int, *, timeout: float = 60) -> None:
    """Until `/healthz` on `port` answers 200; fails at once if the process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server on {port} exited with {proc.returncode}"
        if answers_health(port):
            return
        time.sleep(0.2)
    raise AssertionError(f"server on {port} never became healthy")


def stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class Servers:
    http: int  # gunicorn: the API, the admin and the front end
    ws: int  # uvicorn: /ws/ only; the brand endpoint's `realtime_url` names this port (REALTIME_PORT)
    # Kill the WebSocket server (SIGKILL: no goodbye to its clients) / start it again on its port.
    kill_ws: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)
    start_ws: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)


@contextmanager
def django_servers(*, env: dict | None = None, logs: Path | None = None, workers: int = 1,
                   celery_queue: str | None = None):
    """gunicorn and uvicorn on free ports with the test settings; yields their ports, stops them after.
    `env` adds variables; `logs` is a folder for their output (else stderr is inherited). With
    `celery_queue`, a Celery worker runs too, and the servers send their tasks to that queue only,
    so no other test's tasks reach it and its tasks reach no other worker."""
    http_port, ws_port = free_port(), free_port()
    commands = {
        "gunicorn": [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{http_port}",
                     "--workers", str(workers)],
        "uvicorn": [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
                    "--port", str(ws_port), "--log-level", "warning"],
    }
    # Links to a brand's host (hand-over, tracking) name this server's port, as `make run`'s name 8000.
    extra = {"REALTIME_PORT": str(ws_port), "TENANT_URL_PORT": str(http_port), **(env or {})}
    if celery_queue:
        commands["celery"] = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", celery_queue,
                              "--pool", "solo", "-l", "info"]
        extra["CELERY_TASK_DEFAULT_QUEUE"] = celery_queue
    environment = child_environment(**extra)
    procs = []
    try:
        for name, command in commands.items():
            output = open(logs / f"{name}.log", "ab") if logs else None  # noqa: SIM115 (the child holds it)
            procs.append(subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output or subprocess.DEVNULL,
                                          stderr=output))
        wait_until_healthy(procs[0], http_port)
        wait_until_healthy(procs[1], ws_port)

        def kill_ws() -> None:
            procs[1].kill()
            procs[1].wait()

        def start_ws() -> None:
            if procs[1].poll() is None:
                return
            output = open(logs / "uvicorn.log", "ab") if logs else None  # noqa: SIM115 (the child holds it)
            procs[1] = subprocess.Popen(commands["uvicorn"], cwd=ROOT, env=environment,
                                        stdout=output or subprocess.DEVNULL, stderr=output)
            wait_until_healthy(procs[1], ws_port)

        yield Servers(http=http_port, ws=ws_port, kill_ws=kill_ws, start_ws=start_ws)
    finally:
        stop(procs)


@contextmanager
def gunicorn(*, workers: int = 1, env: dict | None = None, args: tuple = (), log: Path | None = None):
    """Yield the port of a gunicorn alone (no uvicorn, no worker) serving config.wsgi; stop it after.
    `log`: a file for its output (stdout and stderr), else stderr is inherited."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), *args]
    environment = child_environment(WEB_PORT=str(port), **(env or {}))
    with open(log, "wb") if log else nullcontext() as output:
        proc = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output or subprocess.DEVNULL,
                                stderr=subprocess.STDOUT if output else None)
    try:
        wait_until_healthy(proc, port)
        yield port
    finally:
        stop([proc])


class OwnRedis:
    """A redis-server of the test's own on a free loopback port (never the shared one), to stop
    and start at will: `url`, `stop()`, `start()` (the same port and data directory, AOF on)."""

    def __init__(self, directory: Path):
        self.port, self.dir = free_port(), directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes", "--save", ""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, "redis-server exited"
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            assert time.monotonic() < deadline, "redis-server did not listen"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@contextmanager
def own_redis(directory: Path):
    redis_server = OwnRedis(directory)
    redis_server.start()
    try:
        yield redis_server
    finally:
        redis_server.stop()
