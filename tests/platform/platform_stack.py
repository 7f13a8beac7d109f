"""The real stack on loopback for the platform tests: PostgreSQL database, migrated app,
gunicorn (WSGI), uvicorn (ASGI), a Celery worker with its metrics server and beat, with the
production settings, Nginx in front (TLS mode, self-signed wildcard certificate) and Prometheus
scraping the app. Like the containers, each server has its own PROMETHEUS_MULTIPROC_DIR.

Everything listens on 127.0.0.1 on free unprivileged ports and is stopped afterwards; the
database is created for the run and dropped at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from brigade_platform import ROOT, run

from tests.servers import free_port

BASE_DOMAIN = "brigade.example"
PLATFORM_HOST = BASE_DOMAIN
PASSWORD = "platform-test-Password-1"
CUSTOM_DOMAIN = "order.alpha-pizza.test"



def wait_until(check, *, timeout: float, what: str, procs=()) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{what}: {proc.args[0:3]} exited {proc.returncode}")
        try:
            if check():
                return
        except Exception as exc:  # noqa: BLE001 -- keep polling until the deadline
            last = exc
        time.sleep(0.25)
    raise TimeoutError(f"{what} not ready after {timeout}s (last error: {last!r})")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    web_port: int = field(default_factory=free_port)
    ws_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    status_port: int = field(default_factory=free_port)
    prometheus_port: int = field(default_factory=free_port)
    worker_metrics_port: int = field(default_factory=free_port)
    procs: list = field(default_factory=list)

    # --- processes ---------------------------------------------------------------------------
    def start(self, name: str, cmd: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 -- closed with the process
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, **kwargs)
        self.procs.append((name, proc, log))
        return proc

    def stop(self) -> None:
        for _name, proc, _log in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for _name, proc, log in reversed(self.procs):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{(self.tmp / f'{name}.log').read_text(errors='replace')[-3000:]}"
            for name, _p, _l in self.procs
        )

    def manage(self, *args: str, timeout: float = 300) -> str:
        return run([sys.executable, "manage.py", *args], env=self.env, timeout=timeout).stdout

    # --- HTTP through Nginx ------------------------------------------------------------------
    def request(
        self,
        method: str,
        host: str,
        path: str,
        *,
        body=None,
        headers=None,
        tls: bool = True,
        port: int | None = None,
    ) -> Response:
        import http.client

        data = json.dumps(body).encode() if body is not None else None
        hdrs = {"Host": host, **({"Content-Type": "application/json"} if data else {}), **(headers or {})}
        if tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", port or self.https_port, context=ctx, timeout=20)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", port or self.http_port, timeout=20)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def websocket_handshake(self, host: str, path: str) -> tuple[str, bytes]:
        """Open a WebSocket through Nginx (TLS) by hand; return the status line and what followed."""
        import base64

        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection(("127.0.0.1", self.https_port), timeout=20)
        with ctx.wrap_socket(raw) as sock:
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall(
                (
                    f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: https://{host}\r\n\r\n"
                ).encode()
            )
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            return head.split(b"\r\n", 1)[0].decode(), head + b"\r\n\r\n" + rest


def _database_url(name: str) -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade")
    parts = urllib.parse.urlsplit(base)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return admin, urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def create_database(name: str) -> str:
    import psycopg

    admin, url = _database_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def drop_database(name: str) -> None:
    import psycopg

    admin, _ = _database_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_env(database_url: str, multiproc_dir: Path) -> dict[str, str]:
    """The servers' environment; each server gets its own `multiproc_dir` (see with_multiproc_dir)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="platform-test-" + "x" * 50,
        DATABASE_URL=database_url,
        REDIS_URL=os.environ.get("PLATFORM_TEST_REDIS_URL", "redis://127.0.0.1:6379/13"),
        BASE_DOMAIN=BASE_DOMAIN,
        # localhost/127.0.0.1: health checks and Prometheus reach the servers by address.
        PLATFORM_HOSTS=f"{PLATFORM_HOST},localhost,127.0.0.1",
        PLATFORM_URL=f"https://{PLATFORM_HOST}",
        TENANT_URL_SCHEME="https",
        TENANT_URL_PORT="",
        PROMETHEUS_MULTIPROC_DIR=str(multiproc_dir),
        CACHE_KEY_PREFIX=f"platform-test-{os.getpid()}",
        # Stacks of concurrent runs may share one Redis: each sends and consumes its own queue.
        CELERY_TASK_DEFAULT_QUEUE=f"platform-test-{os.getpid()}",
        # Beat's metric ticks every 2 s instead of every minute, so a test sees several.
        METRICS_BEAT_SECONDS="2",
        TENANT_SPARE_POOL_SIZE="1",  # the worker refills the pool after a sign-up: keep that short
        PYTHONUNBUFFERED="1",
    )
    return env


def with_multiproc_dir(env: dict[str, str], path: Path) -> dict[str, str]:
    path.mkdir()
    return {**env, "PROMETHEUS_MULTIPROC_DIR": str(path)}


# A location open all week with pickup, and one item on its menu (alpha's schema): what the
# business metrics test orders. Printed as "<location id> <item id>".
_SHOP = """
from django_tenants.utils import tenant_context
from tenant_apps.catalog import services
from tenants.models import Tenant
with tenant_context(Tenant.objects.get(slug="alpha")):
    week = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    location = services.create_location(
        actor=None, name="Loopback", address="1 Loop Road", latitude=52.52, longitude=13.40, phone="+4930100",
        timezone="UTC", hours=week, pickup_enabled=True, delivery_enabled=False, prep_time_minutes=10)
    menu = services.create_menu(actor=None, locations=[location], name="All day")
    category = services.create_category(menu, actor=None, name="Mains")
    item = services.create_item(category, actor=None, name="Loop burger", price_cents=900, tax_category="standard")
    print(location.pk, item.pk)
"""


def start_stack(tmp: Path, nginx: str, cert: Path, key: Path) -> Stack:
    import nginx_render

    db_name = f"brigade_platform_{os.getpid()}"
    (tmp / "multiproc-manage").mkdir()  # what manage.py commands write
    stack = Stack(tmp=tmp, env=app_env(create_database(db_name), tmp / "multiproc-manage"))
    # The web app renders the brand's index.html from the same build Nginx serves (the image has it twice).
    stack.env["FRONTEND_DIST"] = str(tmp / "nginx" / "html")
    stack.db_name = db_name
    try:
        stack.manage("migrate_schemas", "--noinput", timeout=600)
        for slug in ("alpha", "bravo"):
            stack.manage(
                "create_tenant",
                slug,
                "--name",
                slug.title(),
                "--owner-email",
                f"owner@{slug}.test",
                "--owner-password",
                PASSWORD,
            )
        stack.manage(
            "shell",
            "-c",
            "from tenants.models import Domain, Tenant; "
            f"Domain.objects.create(domain='{CUSTOM_DOMAIN}', tenant=Tenant.objects.get(slug='alpha'), "
            "is_primary=False)",
        )
        stack.location_id, stack.item_id = stack.manage("shell", "-c", _SHOP).splitlines()[-1].split()

        web = stack.start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "-c",
                str(ROOT / "platform" / "docker" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{stack.web_port}",
                "--workers",
                "2",
            ],
            env=with_multiproc_dir(stack.env, tmp / "multiproc-web"),
        )
        ws = stack.start(
            "uvicorn",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(stack.ws_port),
                "--proxy-headers",
                "--no-server-header",
            ],
            env=with_multiproc_dir(stack.env, tmp / "multiproc-ws"),
        )
        # The worker container: a prefork worker and the server of its processes' metrics.
        worker_env = with_multiproc_dir(stack.env, tmp / "multiproc-worker")
        worker = stack.start(
            "celery-worker",
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "2",
             "--without-mingle", "-l", "info"],
            env=worker_env,
        )
        worker_metrics = stack.start(
            "worker-metrics",
            [sys.executable, str(ROOT / "platform" / "docker" / "metrics_server.py"), str(stack.worker_metrics_port)],
            env=worker_env,
        )
        stack.start(
            "celery-beat",
            [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "info", "--pidfile=",
             "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"],
            env=with_multiproc_dir(stack.env, tmp / "multiproc-beat"),
        )

        out = tmp / "nginx"
        conf = nginx_render.render(
            out,
            {
                "NGINX_MODE": "tls",
                "NGINX_HTTP_PORT": f"127.0.0.1:{stack.http_port}",
                "NGINX_HTTPS_PORT": f"127.0.0.1:{stack.https_port}",
                "NGINX_STATUS_PORT": f"127.0.0.1:{stack.status_port}",
                "WEB_UPSTREAM": f"127.0.0.1:{stack.web_port}",
                "WS_UPSTREAM": f"127.0.0.1:{stack.ws_port}",
                "BASE_DOMAIN": BASE_DOMAIN,
            },
        )
        shutil.copy(cert, out / "tls.crt")
        shutil.copy(key, out / "tls.key")
        # A stand-in SPA build: index.html and one content-hashed asset, as Vite writes them.
        (out / "html" / "index.html").write_text("<!doctype html><html><head><title>Brigade SPA</title></head></html>")
        (out / "html" / "assets").mkdir()
        (out / "html" / "assets" / "index-3f9a1c2b.js").write_text("console.log('brigade');\n" * 100)
        run([nginx, "-t", "-p", str(out), "-c", str(conf)])
        proxy = stack.start("nginx", [nginx, "-p", str(out), "-c", str(conf), "-g", "daemon off;"])

        def web_ready():
            r = stack.request("GET", "localhost", "/healthz", tls=False, port=stack.web_port)
            return r.status == 200

        wait_until(web_ready, timeout=60, what="gunicorn", procs=[web])
        wait_until(
            lambda: (
                stack.request("GET", "localhost", "/healthz", tls=False, port=stack.ws_port).status == 200
            ),
            timeout=60,
            what="uvicorn",
            procs=[ws],
        )
        wait_until(
            lambda: (
                stack.request("GET", "x", "/nginx-health", tls=False, port=stack.status_port).status == 200
            ),
            timeout=20,
            what="nginx",
            procs=[proxy],
        )
        wait_until(
            lambda: stack.request("GET", "x", "/metrics", tls=False, port=stack.worker_metrics_port).status == 200,
            timeout=30,
            what="the worker's metrics server",
            procs=[worker, worker_metrics],
        )
    except BaseException:
        stack.stop()
        drop_database(db_name)
        raise
    return stack


def stop_stack(stack: Stack) -> None:
    stack.stop()
    drop_database(stack.db_name)
