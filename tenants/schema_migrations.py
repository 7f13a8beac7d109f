"""Migrating many tenant schemas: skip the current ones in bulk, migrate the rest in a pool.

django-tenants' `migrate_schemas` runs Django's whole `migrate` command (checks, graph loading,
project state) once per schema, about 1 s each even when nothing is to apply. Here:

1. The code's migration state is read once from the migration files (`CodeState`).
2. One query per batch of schemas reads every schema's `django_migrations` and compares it with
   that state in SQL (a digest); only schemas that differ come back with their list of names,
   which Python then sorts exactly: *behind* (a migration missing: migrate it) or *unknown* (a
   migration the code does not know: newer code ran there; reported, never touched).
3. Schemas behind are migrated by a bounded pool of worker processes, one connection each: the
   template first and alone (a canary: a broken migration stops there, before any brand), then
   spares and brands in a stable order. Each worker holds a per-schema advisory lock while it
   migrates, and re-reads the schema's state once it has the lock, so two concurrent runs never
   migrate one schema twice. `statement_timeout` and `lock_timeout` bound every statement.
4. The first failure stops new work; the run ends with every schema's state (`RunReport`), and
   a re-run resumes, since each migration commits on its own and step 2 sees what is left.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import get_public_schema_name, get_tenant_base_migrate_command_class

from .models import Tenant

_SCHEMA_LOCK_SPACE = 715_002  # pg advisory lock key space (provisioning uses 715_001)
BATCH_SIZE = 500

# What a schema is found at, or what this run did to it.
CURRENT = "current"  # at the code's state: skipped
BEHIND = "behind"  # a migration missing: to migrate
UNKNOWN = "unknown"  # a migration the code does not know: reported, not touched
MISSING = "missing"  # a Tenant row whose schema does not exist
MIGRATED = "migrated"  # migrated by this run
FAILED = "failed"
PENDING = "pending"  # behind, not attempted: the run stopped first
NO_TABLE = "no django_migrations table"


@dataclass(frozen=True)
class CodeState:
    """The migrations a schema must have recorded to be current, from the migration files alone."""

    required: frozenset[str]  # "app.name" of every node of the graph
    known: frozenset[str]  # required plus the migrations a squash replaces
    replaces: dict[str, frozenset[str]]  # squash → what it replaces (either satisfies it)
    digest: str  # md5 of a current schema's sorted names, as the state query computes it

    @classmethod
    def from_code(cls) -> CodeState:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        required = frozenset(f"{app}.{name}" for app, name in loader.graph.nodes)
        replaces = {
            f"{app}.{name}": frozenset(f"{a}.{n}" for a, n in migration.replaces)
            for (app, name), migration in loader.graph.nodes.items()
            if migration.replaces
        }
        known = required.union(*replaces.values()) if replaces else required
        digest = hashlib.md5(",".join(sorted(required, key=_sql_sort_key)).encode(), usedforsecurity=False)
        return cls(required, known, replaces, digest.hexdigest())

    def classify(self, applied: Iterable[str]) -> str:
        applied = set(applied)
        if applied - self.known:
            return UNKNOWN
        for name in self.required - applied:
            if not (name in self.replaces and self.replaces[name] <= applied):
                return BEHIND
        return CURRENT


def _sql_sort_key(name: str) -> bytes:
    return name.encode()  # the digest query sorts with COLLATE "C": byte order


@dataclass
class SchemaState:
    schema: str
    kind: str
    state: str
    detail: str = ""  # the error of a failure, the unknown migrations of an unknown schema
    seconds: float = 0.0


def tenant_schemas() -> list[tuple[str, str]]:
    """(schema, kind) of every tenant schema in migration order: template, spares, brands, by id."""
    order = {Tenant.Kind.TEMPLATE: 0, Tenant.Kind.SPARE: 1, Tenant.Kind.BRAND: 2}
    rows = Tenant.objects.exclude(kind__in=[Tenant.Kind.PLATFORM, Tenant.Kind.PURGED]).order_by("id").values_list("schema_name", "kind")
    return sorted(rows, key=lambda row: order.get(row[1], 3))


def read_states(code: CodeState, schemas: list[tuple[str, str]], batch_size: int = BATCH_SIZE) -> list[SchemaState]:
    """Every schema's state, in one query per `batch_size` schemas (plus one for which exist)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.oid IS NOT NULL FROM pg_namespace n "
            "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'django_migrations' AND c.relkind = 'r' "
            "WHERE n.nspname = ANY(%s)",
            [[schema for schema, _kind in schemas]],
        )
        has_table = dict(cursor.fetchall())
    states: dict[str, SchemaState] = {}
    readable = []
    for schema, kind in schemas:
        if schema not in has_table:
            states[schema] = SchemaState(schema, kind, MISSING, "no such schema")
        elif not has_table[schema]:
            states[schema] = SchemaState(schema, kind, BEHIND, NO_TABLE)
        else:
            readable.append((schema, kind))
    kinds = dict(readable)
    for start in range(0, len(readable), batch_size):
        for schema, applied in _read_batch(code, [schema for schema, _kind in readable[start:start + batch_size]]):
            state = CURRENT if applied is None else code.classify(applied)
            detail = ", ".join(sorted(set(applied) - code.known)) if state == UNKNOWN else ""
            states[schema] = SchemaState(schema, kinds[schema], state, detail)
    return [states[schema] for schema, _kind in schemas]


def _read_batch(code: CodeState, schemas: list[str]) -> list[tuple[str, list[str] | None]]:
    """(schema, None) for a schema whose migrations are exactly the code's, else its list of names."""
    parts, params = [], []
    for schema in schemas:
        parts.append(
            "SELECT %s, CASE WHEN md5(coalesce(string_agg(app || '.' || name, ',' ORDER BY app || '.' || name "
            f'COLLATE "C"), \'\')) = %s THEN NULL ELSE array_agg(app || \'.\' || name) END FROM {_quoted(schema)}.django_migrations'
        )
        params += [schema, code.digest]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [(schema, applied) for schema, applied in cursor.fetchall()]


def _quoted(schema: str) -> str:
    return connection.ops.quote_name(schema)


@dataclass
class Limits:
    statement_timeout_s: float = 300.0  # one statement of a migration
    lock_timeout_s: float = 10.0  # waiting for a table lock (old code's long transactions)
    schema_lock_wait_s: float = 600.0  # waiting for another run that migrates the same schema


@dataclass
class RunReport:
    public: str
    schemas: list[SchemaState] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, state: str) -> int:
        return sum(1 for s in self.schemas if s.state == state)

    def counts(self) -> dict[str, int]:
        states = (CURRENT, MIGRATED, FAILED, PENDING, UNKNOWN, MISSING)
        return {state: self.count(state) for state in states}

    @property
    def ok(self) -> bool:
        return self.public != FAILED and not self.count(FAILED) and not self.count(PENDING) and not self.count(MISSING)


Progress = Callable[[SchemaState], None]


def migrate_public(code: CodeState, verbosity: int = 0) -> str:
    """The shared apps in the public schema, by django-tenants (one `migrate`), unless current."""
    public = get_public_schema_name()
    (state,) = read_states(code, [(public, Tenant.Kind.PLATFORM)])
    if state.state != BEHIND:
        return state.state
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
    return MIGRATED


def run(
    pool: int = 2,
    limits: Limits | None = None,
    batch_size: int = BATCH_SIZE,
    on_plan: Callable[[list[SchemaState]], None] | None = None,
    on_done: Progress | None = None,
) -> RunReport:
    """Migrate public, then every tenant schema behind the code; see the module's docstring."""
    started = time.monotonic()
    limits = limits or Limits()
    code = CodeState.from_code()
    report = RunReport(public=migrate_public(code))
    report.schemas = read_states(code, tenant_schemas(), batch_size)
    todo = [s for s in report.schemas if s.state == BEHIND]
    for state in todo:
        state.state = PENDING
    if on_plan:
        on_plan(report.schemas)
    canary = [s for s in todo if s.kind == Tenant.Kind.TEMPLATE]
    rest = [s for s in todo if s.kind != Tenant.Kind.TEMPLATE]
    if todo:
        connections.close_all()  # the workers are forked: none may inherit this process's connection
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max(1, pool), mp_context=context) as executor:
            if _run_phase(executor, canary, 1, limits, on_done):
                _run_phase(executor, rest, max(1, pool), limits, on_done)
    report.seconds = time.monotonic() - started
    return report


def _run_phase(executor, todo: list[SchemaState], width: int, limits: Limits, on_done: Progress | None) -> bool:
    """Keep `width` schemas in flight, in order; after a failure submit nothing more. True if none failed."""
    queue = list(reversed(todo))
    running: dict[concurrent.futures.Future, SchemaState] = {}
    failed = False
    while queue or running:
        while queue and not failed and len(running) < width:
            state = queue.pop()
            running[executor.submit(migrate_schema, state.schema, limits)] = state
        if not running:
            break
        done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
        for future in done:
            state = running.pop(future)
            try:
                state.state, state.detail, state.seconds = future.result()
            except Exception as exc:  # the worker process itself died
                state.state, state.detail = FAILED, f"worker died: {exc!r}"
            failed = failed or state.state == FAILED
            if on_done:
                on_done(state)
    return not failed


def migrate_schema(schema: str, limits: Limits) -> tuple[str, str, float]:
    """In a worker: migrate one schema under its advisory lock; (state, detail, seconds)."""
    started = time.monotonic()
    code = _worker_code_state()
    try:
        _set_limits(limits.schema_lock_wait_s, limits.statement_timeout_s)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [_SCHEMA_LOCK_SPACE, schema])
        try:
            # Another run may have migrated it while this one waited for the lock.
            (found,) = read_states(code, [(schema, "")])
            if found.state != BEHIND:
                return found.state, found.detail or "at the code's state when its lock was taken", 0.0
            _set_limits(limits.lock_timeout_s, limits.statement_timeout_s)
            _migrate_one(schema, found.detail == NO_TABLE)
            return MIGRATED, "", time.monotonic() - started
        finally:
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [_SCHEMA_LOCK_SPACE, schema])
    except Exception as exc:
        connection.close()  # a session in an unknown state (and its lock) ends with it
        return FAILED, f"{type(exc).__name__}: {exc}".strip()[:2000], time.monotonic() - started


_code_state: CodeState | None = None


def _worker_code_state() -> CodeState:
    global _code_state
    if _code_state is None:
        _code_state = CodeState.from_code()
    return _code_state


def _set_limits(lock_timeout_s: float, statement_timeout_s: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, false), set_config('statement_timeout', %s, false)",
            [f"{int(lock_timeout_s * 1000)}ms", f"{int(statement_timeout_s * 1000)}ms"],
        )


def _migrate_one(schema: str, new_table: bool) -> None:
    """Apply what `schema` lacks, as Django's `migrate` would, with what a worker can reuse reused."""
    if new_table:
        connection.set_schema(schema, include_public=False)
        MigrationRecorder(connection).ensure_schema()  # else the public schema's table would be read
    connection.set_schema(schema)
    executor = _worker_executor()
    applied = executor.recorder.applied_migrations()
    executor.loader.applied_migrations = applied
    executor.loader.check_consistent_history(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return
    if executor.loader.replacements or not _needs_no_signals(plan):
        _migrate_command()
        return
    for migration, steps in _prepared(executor, applied, plan):
        _apply(executor, migration, steps)


# Operations after which Django's pre/post_migrate receivers (content types, permissions) have
# nothing to do: they change tables, not the set, names or options of models.
_NO_SIGNAL_OPERATIONS = {
    "AddField", "AlterField", "RemoveField", "RenameField", "AddIndex", "RemoveIndex", "RenameIndex",
    "AddConstraint", "RemoveConstraint", "AlterUniqueTogether", "AlterIndexTogether", "RunSQL", "RunPython",
    "AddIndexConcurrently", "RemoveIndexConcurrently", "AlterModelTableComment",
}


def _needs_no_signals(plan) -> bool:
    return all(type(op).__name__ in _NO_SIGNAL_OPERATIONS for migration, _backwards in plan for op in migration.operations)


_executor = None
_prepared_plans: dict = {}  # frozenset of applied migrations → [(migration, [(operation, before, after)])]


def _worker_executor():
    """One migration executor per worker: the migration files are read and their graph built once."""
    global _executor
    if _executor is None:
        from django.db.migrations.executor import MigrationExecutor

        _executor = MigrationExecutor(connection)
    return _executor


def _prepared(executor, applied, plan):
    """The project states around every operation of `plan`, rendered once per worker and applied
    set. Django's `migrate` renders them again for every schema (most of its time per schema);
    every schema at the same state needs the same ones."""
    key = frozenset(applied)
    if key not in _prepared_plans:
        state = executor._create_project_state(with_applied_migrations=True)
        state.apps  # noqa: B018 -- render the models once
        prepared = []
        for migration, _backwards in plan:
            steps = []
            for operation in migration.operations:
                after = state.clone()
                operation.state_forwards(migration.app_label, after)
                steps.append((operation, state, after))
                state = after
            prepared.append((migration, steps))
        _prepared_plans[key] = prepared
    return _prepared_plans[key]


def _apply(executor, migration, steps) -> None:
    """Django's MigrationExecutor.apply_migration and Migration.apply, with the states given."""
    recorded = False
    with connection.schema_editor(atomic=migration.atomic) as editor:
        for operation, before, after in steps:
            atomic = operation.atomic or (migration.atomic and operation.atomic is not False)
            if not editor.atomic_migration and atomic:
                with transaction.atomic(connection.alias):
                    operation.database_forwards(migration.app_label, editor, before, after)
            else:
                operation.database_forwards(migration.app_label, editor, before, after)
        if not editor.deferred_sql:
            executor.record_migration(migration)
            recorded = True
    if not recorded:
        executor.record_migration(migration)


def _migrate_command() -> None:
    """Django's whole `migrate` in the current schema, as django-tenants runs it, without the
    system checks (the parent ran them): for plans that create, rename or delete models."""
    command = get_tenant_base_migrate_command_class()()
    call_command(command, interactive=False, verbosity=0, skip_checks=True, database=connection.alias)
