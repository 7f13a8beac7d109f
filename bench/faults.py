"""Faults injected into real processes, and what was lost: bench/results/faults.json.

Issue 19, section 3. Everything runs on loopback, on this benchmark's own database
(brigade_bench_faults, dropped and re-created) and its OWN redis-server on a free port (with AOF,
as in compose), never the shared one. Processes: gunicorn (sync workers), uvicorn (/ws/), a
Celery prefork worker and beat, as `make run` starts them. Checkouts come from client threads,
each with a fresh Idempotency-Key, and a client that got no answer (or a 5xx) sends the same key
and body again, as the storefront does. Kitchen boards are WebSocket clients that keep the
highest seq they applied and reconnect with `?since=` whenever their socket drops.

Scenarios (BENCH_SCENARIOS, default all):
  redis     Redis stopped for a third of the run, then started again: checkouts go on (the
            database is the truth), /readyz names redis while it is down, the boards catch up
            with every event, and every order's confirmation e-mail is sent exactly once.
  postgres  Every backend of this benchmark's database terminated (pg_terminate_backend) several
            times during checkouts: 503s or successes, never a half-written order, and after
            reconnecting every answer comes from its own brand's schema.
  ws        The WebSocket server killed (SIGKILL) and started again under BENCH_SOCKETS sockets
            (default 500): every board resumes with `since`, no event lost.

Counts per scenario: requests sent, answers by status, orders created, duplicate orders (two
orders for one key), lost e-mails / doubled e-mails, lost board events. `lost` and `duplicates`
must be 0. Run with `make bench-faults` (BENCH_SECONDS=30 per scenario).
"""

import asyncio
import email
import http.client
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULT = ROOT / "bench" / "results" / "faults.json"
BENCH_DB = os.environ.get("BENCH_DATABASE", "brigade_bench_faults")
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "6"))
SOCKETS = int(os.environ.get("BENCH_SOCKETS", "500"))
BRANDS = int(os.environ.get("BENCH_BRANDS", "5"))
SCENARIOS = os.environ.get("BENCH_SCENARIOS", "redis,postgres,ws").split(",")
WAIT = 120  # seconds: generous limits; every wait ends on the event itself


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


WORK = Path(tempfile.mkdtemp(prefix="brigade-faults-"))
MAIL_DIR = WORK / "mail"
MAIL_DIR.mkdir()
REDIS_PORT = free_port()
base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "faults_settings", "DATABASE_URL": f"{base_url}/{BENCH_DB}",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0", "CACHE_KEY_PREFIX": f"brigade-{BENCH_DB}",
    "BENCH_MAIL_DIR": str(MAIL_DIR), "TENANT_REFILL_AFTER_CLAIM": "false", "TENANT_SPARE_POOL_SIZE": "0",
    "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"), "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
    "CELERY_TASK_DEFAULT_QUEUE": f"faults-{uuid.uuid4().hex[:6]}", "REALTIME_HEARTBEAT_SECONDS": "5",
    "SCHEDULING_TICK_SECONDS": "5", "SCHEDULING_JITTER_SECONDS": "0",
    "ORDER_EMAIL_SWEEP_SECONDS": "5", "ORDER_EMAIL_SWEEP_GRACE_SECONDS": "10",
})


# --- processes ---------------------------------------------------------------------------------
class Redis:
    """This benchmark's own redis-server (AOF on, as compose runs it), stopped and started at will."""

    def __init__(self):
        self.dir = WORK / "redis"
        self.dir.mkdir()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--dir", str(self.dir),
             "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"],
            stdout=open(WORK / "redis.log", "ab"), stderr=subprocess.STDOUT)  # noqa: SIM115
        wait_until(lambda: port_open(REDIS_PORT), "redis-server to listen")

    def stop(self) -> None:
        self.proc.terminate()  # SIGTERM: Redis flushes its AOF and exits, like `docker compose stop`
        self.proc.wait(30)


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)
    return result


class Stack:
    """gunicorn, uvicorn, a prefork Celery worker and beat on this benchmark's database and Redis."""

    def __init__(self):
        self.http, self.ws = free_port(), free_port()
        self.procs: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, command: list[str]) -> None:
        self.procs[name] = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, "REALTIME_PORT": str(self.ws)}, start_new_session=True,
            stdout=open(WORK / f"{name}.log", "ab"), stderr=subprocess.STDOUT, preexec_fn=raise_fd_limit)  # noqa: SIM115

    def start_ws(self) -> None:
        self._start("uvicorn", [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
                                "--port", str(self.ws), "--log-level", "warning", "--no-access-log", "--backlog", "4096"])
        wait_until(lambda: healthy(self.ws), "uvicorn")

    def start(self) -> None:
        self._start("gunicorn", [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
                                 f"127.0.0.1:{self.http}", "--workers", "3", "--log-level", "warning"])
        self.start_ws()
        self._start("worker", [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q",
                               os.environ["CELERY_TASK_DEFAULT_QUEUE"], "--pool", "prefork", "--concurrency", "2",
                               "-l", "warning"])
        self._start("beat", [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "warning",
                             "--scheduler", "celery.beat:PersistentScheduler", "--schedule", str(WORK / "beat")])
        wait_until(lambda: healthy(self.http), "gunicorn")

    def kill(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait(30)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def healthy(port: int) -> bool:
    try:
        return request(port, "GET", "localhost", "/healthz", timeout=2)[0] == 200
    except OSError:
        return False


def request(port: int, method: str, host: str, path: str, body: dict | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, dict | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers={"Host": host, "Content-Type": "application/json", "Accept": "application/json",
                              **(headers or {})})
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, {"raw": raw[:200].decode(errors="replace")}
    finally:
        conn.close()


# --- data --------------------------------------------------------------------------------------
def setup_django():
    import django

    django.setup()


def recreate_database() -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = ["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{BENCH_DB}"'], check=True)


ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def make_brands() -> list[dict]:
    """BRANDS brands, each with a location open around the clock, one item, a kitchen account."""
    from django.conf import settings
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import User
    from shared_apps.billing.models import Plan
    from tenant_apps.catalog import services as catalog
    from tenants.models import Tenant
    from tenants.services import provision_tenant

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    recreate_database()
    call_command("migrate_schemas", verbosity=0, interactive=False)
    Plan.objects.filter(code="pro").update(max_orders_per_month=None)
    brands = []
    for n in range(BRANDS):
        slug = f"faults-{n}"
        tenant = provision_tenant(slug, f"Faults {n}", owner_email=f"owner@{slug}.test",
                                  owner_password="bench-password-1", status=Tenant.Status.ACTIVE, plan_code="pro")
        with schema_context(tenant.schema_name):
            location = catalog.create_location(
                actor=None, enforce_plan_limit=False, name=f"Kitchen {n}", address="1 Loop", latitude=52.5,
                longitude=13.4, timezone="Europe/Berlin", hours=ALL_WEEK, delivery_enabled=False)
            menu = catalog.import_menu({"name": "Menu", "categories": [{"name": "Food", "items": [
                {"name": f"Dish of brand {n}", "price_cents": 1000 + n, "tax_category": "standard",
                 "modifier_groups": []}]}]}, locations=[location], actor=None)
            item = menu.categories.get().items.get()
            User.objects.create(email=f"kitchen@{slug}.test", role=User.Role.KITCHEN)
        brands.append({"slug": slug, "schema": tenant.schema_name, "host": tenant.primary_domain,
                       "location": str(location.pk), "item": str(item.pk), "dish": f"Dish of brand {n}"})
    return brands


def kitchen_token(brand: dict) -> str:
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import User
    from shared_apps.accounts.tokens import SchemaBoundRefreshToken

    with schema_context(brand["schema"]):
        return str(SchemaBoundRefreshToken.for_user(User.objects.get(email=f"kitchen@{brand['slug']}.test")).access_token)


def checkout_body(brand: dict, n: int) -> dict:
    return {"location": brand["location"], "fulfillment": "pickup", "payment_method": "cash",
            "contact": {"email": f"c{n}@{brand['slug']}.test", "name": f"Customer {n}", "phone": "+49301234"},
            "items": [{"item": brand["item"], "quantity": 1}]}


def database_orders(brands: list[dict]) -> dict:
    """Per brand: orders, their idempotency keys, created events, half-written orders (no lines or
    no created event), all read from the database."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenant_apps.orders.models import IdempotencyKey, Order, OrderEvent, OrderNotification

    connection.close()
    result = {}
    for brand in brands:
        with schema_context(brand["schema"]):
            orders = list(Order.objects.values_list("pk", flat=True))
            result[brand["slug"]] = {
                "orders": len(orders),
                "keys": IdempotencyKey.objects.count(),
                "half_written": Order.objects.filter(lines__isnull=True).count()
                + Order.objects.exclude(events__kind=OrderEvent.Kind.CREATED).count(),
                "created_events": [(seq, str(order_id)) for seq, order_id in OrderEvent.objects
                                   .filter(kind=OrderEvent.Kind.CREATED).values_list("seq", "order_id")],
                "numbers": dict(Order.objects.values_list("pk", "number")),
                "confirmations_recorded": OrderNotification.objects.filter(kind="confirmation").count(),
            }
    return result


# --- load --------------------------------------------------------------------------------------
class Checkouts:
    """CLIENTS threads placing pickup orders round robin over the brands until stopped. An answer
    that is not 201 (or none at all) is retried with the same key and body, as a storefront does,
    until it is a 201 or a 4xx."""

    def __init__(self, port: int, brands: list[dict]):
        self.port, self.brands = port, brands
        self.statuses: Counter = Counter()
        self.sent = 0
        self.created: dict[str, set[str]] = {b["slug"]: set() for b in brands}  # order ids answered 201
        self.keys_created: dict[str, str] = {}  # key -> order id
        self.wrong_brand = 0  # an answer naming another brand's item or location
        self.gave_up = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(CLIENTS)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(WAIT)

    def _one(self, brand: dict, n: int) -> None:
        key, body = str(uuid.uuid4()), checkout_body(brand, n)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with self.lock:
                self.sent += 1
            try:
                status, answer = request(self.port, "POST", brand["host"], "/api/v1/orders/", body,
                                         {"Idempotency-Key": key}, timeout=20)
            except OSError:
                status, answer = "no answer", None
            with self.lock:
                self.statuses[str(status)] += 1
            if status == 201:
                with self.lock:
                    if answer["lines"][0]["name"] != brand["dish"]:
                        self.wrong_brand += 1
                    self.created[brand["slug"]].add(answer["id"])
                    previous = self.keys_created.setdefault(key, answer["id"])
                    assert previous == answer["id"], "one key answered with two orders"
                return
            if isinstance(status, int) and 400 <= status < 500 and status != 429:
                return
            time.sleep(0.5)  # a 5xx, a 429 or no answer: the same request again, a little later
        with self.lock:
            self.gave_up += 1

    def _run(self, index: int) -> None:
        n = index
        while not self.stopping.is_set():
            self._one(self.brands[n % len(self.brands)], n)
            n += CLIENTS
            time.sleep(0.05)


class Boards:
    """Kitchen boards: a WebSocket each, in a thread of their own with one event loop. Each keeps
    the highest seq it applied and every created event's seq; when its socket drops it connects
    again with ?since=<highest>. A fresh access token for every connect (they live 5 minutes)."""

    def __init__(self, port: int, brands: list[dict], per_brand: int):
        self.port, self.brands = port, brands
        self.targets = [brands[i % len(brands)] for i in range(per_brand * len(brands))]
        self.tokens = {b["slug"]: kitchen_token(b) for b in brands}
        self.seen: list[set[str]] = [set() for _ in self.targets]  # order ids shown: by an event or a snapshot
        self.resyncs = 0
        self.high: list[int | None] = [None] * len(self.targets)
        self.connects = Counter()
        self.errors: Counter = Counter()
        self.open = 0
        self.stopping = False
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._main, daemon=True)

    def start(self):
        self.thread.start()
        wait_until(lambda: self.open == len(self.targets), f"{len(self.targets)} boards to connect", timeout=300)

    def stop(self):
        self.stopping = True
        self.thread.join(60)

    def _main(self):
        raise_fd_limit()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._all())

    async def _all(self):
        tasks = []
        for i in range(len(self.targets)):
            tasks.append(asyncio.create_task(self._board(i)))
            if i % 50 == 49:
                await asyncio.sleep(0.2)  # connect in waves, as boards do after a deploy
        while not self.stopping:
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _board(self, i: int):
        import websockets
        from websockets.asyncio.client import connect

        brand = self.targets[i]
        while not self.stopping:
            since = f"?since={self.high[i]}" if self.high[i] is not None else ""
            uri = f"ws://{brand['host']}:{self.port}/ws/kitchen/{brand['location']}/{since}"
            counted = False
            try:
                async with connect(uri, host="127.0.0.1", port=self.port, proxy=None, open_timeout=60,
                                   subprotocols=["bearer", self.tokens[brand["slug"]]], ping_interval=None,
                                   compression=None, max_size=None) as ws:
                    self.connects[i] += 1
                    async for raw in ws:
                        message = json.loads(raw)
                        kind = message.get("type")
                        if kind == "snapshot":  # the first, or a resync (a replay past the limit)
                            self.high[i] = message["seq"]
                            self.seen[i].update(order["id"] for order in message["orders"])
                            self.resyncs += message.get("reason") == "resync"
                        elif kind == "order.event":
                            self.high[i] = max(self.high[i] or 0, message["seq"])
                            self.seen[i].add(message["order"]["id"])
                        elif kind == "ping":
                            await ws.send('{"type":"pong"}')
                        if not counted:
                            counted = True
                            self.open += 1
            except (TimeoutError, OSError, websockets.WebSocketException) as exc:
                self.errors[type(exc).__name__] += 1
            finally:
                if counted:
                    self.open -= 1
            await asyncio.sleep(random.uniform(0.5, 1.5))  # back off, then resume with since

    def lost(self, events: dict[str, list[tuple[int, str]]], after: dict[int, int]) -> int:
        """(board, order) pairs created after the board's first seq that it never showed: neither
        an event of the order nor a snapshot listing it reached it."""
        missing = 0
        for i, brand in enumerate(self.targets):
            missing += sum(1 for seq, order_id in events[brand["slug"]] if seq > after[i] and order_id not in self.seen[i])
        return missing


# --- scenarios ---------------------------------------------------------------------------------
def sent_mail() -> Counter:
    """Message-ID -> how many times it was delivered, from the files Django's file backend wrote
    (several messages a file, separated by a line of 79 dashes)."""
    delivered: Counter = Counter()
    for path in MAIL_DIR.iterdir():
        for message in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            message_id = email.message_from_string(message.lstrip())["Message-ID"]  # long ones are folded
            if message_id:
                delivered[" ".join(message_id.split())] += 1
    return delivered


def confirmed_orders(delivered: Counter) -> set[str]:
    return {mid.split("-confirmation@")[0].removeprefix("<order-") for mid in delivered if "-confirmation@" in mid}


def order_ids(brands) -> set[str]:
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenant_apps.orders.models import Order

    connection.close()
    ids = set()
    for brand in brands:
        with schema_context(brand["schema"]):
            ids |= {str(pk) for pk in Order.objects.values_list("pk", flat=True)}
    return ids


def settle_and_count(brands, checkouts: Checkouts, boards: Boards | None, first_seq: dict[int, int],
                     before: dict, *, expect_mail: bool) -> dict:
    """The scenario's counts: orders made since `before` (order ids, deliveries by Message-ID)."""
    db = database_orders(brands)
    new_orders = order_ids(brands) - before["orders"]
    answered = set().union(*checkouts.created.values())
    result = {
        "requests_sent": checkouts.sent, "answers": dict(checkouts.statuses),
        "orders_answered_201": len(answered), "orders_created": len(new_orders),
        "duplicates": sum(d["orders"] for d in db.values()) - sum(d["keys"] for d in db.values()),
        "orders_without_an_answer": len(new_orders - answered),
        "half_written_orders": sum(d["half_written"] for d in db.values()),
        "answers_from_another_brand": checkouts.wrong_brand, "gave_up": checkouts.gave_up,
    }
    if expect_mail:
        try:
            wait_until(lambda: new_orders <= confirmed_orders(sent_mail()), "every confirmation e-mail", timeout=WAIT)
        except SystemExit:
            pass
        delivered = sent_mail()
        new = {mid: n for mid, n in delivered.items() if mid not in before["mail"]}
        result["emails_sent"] = len(new)
        result["emails_lost"] = len(new_orders - confirmed_orders(delivered))
        # The same e-mail delivered twice (sent, then its record lost with the database connection
        # before the commit): recognisable as one by its Message-ID, but counted here.
        result["emails_delivered_twice_same_message_id"] = sum(n - 1 for mid, n in delivered.items()
                                                               if n > 1 and before["mail"].get(mid, 0) < n)
    if boards is not None:
        events = {slug: d["created_events"] for slug, d in db.items()}
        try:
            wait_until(lambda: boards.lost(events, first_seq) == 0, "every board to catch up", timeout=WAIT)
        except SystemExit:
            pass
        result["board_events_expected"] = sum(sum(1 for s, _ in events[b["slug"]] if s > first_seq[i])
                                              for i, b in enumerate(boards.targets))
        result["board_resyncs"] = boards.resyncs
        result["board_events_lost"] = boards.lost(events, first_seq)
        result["boards"] = len(boards.targets)
        result["board_reconnects"] = sum(boards.connects.values()) - len(boards.targets)
        result["board_connect_errors"] = dict(boards.errors)
    result["lost"] = result["orders_without_an_answer"] + result.get("emails_lost", 0) + result.get("board_events_lost", 0)
    return result


def baseline(brands) -> dict:
    return {"orders": order_ids(brands), "mail": sent_mail()}


def start_boards(stack, brands, per_brand) -> tuple[Boards, dict[int, int]]:
    boards = Boards(stack.ws, brands, per_brand)
    boards.start()
    return boards, {i: boards.high[i] or 0 for i in range(len(boards.targets))}


def scenario_redis(stack: Stack, redis: Redis, brands: list[dict]) -> dict:
    before = baseline(brands)
    boards, first = start_boards(stack, brands, 2)
    checkouts = Checkouts(stack.http, brands)
    checkouts.start()
    time.sleep(SECONDS / 3)
    redis.stop()
    down_at = time.monotonic()
    readyz = []
    while time.monotonic() - down_at < SECONDS / 3:
        status, body = request(stack.http, "GET", "localhost", "/readyz", timeout=10)
        readyz.append({"status": status, "down": (body or {}).get("down") or (body or {}).get("fields", {}).get("down")})
        time.sleep(2)
    redis.start()
    time.sleep(SECONDS / 3)
    checkouts.stop()
    status, body = request(stack.http, "GET", "localhost", "/readyz", timeout=10)
    result = settle_and_count(brands, checkouts, boards, first, before, expect_mail=True)
    boards.stop()
    result["readyz_while_down"] = readyz[:3]
    result["readyz_after"] = status
    result["redis_down_seconds"] = round(SECONDS / 3, 1)
    return result


def terminate_backends() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def scenario_postgres(stack: Stack, brands: list[dict]) -> dict:
    before = baseline(brands)
    checkouts = Checkouts(stack.http, brands)
    checkouts.start()
    terminated = []
    started = time.monotonic()
    while time.monotonic() - started < SECONDS:
        time.sleep(SECONDS / 6)
        terminated.append(terminate_backends())
    checkouts.stop()
    # After the reconnects: each brand's menu is its own (a connection left on another schema's
    # search_path would answer another brand's items).
    foreign = 0
    for _ in range(3):
        for brand in brands:
            status, menu = request(stack.http, "GET", brand["host"], f"/api/v1/locations/{brand['location']}/menu/")
            text = json.dumps(menu)
            foreign += status != 200 or sum(1 for other in brands if other is not brand and other["dish"] in text)
    result = settle_and_count(brands, checkouts, None, {}, before, expect_mail=True)
    result["backends_terminated"] = terminated
    result["menus_with_another_brands_items"] = foreign
    return result


def scenario_ws(stack: Stack, brands: list[dict]) -> dict:
    before = baseline(brands)
    boards, first = start_boards(stack, brands, max(1, SOCKETS // len(brands)))
    checkouts = Checkouts(stack.http, brands)
    checkouts.start()
    time.sleep(SECONDS / 3)
    stack.kill("uvicorn")
    killed_at = time.monotonic()
    time.sleep(2)
    stack.start_ws()
    wait_until(lambda: boards.open == len(boards.targets), "every board to reconnect", timeout=300)
    reconnected_s = round(time.monotonic() - killed_at, 1)
    time.sleep(SECONDS / 3)
    checkouts.stop()
    result = settle_and_count(brands, checkouts, boards, first, before, expect_mail=False)
    boards.stop()
    result["all_reconnected_after_kill_s"] = reconnected_s
    return result


def main() -> None:
    raise_fd_limit()
    if shutil.which("redis-server") is None:
        sys.exit("bench-faults needs redis-server (apt-get install redis-server)")
    redis = Redis()
    redis.start()
    setup_django()
    brands = make_brands()
    stack = Stack()
    results = {}
    load_before = os.getloadavg()[0]
    try:
        stack.start()
        for name in SCENARIOS:
            started = time.monotonic()
            runner = {"redis": lambda: scenario_redis(stack, redis, brands),
                      "postgres": lambda: scenario_postgres(stack, brands),
                      "ws": lambda: scenario_ws(stack, brands)}[name]
            results[name] = {**runner(), "seconds": round(time.monotonic() - started, 1)}
            print(name, json.dumps(results[name]), flush=True)
    finally:
        stack.stop()
        redis.stop()
    RESULT.write_text(json.dumps({
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average_before": round(load_before, 2)},
        "settings": {"seconds_per_scenario": SECONDS, "checkout_clients": CLIENTS, "brands": BRANDS,
                     "sockets": SOCKETS},
        "scenarios": results,
    }, indent=2) + "\n")
    print(f"wrote {RESULT.relative_to(ROOT)}")
    if any(r["lost"] or r["duplicates"] for r in results.values()):
        print(f"something was lost or doubled: the processes' logs are in {WORK}")
    else:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
