"""The CI check on migrations (tenants/migration_lint.py): the SQL Django would run, statement by statement."""

import pytest
from django.conf import settings
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.models.functions import Now
from django_tenants.utils import schema_context

from tenants import migration_lint


def test_no_migration_of_ours_rewrites_a_large_table_locks_it_for_long_or_drops_what_old_code_reads(db):
    assert [str(finding) for finding in migration_lint.lint_project_migrations()] == []


def _rules_of(*operations, atomic: bool = True) -> set[tuple[str, str]]:
    """What the check finds in a migration of the orders app made of `operations`, on today's models."""
    state = MigrationLoader(connection).project_state()
    migration = migrations.Migration("9999_lint_probe", "orders")
    migration.operations, migration.atomic = list(operations), atomic
    with schema_context(settings.TENANT_TEMPLATE_SCHEMA):
        with connection.schema_editor(collect_sql=True, atomic=atomic) as editor:
            migration.apply(state, editor, collect_sql=True)
    found = migration_lint.findings_for_sql("orders.9999_lint_probe", migration_lint.statements(editor.collected_sql))
    return {(finding.rule, finding.table) for finding in found}


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (migrations.AlterField("order", "location_name", models.TextField(blank=True)), {("rewrite", "orders_order")}),
        (migrations.AddField("order", "seen_at", models.DateTimeField(db_default=Now())), {("rewrite", "orders_order")}),
        (migrations.AlterField("order", "contact_phone", models.CharField(max_length=40, null=False, blank=True)),
         set()),  # already NOT NULL: no change
        (migrations.AddIndex("order", models.Index(fields=["contact_name"], name="orders_contact_idx")),
         {("index-lock", "orders_order")}),
        (migrations.RunSQL("UPDATE orders_order SET contact_name = ''", migrations.RunSQL.noop),
         {("bulk-update", "orders_order")}),
        (migrations.RemoveField("order", "contact_name"), {("contract", "orders_order")}),
        (migrations.AddField("order", "bench_note", models.CharField(max_length=40, null=True)), set()),
        (migrations.AddField("order", "rating", models.IntegerField(default=0)), set()),  # a constant default
    ],
    ids=["type-change", "volatile-default", "no-op-alter", "index", "update-all", "drop-column", "nullable-column",
         "constant-default"],
)
def test_the_check_flags_what_would_stop_orders_and_passes_what_would_not(db, operation, expected):
    assert _rules_of(operation) == expected


def test_a_concurrent_index_passes():
    # What AddIndexConcurrently emits (it cannot run inside the test's transaction to be collected).
    concurrent = 'CREATE INDEX CONCURRENTLY "orders_contact_idx" ON "orders_order" ("contact_name")'
    assert migration_lint.findings_for_sql("m", [concurrent]) == []


def test_setting_not_null_on_a_large_table_is_a_scan_under_lock(db):
    rules = _rules_of(
        migrations.AddField("order", "note2", models.CharField(max_length=10, null=True)),
        migrations.AlterField("order", "note2", models.CharField(max_length=10, default="x")),
    )
    assert ("scan-lock", "orders_order") in rules


def test_a_table_made_by_the_same_migration_is_exempt():
    index = 'CREATE INDEX "orders_payment_x" ON "orders_payment" ("x")'
    create = 'CREATE TABLE "orders_payment" ("id" bigint NOT NULL PRIMARY KEY, "x" integer NOT NULL)'
    assert [f.rule for f in migration_lint.findings_for_sql("m", [index])] == ["index-lock"]
    assert migration_lint.findings_for_sql("m", [create, index]) == []
