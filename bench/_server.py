"""What the HTTP benchmarks (menu.py, orders.py) share: their own database, gunicorn on loopback, wrk.

Import it first, call `configure(...)` before `django.setup()`, and the rest after it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORES = os.cpu_count() or 1
WORKERS = int(os.environ.get("WEB_CONCURRENCY", str(2 * CORES + 1)))
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}  # wrk's latency units, to milliseconds

for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def configure(name: str) -> str:
    """Environment of benchmark `name`: the trivial-endpoint settings, its own database (the
    server's too) and cache prefix. Returns the database name (`BENCH_DATABASE` overrides it)."""
    database = os.environ.get("BENCH_DATABASE", f"brigade_bench_{name}")
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
    os.environ["DJANGO_SETTINGS_MODULE"] = "menu_site"  # dev settings + the trivial endpoint
    os.environ["DATABASE_URL"] = f"{base_url}/{database}"
    os.environ["CACHE_KEY_PREFIX"] = f"brigade-{database}"  # two databases never share cached routes
    os.environ["TENANT_REFILL_AFTER_CLAIM"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return database


def require_wrk(bench: str) -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit(f"{bench} needs wrk: `sudo apt-get install wrk` (Debian/Ubuntu) or `brew install wrk`.")
    return wrk


def recreate_database(database: str) -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = ["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{database}"'], check=True)


def free_port() -> int:
    """A free loopback port: from `BENCH_PORTS` ("18300-18399") when set, else any."""
    first, _, last = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    sys.exit(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def start_server(port: int) -> subprocess.Popen:
    """gunicorn (sync workers, 2 x cores + 1) serving the benchmark's settings on `port`."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(WORKERS), "--worker-class", "sync", "--log-level", "warning", "--chdir", str(ROOT)]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    sys.exit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # its own session: the master and only its workers
    server.wait(timeout=30)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)
