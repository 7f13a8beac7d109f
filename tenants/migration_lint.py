"""A check of the SQL that `sqlmigrate` prints: migrations must be safe to run while old code serves.

docs/operations.md ("Migrations while old code serves") has the rules; this finds what breaks them,
statement by statement, in the SQL Django would run (`MigrationExecutor.collect_sql`, what
`sqlmigrate` prints). Tables created by the same migration are exempt: nobody reads them yet.

- `rewrite`     ALTER COLUMN … TYPE, or ADD COLUMN with a volatile default, on a large table:
                the table is rewritten under an ACCESS EXCLUSIVE lock.
- `scan-lock`   SET NOT NULL, or a FOREIGN KEY / CHECK constraint without NOT VALID, on a large
                table: the whole table is read under a lock that blocks writes.
- `index-lock`  CREATE INDEX (or a UNIQUE constraint) without CONCURRENTLY on a large table:
                writes wait for the whole build. Use AddIndexConcurrently in an atomic = False migration.
- `bulk-update` UPDATE or DELETE of a large table in the migration: every row stays locked until
                the migration commits. Backfill in batches from a task instead.
- `contract`    DROP or RENAME of a column or table that exists: the code still serving reads it.
                Allowed only in a release after the code stopped using it, and said so.

A migration acknowledges a finding with `lint_allow = {"rule": "why it is safe"}` on its
Migration class; the reason is the review's record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import get_public_schema_name, schema_context

# Tables whose size grows with a brand's trade: locks and rewrites on them are what stops orders.
LARGE_TABLES = frozenset({
    "orders_order", "orders_orderline", "orders_orderevent", "orders_payment", "orders_paymentwebhookevent",
    "orders_idempotencykey", "orders_ordernotification", "orders_slotbooking", "orders_savedaddress",
    "accounts_user", "token_blacklist_outstandingtoken", "token_blacklist_blacklistedtoken", "django_session",
    "billing_usagerecord", "billing_invoice", "tenants_tenant", "tenants_domain",
})
PROJECT_APP_PREFIXES = ("tenants", "shared_apps.", "tenant_apps.")
# Written before this check existed (issue 20), each applied while its tables were small; the
# rules hold from then on. Nothing is added here: a new migration says `lint_allow` and why.
GRANDFATHERED = {
    "orders.0002_promo_code_index": {"index-lock"},
    "orders.0006_event_location": {"bulk-update", "index-lock"},
    "tenants.0003_theme_audit_custom_domains": {"contract"},
}

_NAME = r'"?(?P<table>\w+)"?'
_VOLATILE = re.compile(
    r"\bDEFAULT\s+[^,;]*\b(now|random|gen_random_uuid|clock_timestamp|statement_timestamp|nextval)\s*\(", re.I
)


@dataclass(frozen=True)
class Finding:
    migration: str
    rule: str
    table: str
    statement: str

    def __str__(self) -> str:
        return f"{self.migration}: {self.rule} on {self.table}: {self.statement[:160]}"


def findings_for_sql(migration: str, statements: list[str]) -> list[Finding]:
    created = {m.group("table") for s in statements if (m := re.match(rf"CREATE TABLE {_NAME}", s, re.I))}
    found = []
    for statement in statements:
        for rule, table in _rules(statement):
            if table not in created:
                found.append(Finding(migration, rule, table, " ".join(statement.split())))
    return found


def _rules(statement: str):
    text = " ".join(statement.split())
    if m := re.match(rf"ALTER TABLE {_NAME} (?P<rest>.*)", text, re.I):
        table, rest = m.group("table"), m.group("rest")
        large = table in LARGE_TABLES
        if large and (re.search(r"ALTER COLUMN \S+ TYPE", rest, re.I) or
                      (re.search(r"ADD COLUMN", rest, re.I) and _VOLATILE.search(rest))):
            yield "rewrite", table
        if large and (re.search(r"SET NOT NULL", rest, re.I) or
                      (re.search(r"ADD CONSTRAINT .* (FOREIGN KEY|CHECK)", rest, re.I) and "NOT VALID" not in rest.upper())):
            yield "scan-lock", table
        if large and re.search(r"ADD CONSTRAINT \S+ UNIQUE", rest, re.I):
            yield "index-lock", table
        if re.search(r"\bDROP COLUMN\b|\bRENAME\b", rest, re.I):
            yield "contract", table
    elif m := re.match(rf"CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)\S+ ON {_NAME}", text, re.I):
        if m.group("table") in LARGE_TABLES:
            yield "index-lock", m.group("table")
    elif m := re.match(rf"(UPDATE|DELETE FROM) {_NAME}", text, re.I):
        if m.group("table") in LARGE_TABLES:
            yield "bulk-update", m.group("table")
    elif m := re.match(rf"DROP TABLE (IF EXISTS )?{_NAME}", text, re.I):
        yield "contract", m.group("table")


def statements(lines: list[str]) -> list[str]:
    """Django's collected SQL (comment lines, statements ending in `;`) as one string per statement."""
    sql = "\n".join(line for line in lines if not line.lstrip().startswith("--")) + "\n"
    return [s.strip() for s in re.split(r";\s*\n", sql) if s.strip()]


def migration_statements(executor: MigrationExecutor, key: tuple[str, str]) -> list[str]:
    """The SQL `sqlmigrate app name` prints, split into statements."""
    return statements(executor.loader.collect_sql([(executor.loader.graph.nodes[key], False)]))


def lint_project_migrations() -> list[Finding]:
    """Every finding in this project's own migrations that its migration does not acknowledge."""
    executor = MigrationExecutor(connection)
    tenant_labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    found = []
    for key, migration in sorted(executor.loader.graph.nodes.items()):
        if not type(migration).__module__.startswith(PROJECT_APP_PREFIXES):
            continue
        # Where the tables are, for what the schema editor looks up (constraint names).
        schema = settings.TENANT_TEMPLATE_SCHEMA if key[0] in tenant_labels else get_public_schema_name()
        with schema_context(schema):
            statements = migration_statements(executor, key)
        name = f"{key[0]}.{key[1]}"
        allowed = set(getattr(migration, "lint_allow", {})) | GRANDFATHERED.get(name, set())
        found += [f for f in findings_for_sql(name, statements) if f.rule not in allowed]
    return found
