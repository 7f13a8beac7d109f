"""manage.py migrate_tenants (tenants/schema_migrations.py) on the real database.

A schema is put "behind" by removing the test-only probe app's last migration from it (the column
it adds and its django_migrations row), as if that migration were new; the run must bring it back.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tenants import schema_migrations as sm
from tenants.models import Tenant
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PROBE_TABLE = "migration_probe_probe"
PROBE_LAST = "0002_probe_size"


def _sql(statement: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def _put_behind(schema: str, keep_column: bool = False) -> None:
    if not keep_column:
        _sql(f'ALTER TABLE "{schema}".{PROBE_TABLE} DROP COLUMN IF EXISTS size')
    _sql(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', ["migration_probe", PROBE_LAST])


def _remove_probe_app(schema: str) -> None:
    _sql(f'DROP TABLE IF EXISTS "{schema}".{PROBE_TABLE}')
    _sql(f'DELETE FROM "{schema}".django_migrations WHERE app = %s', ["migration_probe"])


def _add_unknown(schema: str) -> None:
    _sql(f'INSERT INTO "{schema}".django_migrations (app, name, applied) VALUES (%s, %s, now())',
         ["orders", "9999_from_newer_code"])


def _has_probe(schema: str) -> bool:
    """The probe's last migration is applied: its column is there."""
    return bool(_sql("SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
                     "AND column_name = 'size'", [schema, PROBE_TABLE]))


def _probe_definition(schema: str) -> list:
    """The probe table's columns and indexes, with the schema's name taken out."""
    columns = _sql("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                   "WHERE table_schema = %s AND table_name = %s ORDER BY column_name", [schema, PROBE_TABLE])
    indexes = _sql("SELECT replace(indexdef, %s, 'S') FROM pg_indexes WHERE schemaname = %s AND tablename = %s "
                   "ORDER BY indexname", [f"{schema}.", schema, PROBE_TABLE])
    return [columns, indexes]


def _states() -> dict[str, str]:
    return {s.schema: s.state for s in sm.read_states(sm.CodeState.from_code(), sm.tenant_schemas())}


def _brands() -> tuple[str, str]:
    return tuple(Tenant.objects.filter(slug__in=["alpha", "bravo"]).order_by("id").values_list("schema_name", flat=True))


@pytest.fixture
def restore(committed_db):
    """Whatever a test put behind or marked unknown is back at the code's state afterwards."""
    yield
    connection.set_schema_to_public()
    for schema, _kind in sm.tenant_schemas():
        _sql(f'DELETE FROM "{schema}".django_migrations WHERE name = %s', ["9999_from_newer_code"])
        if _sql("SELECT to_regclass(%s)", [f"{schema}.{PROBE_TABLE}"])[0][0] is None:
            _remove_probe_app(schema)
        elif not _has_probe(schema):
            _put_behind(schema)
    assert sm.run(pool=1).ok


def test_skip_detection_is_exact(db):
    alpha, bravo = _brands()
    spare = Tenant.objects.filter(kind=Tenant.Kind.SPARE).values_list("schema_name", flat=True).first()
    _put_behind(alpha)
    _add_unknown(bravo)
    # A migration missing deep in the history, not a leaf: a leaf-only comparison would miss it.
    _sql(f'DELETE FROM "{spare}".django_migrations WHERE app = %s AND name = %s', ["orders", "0001_initial"])
    Tenant.objects.create(schema_name="t_never_created", kind=Tenant.Kind.SPARE)

    states = _states()

    assert states[alpha] == sm.BEHIND
    assert states[bravo] == sm.UNKNOWN
    assert states[spare] == sm.BEHIND
    assert states["t_never_created"] == sm.MISSING
    assert states[settings.TENANT_TEMPLATE_SCHEMA] == sm.CURRENT
    assert [s.detail for s in sm.read_states(sm.CodeState.from_code(), [(bravo, "brand")])] == [
        "orders.9999_from_newer_code"
    ]


def test_a_squashed_migration_counts_as_applied_by_itself_or_by_all_it_replaces():
    code = sm.CodeState(
        required=frozenset({"a.0001", "a.0002_squashed"}),
        known=frozenset({"a.0001", "a.0002_squashed", "a.0002", "a.0003"}),
        replaces={"a.0002_squashed": frozenset({"a.0002", "a.0003"})},
        digest="",
    )
    assert code.classify({"a.0001", "a.0002_squashed"}) == sm.CURRENT
    assert code.classify({"a.0001", "a.0002", "a.0003"}) == sm.CURRENT
    assert code.classify({"a.0001", "a.0002"}) == sm.BEHIND
    assert code.classify({"a.0001", "a.0002_squashed", "a.0004"}) == sm.UNKNOWN


def test_run_migrates_what_is_behind_and_never_touches_a_schema_with_unknown_migrations(restore):
    alpha, bravo = _brands()
    template = settings.TENANT_TEMPLATE_SCHEMA
    for schema in (template, alpha, bravo):
        _put_behind(schema)
    _add_unknown(bravo)

    spare = Tenant.objects.filter(kind=Tenant.Kind.SPARE).values_list("schema_name", flat=True).first()
    expected = _probe_definition(spare)  # as Django's own migrate made it

    report = sm.run(pool=2)

    by_schema = {s.schema: s for s in report.schemas}
    assert by_schema[template].state == by_schema[alpha].state == sm.MIGRATED
    assert _has_probe(template) and _has_probe(alpha)
    assert _probe_definition(alpha) == _probe_definition(template) == expected
    assert by_schema[bravo].state == sm.UNKNOWN and not _has_probe(bravo)
    assert report.count(sm.CURRENT) == len(report.schemas) - 3
    assert report.ok  # unknown migrations are reported, not a failure
    assert _states()[alpha] == sm.CURRENT


def test_a_plan_that_creates_a_model_runs_djangos_whole_migrate_with_its_signals(restore):
    alpha, _bravo = _brands()
    _remove_probe_app(alpha)
    _sql(f'DELETE FROM "{alpha}".auth_permission WHERE content_type_id IN (SELECT id FROM "{alpha}".django_content_type '
         "WHERE app_label = %s)", ["migration_probe"])
    _sql(f'DELETE FROM "{alpha}".django_content_type WHERE app_label = %s', ["migration_probe"])

    report = sm.run(pool=1)

    assert {s.schema: s.state for s in report.schemas}[alpha] == sm.MIGRATED
    assert _has_probe(alpha)
    # post_migrate ran in that schema: the new model's content type is there
    assert _sql(f'SELECT model FROM "{alpha}".django_content_type WHERE app_label = %s', ["migration_probe"]) == [
        ("probe",)
    ]


def test_a_failing_schema_stops_new_work_is_reported_and_a_rerun_completes(restore, tmp_path, capsys):
    alpha, bravo = _brands()
    _put_behind(alpha, keep_column=True)  # its ADD COLUMN will fail: the column is there
    _put_behind(bravo)
    report_file, metrics_file = tmp_path / "report.json", tmp_path / "migrate.prom"

    with pytest.raises(CommandError, match="run again to resume"):
        call_command("migrate_tenants", "--pool", "1", "--report-json", str(report_file),
                     "--metrics-file", str(metrics_file))

    states = {s["schema"]: s for s in json.loads(report_file.read_text())["schemas"]}
    assert states[alpha]["state"] == sm.FAILED
    assert "already exists" in states[alpha]["detail"]
    assert states[bravo]["state"] == sm.PENDING and not _has_probe(bravo)  # not started after the failure
    out = capsys.readouterr().out
    assert f"failed   {alpha} (brand)" in out and f"pending  {bravo} (brand)" in out
    metrics = metrics_file.read_text()
    assert 'brigade_migrate_schemas{state="failed"} 1.0' in metrics
    assert "brigade_migrate_success 0.0" in metrics

    _sql(f'ALTER TABLE "{alpha}".{PROBE_TABLE} DROP COLUMN size')
    call_command("migrate_tenants", "--pool", "1", "--report-json", str(report_file))

    states = {s["schema"]: s["state"] for s in json.loads(report_file.read_text())["schemas"]}
    assert states[alpha] == states[bravo] == sm.MIGRATED
    assert _has_probe(alpha) and _has_probe(bravo)


# --- separate processes: concurrent and killed runs ------------------------------------------

def _start_run(report: Path, pool: int = 2, *extra: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate_tenants", "--pool", str(pool), "--no-progress",
         "--report-json", str(report), *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )



def _lock_schema(schema: str) -> None:
    """Take the advisory lock a run takes before it migrates `schema` (this test's session holds it)."""
    _sql("SELECT pg_advisory_lock(%s, hashtext(%s))", [sm._SCHEMA_LOCK_SPACE, schema])


def _unlock_schema(schema: str) -> None:
    _sql("SELECT pg_advisory_unlock(%s, hashtext(%s))", [sm._SCHEMA_LOCK_SPACE, schema])


def _wait_for_waiters(schema: str, count: int, runs: list[subprocess.Popen], timeout: float = 120) -> None:
    """Wait until `count` sessions are queued on `schema`'s lock (the event itself, not a delay)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        (waiting,), = _sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid = %s AND objid = hashtext(%s)::oid AND objsubid = 2",
            [sm._SCHEMA_LOCK_SPACE, schema],
        )
        if waiting >= count:
            return
        finished = [run for run in runs if run.poll() is not None]
        assert not finished, finished[0].stdout.read().decode()
        time.sleep(0.05)
    pytest.fail(f"{count} runs never queued on {schema}'s lock")


def _finish(run: subprocess.Popen, report: Path) -> dict[str, str]:
    output = run.communicate(timeout=120)[0].decode()
    assert run.returncode == 0, output
    return {s["schema"]: s["state"] for s in json.loads(report.read_text())["schemas"]}


def test_two_concurrent_runs_never_migrate_one_schema_twice(restore, tmp_path):
    alpha, bravo = _brands()
    template = settings.TENANT_TEMPLATE_SCHEMA
    for schema in (template, alpha, bravo):
        _put_behind(schema)
    _lock_schema(alpha)  # both runs queue on alpha, so they are surely running at once
    reports = [tmp_path / "first.json", tmp_path / "second.json"]
    runs = [_start_run(report) for report in reports]
    try:
        _wait_for_waiters(alpha, 2, runs)
    finally:
        _unlock_schema(alpha)
    first, second = (_finish(run, report) for run, report in zip(runs, reports, strict=True))

    for schema in (template, alpha, bravo):
        assert sorted([first[schema], second[schema]]) == [sm.CURRENT, sm.MIGRATED], schema
        assert _has_probe(schema)


def test_a_killed_run_resumes(restore, tmp_path):
    alpha, bravo = _brands()
    template = settings.TENANT_TEMPLATE_SCHEMA
    for schema in (template, alpha, bravo):
        _put_behind(schema)
    _lock_schema(bravo)  # the run stops there (template and alpha done before it, pool of 1)
    run = _start_run(tmp_path / "killed.json", pool=1)
    try:
        _wait_for_waiters(bravo, 1, [run])
        os.killpg(run.pid, signal.SIGKILL)  # the command and its workers, with no chance to clean up
        run.wait(timeout=60)
    finally:
        _unlock_schema(bravo)
    assert _has_probe(template) and _has_probe(alpha) and not _has_probe(bravo)

    rerun = _finish(_start_run(tmp_path / "rerun.json", pool=1), tmp_path / "rerun.json")

    assert rerun[template] == rerun[alpha] == sm.CURRENT
    assert rerun[bravo] == sm.MIGRATED and _has_probe(bravo)


def test_a_running_migration_serves_its_progress_to_prometheus(restore, tmp_path):
    alpha, _bravo = _brands()
    _put_behind(alpha)
    port = free_port()
    _lock_schema(alpha)  # the run is surely still going while it is scraped
    run = _start_run(tmp_path / "report.json", 1, "--metrics-port", str(port))
    try:
        _wait_for_waiters(alpha, 1, [run])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
            metrics = response.read().decode()
    finally:
        _unlock_schema(alpha)
    assert _finish(run, tmp_path / "report.json")[alpha] == sm.MIGRATED

    assert 'brigade_migrate_schemas{state="pending"} 1.0' in metrics
    assert "brigade_migrate_finished 0.0" in metrics
    assert "brigade_migrate_eta_seconds" in metrics
