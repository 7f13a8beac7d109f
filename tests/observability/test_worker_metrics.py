"""A real prefork Celery worker (two child processes) in prometheus_client's multiprocess mode,
read through the same metrics server the worker container runs (platform/docker/metrics_server.py).
"""

import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from celery.result import allow_join_result
from django.conf import settings
from django.db.models import Count
from prometheus_client.parser import text_string_to_metric_families

from shared_apps.observability.tasks import beat_heartbeat, refresh_tenants_gauge
from tenants.models import Tenant
from tests.servers import child_environment, free_port

from .worker_tasks import always_fails, fails_once, pid_after_nap


class WorkerMetrics:
    def __init__(self, queue: str, url: str):
        self.queue, self.url = queue, url

    def scrape(self) -> dict[tuple[str, frozenset], float]:
        with urllib.request.urlopen(self.url, timeout=10) as response:
            text = response.read().decode()
        return {(s.name, frozenset(s.labels.items())): s.value
                for family in text_string_to_metric_families(text) for s in family.samples}

    def value(self, name: str, **labels) -> float | None:
        return self.scrape().get((name, frozenset(labels.items())))

    def reaches(self, expected: float, name: str, **labels) -> float | None:
        """The value once it is `expected`, or what it is after a generous wait. A task's result is
        stored before Celery sends its success signal, which counts it: a client that got the
        result can scrape before the count moves."""
        deadline = time.monotonic() + 30
        while (value := self.value(name, **labels)) != expected and time.monotonic() < deadline:
            time.sleep(0.1)
        return value


@pytest.fixture(autouse=True)
def _waiting_for_results_is_allowed():
    # Celery's "we are inside a task, never block on a result" flag is one process-wide global:
    # eager tasks applied from several threads at once (tests/orders' concurrency tests) can
    # leave it set. This test process is not a task.
    with allow_join_result():
        yield


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """`celery worker --concurrency 2` (prefork) and its metrics server, sharing a multiprocess dir."""
    queue = f"metrics-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = child_environment(PROMETHEUS_MULTIPROC_DIR=str(tmp_path_factory.mktemp("prometheus-multiproc")))
    logs = tmp_path_factory.mktemp("worker-logs")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "prefork",
             "--concurrency", "2", "-I", "tests.observability.worker_tasks", "-l", "info"],
            env=env, stdout=open(logs / "worker.log", "wb"), stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,  # noqa: SIM115
        ),
        subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "platform" / "docker" / "metrics_server.py"), str(port)],
            env=env, stdout=open(logs / "metrics_server.log", "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115
        ),
    ]
    metrics = WorkerMetrics(queue, f"http://127.0.0.1:{port}/metrics")
    deadline = time.monotonic() + 30
    while True:
        try:
            metrics.scrape()
            break
        except OSError:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise
            time.sleep(0.2)
    yield metrics
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=30)


def test_runs_in_two_worker_processes_add_up_on_the_worker_metrics_endpoint(worker):
    results = [pid_after_nap.apply_async((0.5,), queue=worker.queue) for _ in range(6)]
    pids = {result.get(timeout=90) for result in results}
    assert len(pids) == 2  # both prefork children ran some: each wrote its own samples

    task = {"task": "tests.observability.pid_after_nap"}
    assert worker.reaches(6, "brigade_celery_tasks_total", **task, state="succeeded") == 6
    assert worker.value("brigade_celery_tasks_total", **task, state="failed") == 0
    assert worker.reaches(6, "brigade_celery_task_duration_seconds_count", **task) == 6
    assert 6 * 0.5 <= worker.value("brigade_celery_task_duration_seconds_sum", **task) < 6 * 5
    assert worker.value("brigade_celery_task_duration_seconds_bucket", **task, le="0.25") == 0
    assert worker.value("brigade_celery_task_duration_seconds_bucket", **task, le="+Inf") == 6


def test_a_failing_task_and_a_retried_one_are_counted_by_outcome(worker):
    failed = always_fails.apply_async(queue=worker.queue)
    retried = fails_once.apply_async(queue=worker.queue)
    assert retried.get(timeout=90) == "second time lucky"
    with pytest.raises(ValueError):
        failed.get(timeout=90)

    def count(task, state):
        return worker.value("brigade_celery_tasks_total", task=f"tests.observability.{task}", state=state)

    assert worker.reaches(1, "brigade_celery_tasks_total", task="tests.observability.always_fails", state="failed") == 1
    assert worker.reaches(1, "brigade_celery_tasks_total", task="tests.observability.fails_once", state="succeeded") == 1
    assert [count("always_fails", s) for s in ("succeeded", "failed", "retried")] == [0, 1, 0]
    assert [count("fails_once", s) for s in ("succeeded", "failed", "retried")] == [1, 0, 1]
    assert worker.reaches(2, "brigade_celery_task_duration_seconds_count", task="tests.observability.fails_once") == 2


def test_the_heartbeat_run_by_the_worker_shows_on_its_endpoint(worker):
    started = time.time()
    beat_heartbeat.apply_async(queue=worker.queue)
    deadline = time.monotonic() + 60
    while (worker.value("brigade_beat_heartbeat_timestamp_seconds") or 0) < started:
        assert time.monotonic() < deadline, "the worker did not record the heartbeat"
        time.sleep(0.2)
    assert worker.value("brigade_beat_heartbeat_timestamp_seconds") <= time.time()


def test_the_tenants_refresh_run_by_the_worker_shows_every_status_on_its_endpoint(worker, db):
    expected = dict(Tenant.objects.filter(kind=Tenant.Kind.BRAND).values_list("status").annotate(n=Count("id"))
                    .order_by())
    refresh_tenants_gauge.apply_async(queue=worker.queue)
    deadline = time.monotonic() + 60
    while worker.value("brigade_tenants", status="cancelled") is None:
        assert time.monotonic() < deadline, "the worker did not refresh the gauge"
        time.sleep(0.2)
    assert {status: worker.value("brigade_tenants", status=status) for status in Tenant.Status.values} == {
        status: float(expected.get(status, 0)) for status in Tenant.Status.values
    }
