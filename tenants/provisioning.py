"""Making new tenant schemas fast and atomically, without running migrations in a request.

Two mechanisms, chosen by measurement (bench/results/provision.json, docs/decisions.md):

1. **Claim a spare.** The platform keeps a small pool of spare schemas: Tenant rows of kind
   `spare`, already holding every table. Sign-up claims one with `SELECT … FOR UPDATE SKIP
   LOCKED` and turns the row into a brand; no DDL runs at all.
2. **Replay the template.** When the pool is empty, the DDL of the template schema (kind
   `template`, created by migration tenants/0002 and migrated by `migrate_schemas` like every
   tenant) is replayed into a new schema, inside the caller's transaction.

Spares and the template are Tenant rows, so `migrate_schemas` keeps them current. A spare that
was made from an older template (a deploy raced the pool refill) is never handed out: its
migration fingerprint must equal the template's.

Schema names are opaque (`t_<hex>`): the slug lives on the Tenant row and can change without
renaming a schema.
"""

import re
import secrets
import subprocess
import threading

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from .errors import ProvisioningNotReady
from .models import Tenant

SCHEMA_PREFIX = "t_"
_SPARE_POOL_LOCK = 715_001  # pg advisory lock key: one pool refill at a time

_dump_lock = threading.Lock()
_dump_cache: dict[str, tuple[str, str]] = {}  # template schema → (fingerprint, DDL)


def new_schema_name() -> str:
    return SCHEMA_PREFIX + secrets.token_hex(8)


def migration_fingerprint(schema_name: str) -> str | None:
    """A digest of the migrations applied in `schema_name`; None if it has no migration table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{schema_name}.django_migrations"])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(
            f'SELECT md5(string_agg(app || \'.\' || name, \',\' ORDER BY app, name)) FROM "{schema_name}".django_migrations'
        )
        return cursor.fetchone()[0]


def _pg_dump_schema(schema_name: str) -> str:
    db = settings.DATABASES["default"]
    command = [
        "pg_dump", "--schema", schema_name, "--no-owner", "--no-privileges", "--no-comments",
        "--rows-per-insert", "1000", "--no-publications", "--no-subscriptions", "--no-security-labels", "--no-tablespaces",
        "--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432),
        "--username", str(db.get("USER") or "postgres"), str(db["NAME"]),
    ]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/local/bin:/usr/bin:/bin"}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=60)
    except FileNotFoundError:
        raise ProvisioningNotReady("pg_dump is not installed; install the PostgreSQL client.") from None
    except subprocess.CalledProcessError as exc:
        raise ProvisioningNotReady(f"pg_dump failed: {exc.stderr.strip()[:300]}") from None
    return result.stdout


def _retarget(dump: str, source: str, target: str) -> str:
    """Turn the template's dump into DDL for `target`.

    pg_dump qualifies every name with its schema, so renaming the qualifier is enough. Session
    settings (`SET …`, `set_config('search_path', …)`) and psql meta-commands are dropped: they
    would outlive the transaction on this pooled connection.
    """
    kept = []
    for line in dump.splitlines():
        if line.startswith(("--", "SET ", "\\")) or line.startswith("SELECT pg_catalog.set_config"):
            continue
        kept.append(line)
    sql = "\n".join(kept)
    sql = re.sub(rf"(?<![\w\"]){re.escape(source)}(?=\.)", target, sql)
    return sql.replace(f"CREATE SCHEMA {source};", f'CREATE SCHEMA "{target}";')


def template_ddl_for(target: str) -> str:
    """The DDL (and framework rows: migrations, content types) that makes `target` a tenant schema."""
    template = settings.TENANT_TEMPLATE_SCHEMA
    fingerprint = migration_fingerprint(template)
    if fingerprint is None:
        raise ProvisioningNotReady()
    with _dump_lock:
        cached = _dump_cache.get(template)
        if cached is None or cached[0] != fingerprint:
            cached = (fingerprint, _pg_dump_schema(template))
            _dump_cache[template] = cached
    return _retarget(cached[1], template, target)


def replay_template_into(schema_name: str) -> None:
    """Create `schema_name` from the template, in the current transaction (DDL is transactional)."""
    ddl = template_ddl_for(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(ddl)


def claim_spare() -> Tenant | None:
    """Lock one current spare for this transaction, or None when the pool is empty."""
    template_fingerprint = migration_fingerprint(settings.TENANT_TEMPLATE_SCHEMA)
    spares = Tenant.objects.select_for_update(skip_locked=True).filter(kind=Tenant.Kind.SPARE).order_by("id")
    for spare in spares[:3]:
        if migration_fingerprint(spare.schema_name) == template_fingerprint:
            return spare
    return None


def create_schema_for_new_tenant() -> tuple[str, Tenant | None]:
    """A ready schema for a tenant being created in the current transaction.

    Returns (schema_name, spare): the spare's row is to be turned into the brand; when no spare
    is free, a new schema is replayed from the template and spare is None.
    """
    spare = claim_spare()
    if spare is not None:
        return spare.schema_name, spare
    schema_name = new_schema_name()
    replay_template_into(schema_name)
    return schema_name, None


def create_spare() -> Tenant:
    with transaction.atomic():
        schema_name = new_schema_name()
        replay_template_into(schema_name)
        return Tenant.objects.create(schema_name=schema_name, kind=Tenant.Kind.SPARE)


def fill_spare_pool(size: int | None = None) -> int:
    """Top the pool of spare schemas up to `size`; returns how many were made.

    An advisory lock keeps two refills (beat and a sign-up's after-commit task) from racing.
    """
    size = settings.TENANT_SPARE_POOL_SIZE if size is None else size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_SPARE_POOL_LOCK])
        if not cursor.fetchone()[0]:
            return 0
    try:
        made = 0
        while Tenant.objects.filter(kind=Tenant.Kind.SPARE).count() < size:
            create_spare()
            made += 1
        return made
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_SPARE_POOL_LOCK])


def discard_stale_spares() -> int:
    """Drop spares whose migrations differ from the template's (made before a deploy's migrate)."""
    template_fingerprint = migration_fingerprint(settings.TENANT_TEMPLATE_SCHEMA)
    dropped = 0
    for spare in Tenant.objects.filter(kind=Tenant.Kind.SPARE):
        if not schema_exists(spare.schema_name) or migration_fingerprint(spare.schema_name) != template_fingerprint:
            spare.delete(force_drop=True)
            dropped += 1
    return dropped
