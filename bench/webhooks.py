"""Webhook benchmark: delivery throughput and commit → delivery latency to a receiver on loopback,
next to a bare HTTP POST loop to the same receiver (the floor), and what subscribed endpoints add
to a checkout. Writes bench/results/webhooks.json.

Its own database (brigade_bench_webhooks, dropped and re-created), one brand with an always-open
location and a small menu, a Celery worker (prefork, 2 processes, a queue of its own) and a
receiver in a process of its own (plain http.server, answers 200, writes each arrival's time and
webhook-id to a file). Phases, each with the load average before and after:

  - floor:      a single-threaded loop of bare httpx POSTs (one kept-alive connection, as each
                worker process keeps one) of a body of the same size to the receiver: posts/s
                and latency p50/p99
  - throughput: N events committed in one transaction to one endpoint; events/s from the commit
                to the receiver holding all N (the worker's two processes deliver in parallel)
  - latency:    one checkout at a time through Django's test client in this process; from the
                response (the commit is just before it) to the receiver's arrival, through the
                real path: after-commit announcement → collect task → deliver task → POST
  - checkout:   CPU per checkout in this process and its PostgreSQL backends (as bench/orders.py
                measures it) with 3 subscribed endpoints and with none, in alternating rounds

Run with `make bench-webhooks` (BENCH_EVENTS=300 BENCH_LATENCY_SAMPLES=100 BENCH_ROUNDS=3).
"""

import json
import os
import platform
import subprocess
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import _server
from _server import CORES, ROOT, percentile

EVENTS = int(os.environ.get("BENCH_EVENTS", "300"))
LATENCY_SAMPLES = int(os.environ.get("BENCH_LATENCY_SAMPLES", "100"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CHECKOUTS_PER_ROUND = int(os.environ.get("BENCH_CHECKOUTS", "40"))
BRAND = "bench-webhooks"


def run_receiver(port: int, log_path: str) -> None:
    """The receiver process: 200 to every POST, one `<time> <webhook-id>` line per arrival."""
    log = open(log_path, "a", buffering=1)  # noqa: SIM115

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length", 0)))
            log.write(f"{time.time()} {self.headers.get('webhook-id', '-')}\n")
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if len(sys.argv) == 4 and sys.argv[1] == "--receiver":
    run_receiver(int(sys.argv[2]), sys.argv[3])
    sys.exit(0)

BENCH_DB = _server.configure("webhooks")
RECEIVER_PORT = _server.free_port()
QUEUE = f"bench-webhooks-{uuid.uuid4().hex[:8]}"
os.environ["WEBHOOK_ALLOWED_TARGETS"] = f"127.0.0.1:{RECEIVER_PORT}"
os.environ["WEBHOOK_ALLOW_HTTP"] = "true"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# The benchmark measures checkouts, not the per-client limits (their cost is still paid: the throttle runs).
os.environ.setdefault("THROTTLE_QUOTE", "100000000/min")
os.environ.setdefault("THROTTLE_CHECKOUT", "100000000/min")

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from config.celery import app as celery_app  # noqa: E402
from shared_apps.billing.models import Plan  # noqa: E402
from tenant_apps.catalog import services as catalog  # noqa: E402
from tenant_apps.integrations import outbox, webhooks  # noqa: E402
from tenant_apps.integrations.models import WebhookEndpoint  # noqa: E402
from tenant_apps.orders import event_bus  # noqa: E402
from tenants.audit import Actor  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MENU = {"name": "Bench", "categories": [{"name": "Food", "items": [
    {"name": f"Dish {n}", "price_cents": 900 + 10 * n, "tax_category": "standard", "modifier_groups": []}
    for n in range(5)]}]}
ACTOR = Actor.system("bench")


def setup_data() -> tuple[Tenant, dict]:
    _server.recreate_database(BENCH_DB)
    call_command("migrate_schemas", verbosity=0, interactive=False)
    Plan.objects.filter(code="pro").update(max_orders_per_month=None)
    tenant = provision_tenant(BRAND, "Bench Webhooks", owner_email="owner@bench.test", owner_password="bench-password-1",
                              status=Tenant.Status.ACTIVE, plan_code="pro")
    with schema_context(tenant.schema_name):
        location = catalog.create_location(actor=None, enforce_plan_limit=False, name="Bench", address="1 Loop",
                                           latitude=52.5, longitude=13.4, timezone="Europe/Berlin", hours=ALL_WEEK)
        menu = catalog.import_menu(MENU, locations=[location], actor=None)
        dish = menu.categories.get().items.order_by("position").first()
    body = {"location": str(location.pk), "fulfillment": "pickup", "payment_method": "cash",
            "contact": {"email": "bench@example.test", "name": "Bench", "phone": "+49301234"},
            "items": [{"item": str(dish.pk), "quantity": 1}]}
    return tenant, body


class Arrivals:
    def __init__(self, path: Path):
        self.path = path

    def read(self) -> list[tuple[float, str]]:
        if not self.path.exists():
            return []
        lines = self.path.read_text().splitlines()
        return [(float(t), i) for t, i in (line.split(" ", 1) for line in lines if " " in line)]

    def wait_for(self, count: int, timeout: float = 300) -> list[tuple[float, str]]:
        deadline = time.monotonic() + timeout
        while True:
            arrived = self.read()
            if len(arrived) >= count:
                return arrived
            if time.monotonic() > deadline:
                raise SystemExit(f"only {len(arrived)} of {count} deliveries arrived within {timeout} s")
            time.sleep(0.005)


def start_processes(workdir: Path) -> tuple[list[subprocess.Popen], Arrivals]:
    arrivals = Arrivals(workdir / "arrivals.log")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "LOG_LEVEL": "WARNING"}
    receiver = subprocess.Popen([sys.executable, __file__, "--receiver", str(RECEIVER_PORT), str(arrivals.path)])
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", QUEUE, "--pool", "prefork",
                               "--concurrency", "2", "-l", "warning"], env=env, cwd=ROOT,
                              stdout=open(workdir / "worker.log", "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
    for _ in range(200):
        try:
            httpx.post(f"http://127.0.0.1:{RECEIVER_PORT}/warm", content=b"{}")
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    return [receiver, worker], arrivals


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def floor_run(count: int) -> dict:
    body = json.dumps({"type": "menu.updated", "timestamp": "2026-01-01T00:00:00+00:00",
                       "data": {"tenant": BRAND, "seq": None, "change": "item"}}).encode()
    before, latencies = load(), []
    with httpx.Client() as client:  # kept alive, as the deliveries' client is
        started = time.perf_counter()
        for _ in range(count):
            sent = time.perf_counter()
            client.post(f"http://127.0.0.1:{RECEIVER_PORT}/floor", content=body, headers={"content-type": "application/json"})
            latencies.append((time.perf_counter() - sent) * 1000)
        elapsed = time.perf_counter() - started
    return {"posts": count, "posts_per_s": round(count / elapsed, 1), "latency_p50_ms": percentile(latencies, 0.5),
            "latency_p99_ms": percentile(latencies, 0.99), "load_before": before, "load_after": load()}


def throughput_run(tenant: Tenant, endpoint: WebhookEndpoint, arrivals: Arrivals, count: int) -> dict:
    before, already = load(), len(arrivals.read())
    with schema_context(tenant.schema_name):
        with transaction.atomic():
            for _ in range(count):
                outbox.emit("menu.updated", source=f"bench:{uuid.uuid4().hex}", data={"change": "bench"},
                            endpoints=[endpoint])
        committed = time.time()  # the deliver tasks are sent by on_commit, inside this span
    arrived = arrivals.wait_for(already + count)[already:]
    elapsed = max(t for t, _ in arrived) - committed
    return {"events": count, "events_per_s": round(count / elapsed, 1), "seconds": round(elapsed, 2),
            "load_before": before, "load_after": load()}


def latency_run(host: str, body: dict, arrivals: Arrivals, samples: int) -> dict:
    client, latencies, before = Client(HTTP_HOST=host), [], load()
    for _ in range(samples):
        already = len(arrivals.read())
        response = client.post("/api/v1/orders/", json.dumps(body), content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        committed = time.time()
        assert response.status_code == 201, response.content
        arrived = arrivals.wait_for(already + 1, timeout=60)
        latencies.append((arrived[already][0] - committed) * 1000)
    return {"samples": samples, "p50_ms": percentile(latencies, 0.5), "p99_ms": percentile(latencies, 0.99),
            "max_ms": round(max(latencies), 2), "load_before": before, "load_after": load(),
            "note": "from the checkout's response in this process (its commit is just before) to the receiver's "
                    "arrival: announcement, collect task, deliver task, signed POST"}


def _backend_cpu_seconds() -> dict[int, float]:
    from django.db import connections

    pids = []
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pids.append(cursor.fetchone()[0])
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            pass
    return cpu


def checkout_cpu(host: str, body: dict, count: int) -> dict:
    """CPU ms per checkout: this process (every thread, the announcement's included) and its backend."""
    client = Client(HTTP_HOST=host)
    event_bus.drain(close_connection=False)
    process, backend = time.process_time(), _backend_cpu_seconds()
    walls = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.post("/api/v1/orders/", json.dumps(body), content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
        walls.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201
    event_bus.drain(close_connection=False)
    python_ms = (time.process_time() - process) * 1000 / count
    after = _backend_cpu_seconds()
    postgres_ms = sum(cpu - backend.get(pid, 0.0) for pid, cpu in after.items()) * 1000 / count
    return {"python_ms": round(python_ms, 2), "postgres_ms": round(postgres_ms, 2),
            "total_ms": round(python_ms + postgres_ms, 2), "wall_p50_ms": percentile(walls, 0.5)}


def checkout_cost_rounds(tenant: Tenant, host: str, body: dict, arrivals: Arrivals) -> dict:
    with schema_context(tenant.schema_name):
        subscribed = [webhooks.create_endpoint(url=f"http://127.0.0.1:{RECEIVER_PORT}/sub{n}",
                                               event_types=["order.created"], actor=ACTOR) for n in range(3)]
    rounds = []
    for _ in range(ROUNDS):
        entry = {"load_before": load()}
        for phase, enabled in (("none", False), ("three_endpoints", True)):
            with schema_context(tenant.schema_name):
                for endpoint in subscribed:
                    webhooks.update_endpoint(endpoint, enabled=enabled, actor=ACTOR)
            entry[phase] = checkout_cpu(host, body, CHECKOUTS_PER_ROUND)
        entry["ratio_three_to_none"] = round(entry["three_endpoints"]["total_ms"] / entry["none"]["total_ms"], 3)
        entry["load_after"] = load()
        rounds.append(entry)
    with schema_context(tenant.schema_name):
        for endpoint in subscribed:
            webhooks.delete_endpoint(endpoint, actor=ACTOR)
    return {"checkouts_per_phase": CHECKOUTS_PER_ROUND, "rounds": rounds,
            "note": "CPU of the checkout request in this process (the after-response announcement and Celery "
                    "send included) and its PostgreSQL backend; the worker's collection and delivery are off the "
                    "request and not counted. `none`: the 3 endpoints disabled (no endpoint enabled)."}


def main() -> None:
    import tempfile

    tenant, body = setup_data()
    host = f"{BRAND}.{settings.BASE_DOMAIN}"
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = QUEUE
    workdir = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    processes, arrivals = start_processes(workdir)
    load_at_start = load()
    try:
        with schema_context(tenant.schema_name):
            endpoint = webhooks.create_endpoint(url=f"http://127.0.0.1:{RECEIVER_PORT}/hooks",
                                                event_types=["order.created"], actor=ACTOR)
        throughput_run(tenant, endpoint, arrivals, 20)  # warm the worker processes
        rounds = []
        for _ in range(ROUNDS):  # interleaved, so a shared machine's drift hits both alike
            floor = floor_run(EVENTS)
            delivered = throughput_run(tenant, endpoint, arrivals, EVENTS)
            rounds.append({"floor_bare_post_loop": floor, "webhook_delivery": delivered,
                           "ratio_events_to_floor_posts": round(delivered["events_per_s"] / floor["posts_per_s"], 3)})
        latency = latency_run(host, body, arrivals, LATENCY_SAMPLES)
        with schema_context(tenant.schema_name):
            webhooks.delete_endpoint(endpoint, actor=ACTOR)
        checkout = checkout_cost_rounds(tenant, host, body, arrivals)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(30)
        celery_app.control.purge()
        connection.close()
    floors = [r["floor_bare_post_loop"] for r in rounds]
    result = {
        "what": "outgoing webhooks to a receiver on loopback vs a bare HTTP POST loop to the same receiver; "
                "checkout CPU with 3 subscribed endpoints vs none",
        "machine": {"cores": CORES, "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                    "load_average_1_5_15_at_start": load_at_start, "load_average_1_5_15_at_end": load(),
                    "note": "the machine is shared; every figure is next to a floor measured in the same run"},
        "worker": {"pool": "prefork", "concurrency": 2},
        "throughput_rounds": rounds,
        "commit_to_delivery_latency": {
            **latency, "floor_bare_post_p50_ms": percentile([f["latency_p50_ms"] for f in floors], 0.5),
            "floor_bare_post_p99_ms": percentile([f["latency_p99_ms"] for f in floors], 0.5)},
        "checkout_cost": checkout,
    }
    out = ROOT / "bench" / "results" / "webhooks.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
