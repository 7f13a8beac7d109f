"""Provisioning benchmark: how long making a brand takes, by mechanism, as tenants accumulate.

Writes bench/results/provision.json. Measures, with 0, 100 and 500 brands already present:
  - spare:      provision_tenant claiming a pre-made spare schema ("the platform had a moment")
  - replay:     provision_tenant with an empty pool, replaying the template's DDL ("it had not")
  - migrations: what django-tenants does by default — a new schema migrated from scratch
  - migrate_schemas: a deploy's `migrate_schemas` over every schema with nothing to apply,
                    with the standard executor and with `--executor=multiprocessing`
The owner's password hash (~0.2 s of PBKDF2) is excluded by using a fast hasher: it costs the
same whatever the mechanism, and is measured separately in the sign-up benchmark.

Run with `make bench-provision`; uses its own database (brigade_bench), dropped and re-created.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
BENCH_DB = os.environ.get("BENCH_DATABASE", "brigade_bench")
base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{base_url}/{BENCH_DB}"
os.environ["TENANT_REFILL_AFTER_CLAIM"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tenants import provisioning  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COUNTS = [int(c) for c in os.environ.get("BENCH_TENANT_COUNTS", "0,100,500").split(",")]
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "20"))
MIGRATION_SAMPLES = int(os.environ.get("BENCH_MIGRATION_SAMPLES", "5"))
_serial = 0


def recreate_database() -> None:
    db = settings.DATABASES["default"]
    admin = ["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{BENCH_DB}"'], check=True)


def next_slug(prefix: str) -> str:
    global _serial
    _serial += 1
    return f"{prefix}-{_serial}"


def provision(prefix: str) -> float:
    slug = next_slug(prefix)
    started = time.perf_counter()
    provision_tenant(slug, slug, owner_email=f"owner@{slug}.test", owner_password="bench-password-1")
    return time.perf_counter() - started


def provision_by_migrations() -> float:
    """django-tenants' default: a new schema whose migrations run in the request."""
    schema_name = provisioning.new_schema_name()
    started = time.perf_counter()
    tenant = Tenant(schema_name=schema_name, kind=Tenant.Kind.BRAND, slug=next_slug("migrated"), name="m")
    tenant.save()
    tenant.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    return elapsed


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


def timed_migrate_schemas(executor: str = "standard") -> float:
    started = time.perf_counter()
    call_command("migrate_schemas", verbosity=0, interactive=False, executor=executor)
    connection.set_schema_to_public()
    return round(time.perf_counter() - started, 2)


def main() -> None:
    recreate_database()
    started = time.perf_counter()
    call_command("migrate_schemas", verbosity=0, interactive=False)
    first_migrate = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
                       [settings.TENANT_TEMPLATE_SCHEMA])
        tables = cursor.fetchone()[0]

    levels = []
    for count in COUNTS:
        while brand_count() < count:  # fill with the fast path; these are not measured
            provision("filler")
        present = brand_count()
        print(f"[{present} brands] spare, replay, migrations, migrate_schemas …", flush=True)

        provisioning.fill_spare_pool(SAMPLES)
        spare = [provision("spare") for _ in range(SAMPLES)]
        for leftover in Tenant.objects.filter(kind=Tenant.Kind.SPARE):
            leftover.delete(force_drop=True)
        replay = [provision("replay") for _ in range(SAMPLES)]
        migrations = [provision_by_migrations() for _ in range(MIGRATION_SAMPLES)]
        migration_p50 = statistics.median(migrations)
        levels.append({
            "brands_present": present,
            "load_average_1m": round(os.getloadavg()[0], 2),
            "ratio_to_migrations_p50": {
                "spare": round(statistics.median(spare) / migration_p50, 3),
                "replay": round(statistics.median(replay) / migration_p50, 3),
            },
            "spare": summary(spare),
            "replay": summary(replay),
            "migrations": summary(migrations),
            "migrate_schemas_noop_s": timed_migrate_schemas(),
            "migrate_schemas_noop_multiprocessing_s": timed_migrate_schemas("multiprocessing"),
        })
        print(json.dumps(levels[-1]), flush=True)

    last = levels[-1]
    result = {
        "benchmark": "provision",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "tenant_schema_tables": tables,
        "first_migrate_schemas_s": first_migrate,
        "note": "Times exclude the owner's password hash (fast hasher). spare = pool ready; "
                "replay = pool empty; migrations = django-tenants default, for comparison.",
        "levels": levels,
        "targets": {
            "spare_p95_ms_at_500_under_100": last["spare"]["p95_ms"] < 100,
            "replay_p95_ms_at_500_under_1000": last["replay"]["p95_ms"] < 1000,
        },
    }
    out = ROOT / "bench" / "results" / "provision.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
