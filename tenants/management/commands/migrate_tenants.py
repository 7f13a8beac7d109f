"""`manage.py migrate_tenants`: the deploy's migration of public and every tenant schema.

Beside django-tenants' `migrate_schemas` (which still works): schemas already at the code's
state are skipped in bulk, the rest migrate in a pool of worker processes (tenants/schema_migrations.py).
Exit status 1 when any schema failed, was left pending or is missing; unknown migrations (newer
code ran there, e.g. after a rollback) are reported and do not fail the run.
"""

import json
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from prometheus_client import CollectorRegistry, Gauge, Histogram, start_http_server, write_to_textfile
from tqdm import tqdm

from tenants import schema_migrations as sm


class Command(BaseCommand):
    help = "Migrate the public schema and every tenant schema behind the code, in a pool of processes."

    def add_arguments(self, parser):
        parser.add_argument("--pool", type=int, default=int(os.environ.get("MIGRATE_POOL", "2")),
                            help="Worker processes, one database connection each (env MIGRATE_POOL, default 2).")
        parser.add_argument("--batch-size", type=int, default=sm.BATCH_SIZE,
                            help="Schemas whose state one query reads.")
        parser.add_argument("--statement-timeout", type=float, default=sm.Limits.statement_timeout_s,
                            help="Seconds one statement of a migration may run.")
        parser.add_argument("--lock-timeout", type=float, default=sm.Limits.lock_timeout_s,
                            help="Seconds a migration may wait for a table lock.")
        parser.add_argument("--schema-lock-wait", type=float, default=sm.Limits.schema_lock_wait_s,
                            help="Seconds to wait for another run that is migrating the same schema.")
        parser.add_argument("--metrics-port", type=int, default=None,
                            help="Serve Prometheus metrics on this port while the run lasts.")
        parser.add_argument("--metrics-file", default=None,
                            help="Write Prometheus metrics to this file (textfile format) as the run goes.")
        parser.add_argument("--report-json", default=None, help="Write every schema's final state here.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args, **options):
        if options["pool"] < 1:
            raise CommandError("--pool must be at least 1.")
        limits = sm.Limits(options["statement_timeout"], options["lock_timeout"], options["schema_lock_wait"])
        progress = RunProgress(self.stderr, options)
        report = sm.run(options["pool"], limits, options["batch_size"], progress.planned, progress.done)
        progress.finish(report)
        self._print(report)
        if options["report_json"]:
            with open(options["report_json"], "w") as out:
                json.dump(as_json(report), out, indent=1)
        if not report.ok:
            raise CommandError("Some schemas are not at the code's state (listed above); run again to resume.")

    def _print(self, report: sm.RunReport) -> None:
        counts = ", ".join(f"{n} {state}" for state, n in report.counts().items() if n)
        self.stdout.write(f"public: {report.public}; tenant schemas: {counts or 'none'} ({report.seconds:.1f} s)")
        for state in report.schemas:
            if state.state in (sm.FAILED, sm.UNKNOWN, sm.MISSING, sm.PENDING):
                self.stdout.write(f"  {state.state:8} {state.schema} ({state.kind}) {state.detail}".rstrip())


def as_json(report: sm.RunReport) -> dict:
    return {
        "ok": report.ok,
        "public": report.public,
        "seconds": round(report.seconds, 3),
        "counts": report.counts(),
        "schemas": [
            {"schema": s.schema, "kind": s.kind, "state": s.state, "detail": s.detail, "seconds": round(s.seconds, 3)}
            for s in report.schemas
        ],
    }


class RunProgress:
    """A progress bar (counts, rate, ETA) on a terminal, a line every 10 s elsewhere, and Prometheus
    metrics: on an HTTP port for the Helm hook Job (scraped while it runs; no pushgateway), in a
    textfile for node_exporter or for whoever reads the run afterwards."""

    def __init__(self, stream, options):
        self.stream, self.metrics_file = stream, options["metrics_file"]
        self.tty = not options["no_progress"] and sys.stderr.isatty()
        self.registry = CollectorRegistry()
        self.schemas = Gauge("brigade_migrate_schemas", "Tenant schemas by state in this run", ["state"],
                             registry=self.registry)
        self.eta = Gauge("brigade_migrate_eta_seconds", "Estimated seconds left in this run", registry=self.registry)
        self.finished = Gauge("brigade_migrate_finished", "1 once the run ended; success says how",
                              registry=self.registry)
        self.success = Gauge("brigade_migrate_success", "1 when every schema is at the code's state",
                             registry=self.registry)
        self.seconds = Histogram("brigade_migrate_schema_seconds", "Time to migrate one schema",
                                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300), registry=self.registry)
        if options["metrics_port"] is not None:
            start_http_server(options["metrics_port"], registry=self.registry)
        self.bar, self.states, self.started, self.last_line = None, [], time.monotonic(), 0.0

    def planned(self, states: list[sm.SchemaState]) -> None:
        self.states, self.started = states, time.monotonic()
        todo = sum(1 for s in states if s.state == sm.PENDING)
        self._say(f"{len(states)} tenant schemas: {len(states) - todo} need nothing, {todo} to migrate")
        if self.tty and todo:
            self.bar = tqdm(total=todo, unit="schema", file=sys.stderr, dynamic_ncols=True)
        self._publish()

    def done(self, state: sm.SchemaState) -> None:
        if state.state == sm.MIGRATED:
            self.seconds.observe(state.seconds)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(failed=sum(1 for s in self.states if s.state == sm.FAILED), refresh=False)
        elif time.monotonic() - self.last_line >= 10:
            self.last_line = time.monotonic()
            pending = sum(1 for s in self.states if s.state == sm.PENDING)
            self._say(f"migrating: {pending} pending, ETA {self._eta():.0f} s")
        self._publish()

    def finish(self, report: sm.RunReport) -> None:
        if self.bar is not None:
            self.bar.close()
        self.finished.set(1)
        self.success.set(1 if report.ok else 0)
        self._publish()

    def _say(self, line: str) -> None:
        self.stream.write(line, style_func=str)  # progress, not an error: no red

    def _eta(self) -> float:
        pending = sum(1 for s in self.states if s.state == sm.PENDING)
        finished = sum(1 for s in self.states if s.state in (sm.MIGRATED, sm.FAILED)) or 1
        return pending * (time.monotonic() - self.started) / finished

    def _publish(self) -> None:
        counts = {}
        for s in self.states:
            counts[s.state] = counts.get(s.state, 0) + 1
        for state in (sm.CURRENT, sm.MIGRATED, sm.FAILED, sm.PENDING, sm.UNKNOWN, sm.MISSING):
            self.schemas.labels(state).set(counts.get(state, 0))
        self.eta.set(self._eta())
        if self.metrics_file:
            write_to_textfile(self.metrics_file, self.registry)
