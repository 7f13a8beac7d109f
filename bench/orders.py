"""Checkout benchmark: orders placed per second and checkout latency on a real gunicorn.

Writes bench/results/orders.json. Sets up its own database (brigade_bench_orders, dropped and
re-created) with 100 brands plus one brand (plan `pro`, no order cap) whose location is open
around the clock, delivers in a 5 km zone and serves a small menu with modifier groups. Starts
gunicorn (sync workers, 2 x cores + 1) on a free loopback port and drives it with wrk at 20
connections:

  - trivial:   GET /bench/trivial/ — a DRF view with no query (the floor; bench/menu_site.py)
  - checkout:  POST /api/v1/orders/ with a fresh Idempotency-Key per request (cash, delivery,
               2 lines with modifiers and a promo code): quote, slot-free ASAP order, numbering,
               lines, payment row, event, after-commit e-mail task and WebSocket publish
  - open loop: checkouts from 20 client threads at a fixed total arrival rate (50 % of the best
               closed-loop orders/s of this run, BENCH_OPEN_LOOP_FRACTION), latency counted from
               each request's scheduled send time: the p50/p99 a customer sees at that load
               (the closed-loop p50 is ~20 / throughput by Little's law, a capacity figure)
  - retried:   the same with 10 % of requests re-sending the previous request's key and body
               (a client retrying after a lost response): every retry must replay, never create

Each round (BENCH_ROUNDS, 3) runs the trivial endpoint, the checkouts at the one location, and
the same checkouts spread round robin over 50 brands of one location each (BENCH_SPREAD_BRANDS):
no two concurrent checkouts then share a counter row, so the ratio of the two is what the
serialised part of one location costs. During every checkout run a thread samples PostgreSQL's
own views every 10 ms (pg_stat_activity wait events, pg_blocking_pids over pg_locks) and
attributes each blocked backend to the counter its statement writes (`locks` in the result).

Afterwards it counts orders and distinct keys in the database: duplicates = orders − distinct
keys answered 201 (must be 0). Queries per checkout are counted in-process with Django's query
capture around one checkout request (cold and warm). In-process, one request at a time, it also
records wall time and CPU per request (this process plus its PostgreSQL backend's, which other
processes' load barely moves) against the trivial endpoint. Before wrk it ANALYZEs the brand's
order tables, as autovacuum has on a live brand. wrk shares the machine's cores with the server,
PostgreSQL and Redis. Run with `make bench-orders` (BENCH_DURATION=10 BENCH_CONNECTIONS=20).
"""

import http.client
import json
import os
import platform
import re
import subprocess
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import _server
from _server import CORES, ROOT, UNITS, WORKERS, percentile, start_server, stop_server

BENCH_DB = _server.configure("orders")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# The benchmark measures checkouts, not the per-client limits (their cost is still paid: the throttle runs).
os.environ.setdefault("THROTTLE_QUOTE", "100000000/min")
os.environ.setdefault("THROTTLE_CHECKOUT", "100000000/min")

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
TENANTS = int(os.environ.get("BENCH_TENANTS", "100"))
RETRY_RATIO = float(os.environ.get("BENCH_RETRY_RATIO", "0.1"))
# The open-loop phase: arrivals at this fraction of the closed-loop phase's best orders/s.
OPEN_LOOP_FRACTION = float(os.environ.get("BENCH_OPEN_LOOP_FRACTION", "0.5"))
OPEN_LOOP_DURATION = int(os.environ.get("BENCH_OPEN_LOOP_DURATION", "30"))
BRAND = "bench-orders"
# The spread run: the same checkouts spread over this many brands (one location each), so no two
# concurrent checkouts share a brand's event counter or a location's order number counter.
SPREAD_BRANDS = int(os.environ.get("BENCH_SPREAD_BRANDS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LOCK_SAMPLE_SECONDS = 0.01

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from config.celery import app as celery_app  # noqa: E402
from shared_apps.billing.models import Plan  # noqa: E402
from tenant_apps.catalog import services as catalog  # noqa: E402
from tenant_apps.orders import event_bus as order_events  # noqa: E402
from tenant_apps.orders.models import IdempotencyKey, Order, PromoCode  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


MENU = {
    "name": "Bench menu",
    "categories": [{"name": "Burgers", "items": [
        {"name": f"Burger {n}", "price_cents": 890 + 50 * n, "tax_category": "standard", "modifier_groups": [
            {"name": "Size", "min_select": 1, "max_select": 1, "required": True,
             "modifiers": [{"name": "Regular", "price_delta_cents": 0}, {"name": "Large", "price_delta_cents": 200}]},
            {"name": "Extras", "min_select": 0, "max_select": 3, "free_quantity": 1,
             "modifiers": [{"name": f"Extra {m}", "price_delta_cents": 60 + 10 * m} for m in range(5)]},
        ]} for n in range(20)
    ]}, {"name": "Drinks", "items": [
        {"name": f"Drink {n}", "price_cents": 250 + 10 * n, "tax_category": "reduced", "modifier_groups": []}
        for n in range(10)
    ]}],
}


def open_brand(slug: str, name: str, owner_email: str) -> tuple[Tenant, dict]:
    """A brand (plan `pro`, no order cap) whose one location is open around the clock, delivers in
    a 5 km zone and serves MENU; returns it and the body of a checkout there."""
    tenant = provision_tenant(slug, name, owner_email=owner_email, owner_password="bench-password-1",
                              status=Tenant.Status.ACTIVE, plan_code="pro")
    with schema_context(tenant.schema_name):
        location = catalog.create_location(
            actor=None, enforce_plan_limit=False, name="Bench", address="1 Loop", latitude=52.5, longitude=13.4,
            timezone="Europe/Berlin", hours=ALL_WEEK, delivery_enabled=True)
        catalog.create_zone(location, actor=None, name="City", kind="radius", radius_m=5000, fee_cents=250,
                            min_order_cents=1000)
        menu = catalog.import_menu(MENU, locations=[location], actor=None)
        PromoCode.objects.create(code="BENCH10", kind="percent", value=1000)
        burger = menu.categories.get(name="Burgers").items.order_by("position").first()
        drink = menu.categories.get(name="Drinks").items.order_by("position").first()
        size = burger.modifier_groups.get(name="Size").modifiers.get(name="Large")
        extras = list(burger.modifier_groups.get(name="Extras").modifiers.order_by("position")[:2])
        body = {
            "location": str(location.pk), "fulfillment": "delivery", "payment_method": "cash", "promo_code": "BENCH10",
            "delivery_address": {"line1": "Alexanderplatz 1", "city": "Berlin", "lat": 52.52, "lng": 13.41},
            "contact": {"email": "bench@example.test", "name": "Bench", "phone": "+49301234"},
            "items": [{"item": str(burger.pk), "quantity": 2, "modifiers": [str(size.pk), *(str(e.pk) for e in extras)]},
                      {"item": str(drink.pk), "quantity": 1}],
            "tip": {"percent": 10},
        }
    return tenant, body


def setup_data() -> tuple[Tenant, dict, list[tuple[str, dict]]]:
    """The brands: TENANTS idle ones, the bench brand (one location), and SPREAD_BRANDS brands
    with one location each for the spread run. Returns the bench brand, its checkout body and the
    spread brands' (host, body)."""
    _server.recreate_database(BENCH_DB)
    call_command("migrate_schemas", verbosity=0, interactive=False)
    Plan.objects.filter(code="pro").update(max_orders_per_month=None)
    for n in range(TENANTS):
        provision_tenant(f"brand-{n:03d}", f"Brand {n}", owner_email=f"owner@b{n}.test", owner_password="bench-password-1")
    spread = []
    for n in range(SPREAD_BRANDS):
        _, spread_body = open_brand(f"spread-{n:02d}", f"Spread {n}", f"owner@s{n}.test")
        spread.append((f"spread-{n:02d}.{settings.BASE_DOMAIN}", spread_body))
    tenant, body = open_brand(BRAND, "Bench Orders", "owner@bench.test")
    return tenant, body, spread


# wrk's Lua: a fresh Idempotency-Key per request, or (with probability `retry`) the previous one
# again (same brand and body), as a client retrying after a lost response does. `targets` (the
# brands' hosts and bodies) is written before it by `lua_script`. Counts statuses and replays.
LUA = r"""
local threads = {}
local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  run, retry = args[1], tonumber(args[2])
  math.randomseed(id * 7919 + os.time())
  counter, retries, replayed, created, other = 0, 0, 0, 0, 0
  last_key, last_target = nil, nil
end
function request()
  local key, target
  if last_key ~= nil and math.random() < retry then
    key, target = last_key, last_target
    retries = retries + 1
  else
    counter = counter + 1
    key = run .. "-" .. id .. "-" .. counter
    target = targets[(id * 7 + counter) % #targets + 1]  -- round robin over the brands
  end
  last_key, last_target = key, target
  return wrk.format("POST", "/api/v1/orders/", {["Host"] = target.host, ["Content-Type"] = "application/json",
                    ["Idempotency-Key"] = key}, target.body)
end
function response(status, headers, body)
  if status == 201 then
    if headers["Idempotent-Replayed"] == "true" then replayed = replayed + 1 else created = created + 1 end
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  local t = {keys = 0, retries = 0, replayed = 0, created = 0, other = 0}
  for _, thread in ipairs(threads) do
    t.keys = t.keys + thread:get("counter")
    t.retries = t.retries + thread:get("retries")
    t.replayed = t.replayed + thread:get("replayed")
    t.created = t.created + thread:get("created")
    t.other = t.other + thread:get("other")
  end
  io.write(string.format("LUA keys=%d retries=%d replayed=%d created=%d other=%d\n",
                         t.keys, t.retries, t.replayed, t.created, t.other))
end
"""


def wrk(binary: str, port: int, host: str, path: str, *, duration: int = DURATION, script: str | None = None,
        script_args: list[str] | None = None) -> dict:
    args = [binary, "-t", "2", "-c", str(CONNECTIONS), "-d", f"{duration}s", "--timeout", "10s", "--latency",
            "-H", f"Host: {host}"]
    if script:
        args += ["-s", script]
    args.append(f"http://127.0.0.1:{port}{path}")
    if script_args:
        args += ["--", *script_args]
    output = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    latency = {m[0]: round(float(m[1]) * UNITS[m[2]], 2) for m in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)", output, re.M)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    result = {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency.get("50"), "p90_ms": latency.get("90"), "p99_ms": latency.get("99"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else None,
    }
    lua = re.search(r"LUA keys=(\d+) retries=(\d+) replayed=(\d+) created=(\d+) other=(\d+)", output)
    if lua:
        result.update(zip(("keys_sent", "retries_sent", "replayed_201", "created_201", "other_status"),
                          map(int, lua.groups()), strict=True))
    return result


def lua_script(targets: list[tuple[str, dict]]) -> str:
    """A file with LUA for checkouts spread round robin over `targets` (host, body)."""
    rows = ",\n".join(f"  {{host = [==[{host}]==], body = [==[{json.dumps(body)}]==]}}" for host, body in targets)
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write(f"targets = {{\n{rows}\n}}\n{LUA}")
    lua.close()
    return lua.name


def _schemas(hosts: list[str]) -> list[str]:
    slugs = [host.split(".", 1)[0] for host in hosts]
    return list(Tenant.objects.filter(slug__in=slugs).values_list("schema_name", flat=True))


def _count(schemas: list[str], counted) -> int:
    total = 0
    for schema in schemas:
        with schema_context(schema):
            total += counted()
    return total


def settle(schemas: list[str], quiet_seconds: float = 2.0) -> None:
    """Wait until the server has finished every request it accepted (no new orders for a while)."""
    last, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < quiet_seconds:
        count = _count(schemas, lambda: Order.objects.count() + IdempotencyKey.objects.filter(state="in_progress").count())
        if count != last:
            last, quiet_since = count, time.monotonic()
        time.sleep(0.2)


# What each client backend of the bench database is doing, sampled every LOCK_SAMPLE_SECONDS
# from PostgreSQL's own views. A backend waiting for a row lock shows wait_event_type `Lock`
# (`transactionid` or `tuple`); the statement it waits in names the counter.
SAMPLE_SQL = """
SELECT a.wait_event_type, a.wait_event, a.state, a.query, cardinality(pg_blocking_pids(a.pid)) > 0 AS blocked
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
"""
COUNTERS = {"order_number_counter": "orders_ordernumbercounter", "event_seq_counter": "orders_eventcounter",
            "idempotency_key": "orders_idempotencykey"}


class LockSampler(threading.Thread):
    """Samples pg_stat_activity (wait events, pg_blocking_pids over pg_locks) while a run lasts."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()
        self.samples = 0
        self.in_transaction = 0  # backend-samples inside a transaction (active or idle in it)
        self.waits: dict[str, int] = {}
        self.blocked_on: dict[str, int] = {}

    def run(self) -> None:
        import psycopg

        db = settings.DATABASES["default"]
        with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True) as conn:
            while not self.stopped.wait(LOCK_SAMPLE_SECONDS):
                self.samples += 1
                for wait_type, wait_event, state, query, blocked in conn.execute(SAMPLE_SQL).fetchall():
                    if state in ("active", "idle in transaction"):
                        self.in_transaction += 1
                    if wait_type:
                        name = f"{wait_type}:{wait_event}"
                        self.waits[name] = self.waits.get(name, 0) + 1
                    if blocked:
                        on = next((k for k, table in COUNTERS.items() if table in (query or "")), "other")
                        self.blocked_on[on] = self.blocked_on.get(on, 0) + 1

    def result(self) -> dict:
        self.stopped.set()
        self.join()
        busy = max(1, self.in_transaction)
        return {
            "samples": self.samples, "interval_ms": LOCK_SAMPLE_SECONDS * 1000,
            "backends_in_transaction_mean": round(self.in_transaction / max(1, self.samples), 2),
            "blocked_backends_mean": {k: round(v / max(1, self.samples), 2) for k, v in sorted(self.blocked_on.items())},
            "blocked_share_of_busy_backends": {k: round(v / busy, 3) for k, v in sorted(self.blocked_on.items())},
            "wait_events_mean": {k: round(v / max(1, self.samples), 2) for k, v in sorted(self.waits.items())},
            "how": "pg_stat_activity every 10 ms (wait_event_type/wait_event; pg_blocking_pids over pg_locks); a "
                   "blocked backend is attributed to the counter its statement writes",
        }


def checkout_run(binary, port, targets: list[tuple[str, dict]], *, retry: float) -> dict:
    """One wrk run of checkouts over `targets` (host, body); then the database says how many orders
    it made, per key; PostgreSQL's wait events during the run say what the checkouts waited for."""
    run = f"r{uuid.uuid4().hex[:8]}"
    schemas = _schemas([host for host, _ in targets])
    before = _count(schemas, Order.objects.count)
    lua_path = lua_script(targets)
    sampler = LockSampler()
    load_before = list(os.getloadavg())
    sampler.start()
    try:
        result = wrk(binary, port, targets[0][0], "/api/v1/orders/", script=lua_path, script_args=[run, str(retry)])
    finally:
        locks = sampler.result()
        os.unlink(lua_path)
    settle(schemas)  # requests wrk gave up on (its timeout) still finish on the server
    result["orders_created_in_database"] = _count(schemas, Order.objects.count) - before
    result["keys_in_progress_after"] = _count(schemas, IdempotencyKey.objects.filter(state="in_progress").count)
    result["distinct_keys_completed"] = _count(
        schemas, IdempotencyKey.objects.filter(key__startswith=f"{run}-", state="completed").count)
    # An order without its key, or a second order for a key, would show up here.
    result["duplicates"] = result["orders_created_in_database"] - result["distinct_keys_completed"]
    result["orders_per_s"] = round(result["created_201"] / DURATION, 1)
    result["brands"] = len(targets)
    result["locks"] = locks
    result["load_average_1_5_15_before"] = load_before
    connection.close()
    return result


def open_loop_run(port: int, host: str, body: dict, *, rate: float, clients: int = CONNECTIONS,
                  duration: int = OPEN_LOOP_DURATION) -> dict:
    """Checkouts arriving at a fixed total rate, whatever the server's pace: `clients` threads, each
    with its own keep-alive connection, client i sending at t0 + (i + k·clients) / rate (evenly
    spaced arrivals). Latency is counted from the scheduled send time, so a request that had to
    wait for its client's previous one counts that wait (no coordinated omission, as in wrk2);
    `service_*` is from the actual send. This is the latency a customer sees at that load."""
    payload = json.dumps(body).encode()
    run = f"o{uuid.uuid4().hex[:8]}"
    results: list[tuple[float, float, int]] = []  # (from schedule, from send, status)
    lock = threading.Lock()
    start = time.monotonic() + 0.5

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, k = [], 0
        while (scheduled := start + (index + k * clients) / rate) < start + duration:
            k += 1
            time.sleep(max(0.0, scheduled - time.monotonic()))
            sent = time.monotonic()
            conn.request("POST", "/api/v1/orders/", body=payload, headers={
                "Host": host, "Content-Type": "application/json", "Idempotency-Key": f"{run}-{index}-{k}"})
            response = conn.getresponse()
            response.read()
            done = time.monotonic()
            mine.append(((done - scheduled) * 1000, (done - sent) * 1000, response.status))
        conn.close()
        with lock:
            results.extend(mine)

    load_before = list(os.getloadavg())
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latency = [r[0] for r in results]
    service = [r[1] for r in results]
    return {
        "client": "Python threads + http.client (bench/orders.py open_loop_run), one keep-alive connection each",
        "clients": clients, "arrival_rate_per_s": round(rate, 2), "duration_s": duration,
        "requests": len(results), "achieved_per_s": round(len(results) / elapsed, 1),
        "status_201": sum(1 for r in results if r[2] == 201),
        "p50_ms": round(percentile(latency, 0.5), 1), "p90_ms": round(percentile(latency, 0.9), 1),
        "p99_ms": round(percentile(latency, 0.99), 1), "max_ms": round(max(latency), 1),
        "service_p50_ms": round(percentile(service, 0.5), 1), "service_p99_ms": round(percentile(service, 0.99), 1),
        "load_average_1_5_15_before": load_before, "load_average_1_5_15_after": list(os.getloadavg()),
    }


def count_queries(host: str, body: dict) -> dict:
    """Statements of one checkout: the first after start-up (cold caches) and the third (warm; the
    brand's first order creates its ordering settings row, which drops the rules it cached).
    Those on the order numbers' own connection (orders/numbering.py, psycopg directly, so Django's
    capture does not see them) are counted apart and included in `statements`."""
    client = Client(HTTP_HOST=host)
    counted = {}
    for name in ("cold", "second", "warm"):
        own = _OwnConnectionStatements()
        with CaptureQueriesContext(connection) as queries, own:
            response = client.post("/api/v1/orders/", json.dumps(body), content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=f"count-{uuid.uuid4().hex}")
        assert response.status_code == 201, response.content[:300]
        statements = [q["sql"] for q in queries.captured_queries]
        counted[name] = {"statements": len(statements) + own.count, "on_order_number_connection": own.count,
                         "set_search_path": sum(1 for s in statements if s.startswith("SET search_path"))}
    del counted["second"]
    return counted


class _OwnConnectionStatements:
    """Counts statements sent with psycopg's `Connection.execute` (Django uses cursors only)."""

    def __enter__(self):
        import psycopg

        self.count, self._original = 0, psycopg.Connection.execute

        def counting(conn, *args, **kwargs):
            self.count += 1
            return self._original(conn, *args, **kwargs)

        psycopg.Connection.execute = counting
        return self

    def __exit__(self, *exc):
        import psycopg

        psycopg.Connection.execute = self._original


def _backends_cpu_seconds() -> dict[int, float] | None:
    """CPU used so far by each PostgreSQL backend connected to the bench database (a local server
    only). In the in-process phase those are this process's: the request thread's connection and
    the order-event dispatcher's, if it ran."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'")
        pids = [row[0] for row in cursor.fetchall()]
    cpu = {}
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None
    return cpu


def cpu_per_request(request, count: int) -> dict:
    """CPU milliseconds per call of `request`: this process (every thread) and its PostgreSQL
    backends. Unlike wall time, other processes' load on the shared machine barely moves it.
    The order-event dispatcher is drained (connection kept) before each reading, so its share of
    the work done in the window is inside it."""
    order_events.drain(close_connection=False)
    process, backends = time.process_time(), _backends_cpu_seconds()
    for _ in range(count):
        request()
    order_events.drain(close_connection=False)
    process_ms = (time.process_time() - process) * 1000 / count
    after = _backends_cpu_seconds()
    database_ms = None
    if backends is not None and after is not None:
        database_ms = sum(cpu - backends.get(pid, 0.0) for pid, cpu in after.items()) * 1000 / count
    return {"python_ms": round(process_ms, 2), "postgres_ms": round(database_ms, 2) if database_ms is not None else None,
            "total_ms": round(process_ms + (database_ms or 0), 2)}


def in_process_costs(host: str, body: dict, samples: int = 40) -> dict:
    """Server-side cost without HTTP or load: Django's test client, one request at a time.

    The same checkout is timed with the subscribers of `order_event_committed` connected (as in
    production: realtime's WebSocket publish and the metrics, run by the request's thread once the
    response is made) and without them, next to the trivial endpoint. Wall time includes the
    subscribers: the test client returns only after `request_finished`, where a server has
    already sent the response.
    """
    order_event_committed = order_events.order_event_committed

    client = Client(HTTP_HOST=host)

    def checkout() -> None:
        response = client.post("/api/v1/orders/", json.dumps(body), content_type="application/json",
                               HTTP_IDEMPOTENCY_KEY=f"cost-{uuid.uuid4().hex}")
        assert response.status_code == 201

    def trivial() -> None:
        client.get("/bench/trivial/")

    def timed(request) -> float:
        started = time.perf_counter()
        request()
        return (time.perf_counter() - started) * 1000

    for _ in range(5):
        checkout(), trivial()
    with_subscribers = [timed(checkout) for _ in range(samples)]
    cpu = {"checkout": cpu_per_request(checkout, samples)}
    order_events.drain(close_connection=False)  # nothing queued may reach the empty receiver list
    receivers = order_event_committed.receivers
    order_event_committed.receivers = []
    order_event_committed.sender_receivers_cache.clear()
    try:
        without_subscribers = [timed(checkout) for _ in range(samples)]
        cpu["checkout_without_subscribers"] = cpu_per_request(checkout, samples)
    finally:
        order_event_committed.receivers = receivers
        order_event_committed.sender_receivers_cache.clear()
    trivial_times = [timed(trivial) for _ in range(samples * 5)]
    cpu["trivial"] = cpu_per_request(trivial, samples * 5)
    p50 = {name: percentile(values, 0.5) for name, values in
           (("checkout", with_subscribers), ("checkout_without_subscribers", without_subscribers),
            ("trivial", trivial_times))}
    return {**{f"{k}_p50_ms": v for k, v in p50.items()},
            "checkout_cost_in_trivial_requests": round(p50["checkout"] / p50["trivial"], 1),
            "checkout_without_subscribers_cost_in_trivial_requests": round(p50["checkout_without_subscribers"] / p50["trivial"], 1),
            "cpu_per_request": cpu,
            "checkout_cpu_in_trivial_requests": round(cpu["checkout"]["total_ms"] / cpu["trivial"]["total_ms"], 1),
            "checkout_without_subscribers_cpu_in_trivial_requests":
                round(cpu["checkout_without_subscribers"]["total_ms"] / cpu["trivial"]["total_ms"], 1),
            "samples": samples}


def main() -> None:
    binary = _server.require_wrk("bench-orders")
    tenant, body, spread = setup_data()
    load_at_start = list(os.getloadavg())
    host = f"{BRAND}.{settings.BASE_DOMAIN}"
    one_location = [(host, body)]
    celery_app.conf.task_always_eager = False
    queries = count_queries(host, body)
    costs = in_process_costs(host, body)
    for schema in _schemas([h for h, _ in one_location + spread]):
        with schema_context(schema), connection.cursor() as cursor:
            # Freshly made tables have no statistics until autovacuum's next pass; a live brand's do.
            # (Without them the realtime publisher's previous-seq lookup scans every order of the location.)
            cursor.execute("ANALYZE orders_order, orders_orderevent, orders_orderline, orders_idempotencykey, orders_payment")
    connection.close()

    port = _server.free_port()
    server = start_server(port)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/orders/", data=json.dumps(body).encode(),
                                         headers={"Host": host, "Content-Type": "application/json", "Idempotency-Key": "warm"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
        wrk(binary, port, host, "/bench/trivial/", duration=2)  # warm every worker
        lua = lua_script(spread)  # every worker routes every spread brand and reads its catalog once
        wrk(binary, port, host, "/api/v1/orders/", duration=3, script=lua, script_args=["warm", "0"])
        os.unlink(lua)
        rounds = []
        for _ in range(ROUNDS):  # interleaved, so drift of a shared machine hits all alike
            load = list(os.getloadavg())
            rounds.append({
                "load_average_1_5_15_at_start": load,
                "trivial": wrk(binary, port, host, "/bench/trivial/"),
                "checkout": checkout_run(binary, port, one_location, retry=0.0),
                "checkout_spread": checkout_run(binary, port, spread, retry=0.0),
            })
        closed_best = max(r["checkout"]["orders_per_s"] for r in rounds)
        open_loop = open_loop_run(port, host, body, rate=max(1.0, OPEN_LOOP_FRACTION * closed_best))
        open_loop["rate_note"] = (f"{OPEN_LOOP_FRACTION:.0%} of the best closed-loop round's orders/s "
                                  f"({closed_best}) in this run")
        settle(_schemas([host]))
        retried = checkout_run(binary, port, one_location, retry=RETRY_RATIO)
    finally:
        stop_server(server)
        celery_app.control.purge()  # the e-mail tasks nobody consumed during the run

    def best(name):  # the better round: noise on a shared machine only ever slows down
        return max((r[name] for r in rounds), key=lambda r: r["requests_per_s"])

    trivial, checkout = best("trivial"), best("checkout")
    duplicates = retried["duplicates"]
    ratio = round(checkout["orders_per_s"] / trivial["requests_per_s"], 3)
    per_round = [{
        "load_average_1_5_15_at_start": r["load_average_1_5_15_at_start"],
        "trivial_requests_per_s": r["trivial"]["requests_per_s"],
        "orders_per_s_one_location": r["checkout"]["orders_per_s"],
        f"orders_per_s_{SPREAD_BRANDS}_brands": r["checkout_spread"]["orders_per_s"],
        "one_location_vs_spread": round(r["checkout"]["orders_per_s"] / max(0.1, r["checkout_spread"]["orders_per_s"]), 3),
        "orders_per_s_vs_trivial": round(r["checkout"]["orders_per_s"] / r["trivial"]["requests_per_s"], 3),
        "blocked_backends_mean_one_location": r["checkout"]["locks"]["blocked_backends_mean"],
        f"blocked_backends_mean_{SPREAD_BRANDS}_brands": r["checkout_spread"]["locks"]["blocked_backends_mean"],
    } for r in rounds]
    result = {
        "what": "POST /api/v1/orders/ (cash delivery order, 2 lines with modifiers, promo, tip) vs a trivial DRF "
                "endpoint, same gunicorn, same run",
        "machine": {"cores": CORES, "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                    "load_average_1_5_15_at_start": load_at_start, "load_average_1_5_15_at_end": list(os.getloadavg()),
                    "note": "the machine is shared; other processes' load slows every figure here alike"},
        "server": {"gunicorn_workers": WORKERS, "worker_class": "sync", "settings": "config.settings.dev (DEBUG off)"},
        "load": {"tool": "wrk + Lua (fresh Idempotency-Key per request)", "threads": 2, "connections": CONNECTIONS,
                 "duration_s": DURATION, "note": "wrk, PostgreSQL and Redis share the cores with the server"},
        "data": {"tenants_present": TENANTS + 1},
        "queries_per_checkout": queries["warm"]["statements"],
        "queries_per_checkout_detail": queries,
        "queries_per_checkout_note": "all statements of one checkout request (BEGIN and COMMIT included) with warm "
                                     "caches, the realtime publish's read included (one statement, run by the "
                                     "request's thread after the response); `cold` is the first checkout after "
                                     "start-up (routing, brand rules and catalog rows read from the database)",
        "in_process": costs,
        "trivial_drf": trivial,
        "checkout": checkout,
        "checkout_note": "closed loop: 20 wrk connections, each sending its next checkout when the previous "
                         "answered, so p50 is about 20 / throughput (Little's law) — a measure of capacity, "
                         "not of the latency a customer sees below it",
        "checkout_open_loop": open_loop,
        "checkout_with_retries": {**retried, "retry_ratio": RETRY_RATIO},
        "per_round": per_round,
        "rounds": rounds,
        "orders_per_s_vs_trivial_requests_per_s": ratio,
        "orders_per_s_vs_trivial_requests_per_s_per_round": [
            round(r["checkout"]["orders_per_s"] / r["trivial"]["requests_per_s"], 3) for r in rounds],
        "targets": {"p50_under_ms": 40, "p99_under_ms": 150, "ratio_at_least": 0.1, "ratio_every_round_at_least": 0.15,
                    "one_location_vs_spread_every_round_at_least": 0.8, "duplicates": 0},
        "meets_targets": {"p50_open_loop": open_loop["p50_ms"] < 40, "p99_open_loop": open_loop["p99_ms"] < 150,
                          "p50_closed_loop": (checkout["p50_ms"] or 1e9) < 40,
                          "p99_closed_loop": (checkout["p99_ms"] or 1e9) < 150,
                          "ratio": ratio >= 0.1,
                          "ratio_every_round": all(r["orders_per_s_vs_trivial"] >= 0.15 for r in per_round),
                          "one_location_vs_spread_every_round": all(r["one_location_vs_spread"] >= 0.8 for r in per_round),
                          "no_duplicates": duplicates == 0 and retried["other_status"] == 0},
    }
    out = ROOT / "bench" / "results" / "orders.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("queries_per_checkout", "orders_per_s_vs_trivial_requests_per_s",
                                              "meets_targets")}, indent=2))
    for r in per_round:
        print(json.dumps(r))
    print(f"trivial {trivial['requests_per_s']} req/s; checkout {checkout['orders_per_s']} orders/s "
          f"p50 {checkout['p50_ms']} ms p99 {checkout['p99_ms']} ms; open loop at {open_loop['arrival_rate_per_s']}/s: "
          f"p50 {open_loop['p50_ms']} ms p99 {open_loop['p99_ms']} ms; retried run: {duplicates} duplicates → {out}")


if __name__ == "__main__":
    main()
