"""Migration benchmark (issue 20): `migrate_tenants` across many tenant schemas.

Writes bench/results/migrate.json. For each count in BENCH_TENANT_COUNTS (default 1000), in its
own database (BENCH_DATABASE, default brigade_bench_migrate; dropped and re-created, dropped again
at the end):
  - makes the tenant schemas by replaying the template's DDL (tenants.provisioning), with their
    Tenant and Domain rows in bulk, and says how long that took;
  - no-op: `manage.py migrate_tenants` (a new process each round, as a deploy runs it) with
    nothing to apply, BENCH_ROUNDS rounds; the floor is today's `migrate_schemas` (django-tenants'
    per-schema `migrate`), timed on BENCH_SAMPLE schemas (default 200) and extrapolated to all;
  - at the first count only: one new migration adding a nullable column and an index to
    orders_order across every schema; then a migration that fails in one schema (a column of
    that name is already there), what the run reports, and the re-run after the fix.
    Every run reads the orders app's migrations from a temporary copy (bench/migrate_settings.py),
    where these two are written; nothing of it is in the repository;
  - at every count: catalog size (pg_class rows, database size) per 1,000 tenants; with
    BENCH_SIGNUP=1 also spare-claim sign-up p95 and host routing (uncached lookup time, hit ratio).
Each figure carries the 1-minute load average when it was taken: the machine is shared.

Run with `make bench-migrate` (BENCH_ARGS is unused; configure by environment).
"""

import importlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Every run, in process and in the command's processes, reads the orders app's migrations from a
# temporary copy, so that the benchmark's own migrations can be added there (bench/migrate_settings.py).
MIGRATIONS_DIR = Path(tempfile.mkdtemp(prefix="bench-migrate-"))
os.environ["BENCH_MIGRATIONS_DIR"] = str(MIGRATIONS_DIR)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.migrate_settings"
BENCH_DB = os.environ.get("BENCH_DATABASE", "brigade_bench_migrate")
base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{base_url}/{BENCH_DB}"
os.environ["TENANT_REFILL_AFTER_CLAIM"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("CACHE_KEY_PREFIX", f"bench-{BENCH_DB}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tenants import provisioning, routing  # noqa: E402
from tenants.models import Domain, Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

COUNTS = [int(c) for c in os.environ.get("BENCH_TENANT_COUNTS", "1000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "200"))
POOL = int(os.environ.get("BENCH_POOL", "4"))
REPLAY_BATCH = 20
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load() -> float:
    return round(os.getloadavg()[0], 2)


def psql(sql: str) -> None:
    db = settings.DATABASES["default"]
    subprocess.run(["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q",
                    "-c", sql], check=True)


def make_tenants(count: int) -> dict:
    """Top the brands up to `count` by DDL replay, REPLAY_BATCH schemas per transaction."""
    started, present = time.perf_counter(), Tenant.objects.filter(kind=Tenant.Kind.BRAND).count()
    while present < count:
        batch = range(present, min(count, present + REPLAY_BATCH))
        with transaction.atomic():
            names = [provisioning.new_schema_name() for _ in batch]
            with connection.cursor() as cursor:
                cursor.execute("\n".join(provisioning.template_ddl_for(name) for name in names))
            tenants = Tenant.objects.bulk_create(
                Tenant(schema_name=name, kind=Tenant.Kind.BRAND, slug=f"b{i}", name=f"Brand {i}")
                for name, i in zip(names, batch, strict=True)
            )
            Domain.objects.bulk_create(
                Domain(domain=f"b{i}.{settings.BASE_DOMAIN}", tenant=tenant, is_primary=True)
                for tenant, i in zip(tenants, batch, strict=True)
            )
        present = batch[-1] + 1
        if present % 500 == 0:
            print(f"  {present} brands", flush=True)
    return {"made_by": "template DDL replay, 20 schemas per transaction", "brands": count,
            "seconds": round(time.perf_counter() - started, 1), "load_average_1m": load()}


def migrate_tenants() -> dict:
    """`manage.py migrate_tenants` in a new process; wall time, exit status, report."""
    report = Path(tempfile.mkstemp(suffix=".json")[1])
    env = os.environ
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "manage.py", "migrate_tenants", "--pool", str(POOL), "--no-progress",
                           "--report-json", str(report)], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    body = json.loads(report.read_text()) if report.stat().st_size else {}
    report.unlink()
    return {"wall_s": round(wall, 2), "command_s": body.get("seconds"), "exit_status": proc.returncode,
            "counts": body.get("counts"), "load_average_1m": load(), "stdout": proc.stdout.strip().splitlines(),
            "stderr_tail": proc.stderr.strip().splitlines()[-3:], "schemas": body.get("schemas", [])}


def brief(run: dict) -> dict:
    return {k: v for k, v in run.items() if k not in ("schemas", "stdout", "stderr_tail")}


def migrate_schemas_sample(total: int) -> dict:
    """Today's path on SAMPLE schemas: migrate_schemas for each (its per-schema `migrate`), plus
    its public phase once; extrapolated linearly to every tenant schema."""
    schemas = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND).order_by("?").values_list("schema_name", flat=True)[:SAMPLE])
    started = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_s = time.perf_counter() - started
    started = time.perf_counter()
    for schema in schemas:
        call_command("migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=0)
    per_schema = (time.perf_counter() - started) / len(schemas)
    connection.set_schema_to_public()
    return {"sampled_schemas": len(schemas), "public_s": round(public_s, 2), "per_schema_s": round(per_schema, 3),
            "extrapolated_total_s": round(public_s + per_schema * total, 1), "extrapolated": len(schemas) < total,
            "executor": "standard", "load_average_1m": load()}


def catalog_size(brands: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        (pg_class,) = cursor.fetchone()
        cursor.execute("SELECT pg_database_size(current_database())")
        (size,) = cursor.fetchone()
    per = 1000 / max(brands, 1)
    return {"pg_class_rows": pg_class, "database_bytes": size,
            "pg_class_rows_per_1000_tenants": round(pg_class * per), "database_mb_per_1000_tenants": round(size * per / 2**20, 1)}


def write_migrations(extra: list[str]) -> None:
    """A copy of the orders app's migrations plus the benchmark's own, as an importable package."""
    package = MIGRATIONS_DIR / "bench_orders_migrations"
    if package.exists():
        shutil.rmtree(package)
    shutil.copytree(ROOT / "tenant_apps" / "orders" / "migrations", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for text in extra:
        name = text.split("\n", 1)[0].removeprefix("# ")
        (package / f"{name}.py").write_text(text)
    importlib.invalidate_caches()  # this process's migration loader must see the new files


def _last_orders_migration() -> str:
    names = sorted(p.stem for p in (ROOT / "tenant_apps" / "orders" / "migrations").glob("0*.py"))
    return names[-1]


ADD_COLUMN = """# 9001_bench_note
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orders", "{last}")]
    operations = [
        migrations.AddField("order", "bench_note", models.CharField(max_length=40, null=True)),
        migrations.AddIndex("order", models.Index(fields=["bench_note"], name="orders_bench_note_idx")),
    ]
"""

FAILING = """# 9002_bench_flag
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orders", "9001_bench_note")]
    operations = [migrations.AddField("order", "bench_flag", models.BooleanField(null=True))]
"""


def migration_phases(total: int) -> dict:
    add_column = ADD_COLUMN.replace("{last}", _last_orders_migration())
    write_migrations([add_column])
    add = migrate_tenants()
    print("add column + index:", json.dumps(brief(add)), flush=True)

    write_migrations([add_column, FAILING])
    brands = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND).order_by("id").values_list("schema_name", flat=True))
    victim = brands[len(brands) // 2]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{victim}".orders_order ADD COLUMN bench_flag boolean')
    failing = migrate_tenants()
    print("failing:", json.dumps(brief(failing)), flush=True)
    failed = [s for s in failing["schemas"] if s["state"] == "failed"]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{victim}".orders_order DROP COLUMN bench_flag')
    rerun = migrate_tenants()
    print("re-run:", json.dumps(brief(rerun)), flush=True)
    return {
        "add_nullable_column_and_index": {**brief(add), "schemas_migrated": add["counts"]["migrated"],
                                          "target_s": 120, "meets_target": add["wall_s"] < 120},
        "failure_in_one_schema": {
            "made_to_fail": victim,
            "how": "the column the migration adds is already there in that one schema",
            "run": {**brief(failing), "reported": failing["stdout"], "failed": failed},
            "rerun_after_fix": brief(rerun),
        },
    }


def signup_and_routing(brands: int) -> dict:
    """Spare-claim sign-up p95 (in process, as bench/provision.py) and host routing at this count."""
    provisioning.fill_spare_pool(20)
    samples = []
    for i in range(20):
        started = time.perf_counter()
        provision_tenant(f"s{brands}-{i}", "S", owner_email=f"o{i}@s.test", owner_password="bench-password-1")
        samples.append(time.perf_counter() - started)
    samples.sort()
    routing.forget_hosts()
    hosts = [f"b{i}.{settings.BASE_DOMAIN}" for i in range(brands)]
    uncached = []
    for host in random.sample(hosts, min(2000, len(hosts))):
        started = time.perf_counter()
        routing.tenant_for_host(host)
        uncached.append(time.perf_counter() - started)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    for host in hosts:  # warm every host once
        routing.tenant_for_host(host)
    lookups = 20_000
    with connection.execute_wrapper(count):
        for host in random.choices(hosts, k=lookups):
            routing.tenant_for_host(host)
    uncached.sort()
    return {
        "spare_signup_p50_ms": round(statistics.median(samples) * 1000, 1),
        "spare_signup_p95_ms": round(samples[round(0.95 * len(samples)) - 1] * 1000, 1),
        "routing_uncached_lookup_p50_ms": round(statistics.median(uncached) * 1000, 2),
        "routing_uncached_lookup_p95_ms": round(uncached[round(0.95 * len(uncached)) - 1] * 1000, 2),
        "routing_hit_ratio": round(1 - queries / lookups, 4),
        "routing_note": f"{lookups} uniformly random hosts of {brands} after one warm-up pass, no writes in "
                        "between (any Tenant/Domain save bumps the routing version: every entry misses once)",
        "load_average_1m": load(),
    }


def main() -> None:
    psql(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{BENCH_DB}"')
    write_migrations([])
    result = {"benchmark": "migrate", "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "pool": POOL, "levels": []}
    try:
        first = migrate_tenants()
        result["fresh_database_migrate_tenants"] = brief(first)
        for index, count in enumerate(COUNTS):
            print(f"[{count} brands] making schemas …", flush=True)
            level = {"brands": count, "schemas_made": make_tenants(count), "catalog": catalog_size(count)}
            rounds = [brief(migrate_tenants()) for _ in range(ROUNDS)]
            print("no-op rounds:", json.dumps(rounds), flush=True)
            floor = migrate_schemas_sample(count + 1)  # + the template
            print("migrate_schemas:", json.dumps(floor), flush=True)
            target = 10 if count <= 1000 else 60
            level["noop"] = {
                "rounds": rounds, "target_s": target,
                "meets_target_every_round": all(r["wall_s"] < target and r["exit_status"] == 0 for r in rounds),
                "migrate_schemas": floor,
                "ratio_to_migrate_schemas_per_round": [round(r["wall_s"] / floor["extrapolated_total_s"], 4) for r in rounds],
            }
            if index == 0:
                level.update(migration_phases(count))
            if os.environ.get("BENCH_SIGNUP") == "1":
                level["signup_and_routing"] = signup_and_routing(count)
            result["levels"].append(level)
            out = ROOT / "bench" / "results" / "migrate.json"
            out.write_text(json.dumps(result, indent=2) + "\n")
            print(f"wrote {out}", flush=True)
    finally:
        connection.close()
        psql(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        shutil.rmtree(MIGRATIONS_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
