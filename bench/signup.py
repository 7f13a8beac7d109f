"""Sign-up benchmark: POST /api/v1/signup/ end to end over HTTP, as brands accumulate.

Writes bench/results/signup.json. A real gunicorn (WSGI, the production server) serves the
platform on a loopback port; this script sends sign-ups one at a time with http.client and
measures from the request's first byte to the 201, then the new storefront's first answer
(`GET /api/v1/brand/` on `<slug>.localhost`). The owner's password is hashed with the
configured hasher (Argon2id, shared_apps/accounts/hashers.py): that is what a real sign-up pays.
The JSON also records what one hash costs with it and with Django's default PBKDF2.

With 0, 100 and 500 brands present, two cases:
  - spare:  the spare pool has a schema to claim (the normal case: a worker refills it after
            every claim, so between two sign-ups the pool is topped up here, untimed)
  - replay: the pool is empty, so the template's DDL is replayed inside the request

Run with `make bench-signup`; uses its own database (brigade_bench_signup), dropped and re-created.
Environment: BENCH_TENANT_COUNTS (default 0,100,500), BENCH_SAMPLES (default 20), BENCH_PORT.
"""

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
BENCH_DB = os.environ.get("BENCH_DATABASE", "brigade_bench_signup")
base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{base_url}/{BENCH_DB}"
os.environ["TENANT_REFILL_AFTER_CLAIM"] = "false"  # no worker here: the script refills, untimed
os.environ["THROTTLE_SIGNUP"] = "100000/min"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from tenants import provisioning  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

COUNTS = [int(c) for c in os.environ.get("BENCH_TENANT_COUNTS", "0,100,500").split(",")]
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
PASSWORD = "bench-Password-2026"
_serial = 0


def recreate_database() -> None:
    db = settings.DATABASES["default"]
    admin = ["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{BENCH_DB}"'], check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/healthz", host="localhost")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def request(port: int, method: str, path: str, *, host: str, body: dict | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Host": host, "Content-Type": "application/json"}
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else {})
    finally:
        connection.close()


def next_slug(prefix: str) -> str:
    global _serial
    _serial += 1
    return f"{prefix}-{_serial}"


def sign_up(port: int, prefix: str) -> tuple[float, float]:
    """(sign-up seconds, storefront's first answer seconds) for one new brand."""
    slug = next_slug(prefix)
    body = {"brand_name": f"Bench {slug}", "slug": slug, "owner_email": f"owner@{slug}.test",
            "owner_password": PASSWORD, "plan": "growth", "currency": "EUR", "timezone": "Europe/Berlin"}
    started = time.perf_counter()
    status, answer = request(port, "POST", "/api/v1/signup/", host="localhost", body=body)
    signed_up = time.perf_counter()
    if status != 201:
        raise SystemExit(f"sign-up answered {status}: {answer}")
    brand_status, _ = request(port, "GET", "/api/v1/brand/", host=answer["tenant"]["domain"])
    ready = time.perf_counter()
    if brand_status != 200:
        raise SystemExit(f"storefront answered {brand_status}")
    return signed_up - started, ready - signed_up


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95_index = max(0, round(0.95 * len(ordered)) - 1)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[p95_index] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def brand_count() -> int:
    return Tenant.objects.filter(kind=Tenant.Kind.BRAND).count()


def drop_spares() -> None:
    for spare in Tenant.objects.filter(kind=Tenant.Kind.SPARE):
        spare.delete(force_drop=True)


def fill_to(count: int) -> None:
    """Add brands (not measured) until `count` exist: spare claims, fast hasher."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        while brand_count() < count:
            provisioning.fill_spare_pool(min(50, count - brand_count()))
            while brand_count() < count and Tenant.objects.filter(kind=Tenant.Kind.SPARE).exists():
                slug = next_slug("filler")
                provision_tenant(slug, slug, owner_email=f"owner@{slug}.test", owner_password=PASSWORD)


def measure(port: int, case: str) -> dict:
    signups, storefronts = [], []
    for _ in range(SAMPLES):
        if case == "spare":
            provisioning.fill_spare_pool(2)  # what the worker does after each claim, untimed
        else:
            drop_spares()
        took, ready = sign_up(port, case)
        signups.append(took)
        storefronts.append(ready)
    return {"signup": summary(signups), "storefront_first_answer": summary(storefronts)}


def password_hash_ms(hasher: str = "default") -> float:
    from django.contrib.auth.hashers import make_password

    started = time.perf_counter()
    for _ in range(5):
        make_password(PASSWORD, hasher=hasher)
    return round((time.perf_counter() - started) / 5 * 1000, 1)


def main() -> None:
    recreate_database()
    call_command("migrate_schemas", verbosity=0, interactive=False)
    port = int(os.environ.get("BENCH_PORT") or free_port())
    server = start_server(port)
    try:
        provisioning.fill_spare_pool(2)
        for _ in range(4):  # warm both workers (imports, pg_dump cache); not measured, then removed
            sign_up(port, "warmup")
        for warmup in Tenant.objects.filter(slug__startswith="warmup-"):
            warmup.delete(force_drop=True)
        levels = []
        for count in COUNTS:
            fill_to(count)
            present = brand_count()
            print(f"[{present} brands] spare, replay …", flush=True)
            level = {"brands_present": present, "spare": measure(port, "spare"), "replay": measure(port, "replay")}
            levels.append(level)
            print(json.dumps(level), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    last = levels[-1]
    result = {
        "benchmark": "signup",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "server": "gunicorn (WSGI), 2 sync workers, loopback HTTP; one sign-up at a time",
        "password_hash_ms": {"argon2id_owasp (used)": password_hash_ms(),
                             "pbkdf2_sha256_1M (Django default)": password_hash_ms("pbkdf2_sha256")},
        "samples_per_case": SAMPLES,
        "note": "signup = POST /api/v1/signup/ to its 201 (validation, PBKDF2 hash, provisioning, "
                "subscription, audit, owner tokens). storefront_first_answer = the new host's GET "
                "/api/v1/brand/ right after. spare = pool refilled between sign-ups (as the worker "
                "does); replay = pool empty, DDL replayed in the request. brands_present counts "
                "brands before the level's samples.",
        "levels": levels,
        "targets": {
            "signup_p95_ms_with_500_under_500": last["brands_present"] >= 500 and last["spare"]["signup"]["p95_ms"] < 500,
            "signup_p95_ms_with_500_pool_empty_under_500": last["brands_present"] >= 500 and last["replay"]["signup"]["p95_ms"] < 500,
        },
    }
    out = ROOT / "bench" / "results" / "signup.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
