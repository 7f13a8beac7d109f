"""Real-time benchmark: order commit → kitchen socket latency, messages lost, memory per socket.

Writes bench/results/realtime.json. Two phases, each with real processes on loopback only:
  - 500 kitchen sockets across 50 brands (10 per brand, one location each), one uvicorn process;
  - 2,000 sockets across the same 50 brands, split over two uvicorn processes.
In each, a driver commits orders at BENCH_RATE per second (default 20) for BENCH_SECONDS (default
30) into random brands, the way checkout does (an `Order` and its `created` OrderEvent in one
transaction; the real after-commit hook publishes). The clients — a separate process with the
`websockets` library, answering the server's pings like a real board — record when each event
arrives. Latency = arrival − commit (an on_commit callback registered before the publisher's,
so publishing is inside the measured time); lost = (event, socket) pairs never received;
duplicates are counted too. Memory per socket = growth of the servers' RSS from one warm socket
to all sockets open, divided by the sockets. CPU per delivery = the servers' CPU time while orders
are driven, divided by the deliveries: what the machine's other load sways least.

Each phase first runs the floor (bench/realtime_floor.py: a bare consumer, no database, the
driver sending straight to the groups) with the same sockets and schedule, and reports Brigade's
latency as a ratio to it: the machine is shared, and absolute figures swing with its load
(recorded as `load_average_before`).

Run with `make bench-realtime`; uses its own database (brigade_bench_rt), dropped and re-created.
Everything stops by itself; all traffic goes to 127.0.0.1.
"""

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
BENCH_DB = os.environ.get("BENCH_DATABASE", "brigade_bench_rt")
base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{base_url}/{BENCH_DB}"
os.environ["TENANT_REFILL_AFTER_CLAIM"] = "false"
os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")

BRANDS = int(os.environ.get("BENCH_BRANDS", "50"))
RATE = float(os.environ.get("BENCH_RATE", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
PHASES = [  # (sockets, server processes)
    tuple(int(x) for x in phase.split("x"))
    for phase in os.environ.get("BENCH_PHASES", "500x1,2000x2").split(",")
]
RESULT = ROOT / "bench" / "results" / "realtime.json"
_order_numbers = itertools.count(1)  # unique per location and day across phases
PUBLISH_MS: list[float] = []  # commit → publisher done, in the committing process
SLUG_PREFIX = "rtb"


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- clients (a separate process: `realtime.py --clients SPEC_FILE`) -------------------------
async def run_clients(spec: dict) -> dict:
    """Open every socket, say READY, record arrivals until STOP arrives on stdin."""
    import websockets
    from websockets.asyncio.client import connect

    arrivals: list[tuple[int, int, float]] = []  # (socket index, seq, arrival time)
    connected: list[int] = []
    errors: list[str] = []
    ready = 0
    all_ready = asyncio.Event()

    async def one(index: int, target: dict):
        nonlocal ready
        uri = f"ws://{target['host']}:{target['port']}/ws/kitchen/{target['location']}/"
        try:
            # host= sends the TCP connection to loopback while the Host header names the brand;
            # proxy=None: never through a proxy from the environment.
            async with connect(uri, host="127.0.0.1", port=target["port"], proxy=None, open_timeout=60,
                               subprotocols=["bearer", target["token"]], ping_interval=None, compression=None,
                               max_size=None) as ws:
                snapshot = json.loads(await ws.recv())
                assert snapshot["type"] == "snapshot", snapshot
                connected.append(index)
                ready += 1
                if ready == len(spec["targets"]):
                    all_ready.set()
                # Until STOP cancels this task. No timeout per receive: 2,000 sockets each waking
                # twice a second cost the clients more CPU than the servers spent delivering.
                async for raw in ws:
                    now = time.time()
                    message = json.loads(raw)
                    if message["type"] == "order.event":
                        arrivals.append((index, message["seq"], now))
                    elif message["type"] == "ping":
                        await ws.send('{"type":"pong"}')
        except (OSError, websockets.WebSocketException, AssertionError) as exc:
            errors.append(f"{index}: {exc!r}")
            if len(errors) + ready >= len(spec["targets"]):
                all_ready.set()

    tasks = []
    batch = 50  # connect in waves (250 a second), as boards come online after a deploy
    for start in range(0, len(spec["targets"]), batch):
        for index in range(start, min(start + batch, len(spec["targets"]))):
            tasks.append(asyncio.create_task(one(index, spec["targets"][index])))
        await asyncio.sleep(0.2)
    await asyncio.wait_for(all_ready.wait(), timeout=300)
    print(f"READY {ready} {len(errors)}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # STOP
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"arrivals": arrivals, "connected": connected, "errors": errors[:20], "error_count": len(errors),
            "ready": ready}


def clients_main(spec_path: str) -> None:
    raise_fd_limit()
    spec = json.loads(Path(spec_path).read_text())
    result = asyncio.run(run_clients(spec))
    Path(spec["out"]).write_text(json.dumps(result))


# --- orchestration ---------------------------------------------------------------------------
def setup_django():
    import django

    django.setup()


def recreate_database() -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    admin = ["psql", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", "postgres", "-q", "-c"]
    subprocess.run([*admin, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'], check=True)
    subprocess.run([*admin, f'CREATE DATABASE "{BENCH_DB}"'], check=True)


def make_brands() -> list[dict]:
    """BRANDS brands, each with one location and one kitchen user; returns what clients need."""
    from django.conf import settings
    from django.core.management import call_command
    from django_tenants.utils import tenant_context

    from shared_apps.accounts.models import User
    from shared_apps.accounts.tokens import SchemaBoundRefreshToken
    from tenant_apps.catalog.models import Location
    from tenants.services import provision_tenant

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate_schemas", "--noinput", verbosity=0)
    brands = []
    for n in range(BRANDS):
        slug = f"{SLUG_PREFIX}-{n:02d}"
        tenant = provision_tenant(slug, f"Bench {n}", owner_email=f"owner@{slug}.test", owner_password="x" * 12)
        with tenant_context(tenant):
            location = Location.objects.create(name="Main", address="1 Loop Road", latitude=0, longitude=0)
            cook = User.objects.create(email=f"kitchen@{slug}.test", role=User.Role.KITCHEN)
            token = str(SchemaBoundRefreshToken.for_user(cook).access_token)
        brands.append({"tenant": tenant, "host": tenant.primary_domain, "location": str(location.id), "token": token})
    return brands


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_servers(count: int, app: str = "config.asgi:application") -> list[tuple[subprocess.Popen, int]]:
    servers = []
    env = {**os.environ, "REALTIME_HEARTBEAT_SECONDS": "20", "DB_CONN_MAX_AGE": "600"}
    for _ in range(count):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "--no-access-log", "--backlog", "4096"],
            cwd=ROOT, env=env, preexec_fn=raise_fd_limit,
        )
        servers.append((proc, port))
    for proc, port in servers:
        wait_for_port(port, proc)
    return servers


def wait_for_port(port: int, proc: subprocess.Popen) -> None:
    import socket

    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn on {port} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"uvicorn on {port} did not start")


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(brands: list[dict], seconds: float, rate: float) -> dict[tuple[str, int], float]:
    """Commit orders into random brands at `rate`/s; return {(schema, seq): commit time}."""
    from django.db import transaction
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from tenant_apps.orders.events import record_event
    from tenant_apps.orders.models import Order

    commits: dict[tuple[str, int], float] = {}
    rng = random.Random(7)
    interval = 1 / rate
    started = time.perf_counter()
    count = int(seconds * rate)
    for i in range(count):
        delay = started + i * interval - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        brand = rng.choice(brands)
        tenant = brand["tenant"]
        with tenant_context(tenant):
            holder = {}
            with transaction.atomic():
                now = timezone.now()
                order = Order.objects.create(
                    location_id=brand["location"], location_name="Main", number=next(_order_numbers), business_date=now.date(),
                    status=Order.Status.PLACED, fulfillment=Order.Fulfillment.PICKUP, contact_email="c@bench.test",
                    currency="EUR", prices_include_tax=True, subtotal_cents=1000, tax_cents=160, total_cents=1000,
                    payment_method=Order.PaymentMethod.CASH, placed_at=now,
                )
                # Registered before record_event's hook, so it runs first after COMMIT: the
                # publisher's own time is inside the measured latency.
                transaction.on_commit(lambda h=holder: h.setdefault("t", time.time()))
                event = record_event(order, kind="created", from_status="", to_status=Order.Status.PLACED, actor=None)
            commits[(tenant.schema_name, event.seq)] = holder["t"]
            PUBLISH_MS.append((time.time() - holder["t"]) * 1000)
    return commits


def drive_floor(brands: list[dict], seconds: float, rate: float) -> dict[tuple[str, int], float]:
    """The floor's driver: the same schedule, straight to the groups, no database."""
    from tenant_apps.realtime.publish import send_to_groups

    sent: dict[tuple[str, int], float] = {}
    rng = random.Random(7)
    started = time.perf_counter()
    for i in range(int(seconds * rate)):
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        brand = rng.choice(brands)
        seq = 10_000_000 + i
        sent[(brand["tenant"].schema_name, seq)] = time.time()
        send_to_groups([(f"floor.{brand['location']}", {"type": "order.event", "seq": seq})])
        PUBLISH_MS.append((time.time() - sent[(brand["tenant"].schema_name, seq)]) * 1000)
    return sent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_phase(brands: list[dict], sockets: int, processes: int, floor: bool = False) -> dict:
    load_before = [round(x, 2) for x in os.getloadavg()]  # the machine is shared: say how busy it was
    servers = start_servers(processes, "bench.realtime_floor:application" if floor else "config.asgi:application")
    try:
        # One warm socket per server (imports, connection pools) before the memory baseline.
        targets = []
        for i in range(sockets):
            brand = brands[i % len(brands)]
            _, port = servers[i % processes]
            targets.append({"host": brand["host"], "port": port, "location": brand["location"], "token": brand["token"],
                            "schema": brand["tenant"].schema_name})
        warm = run_client_process(targets[:processes], hold=False)
        assert warm["ready"] == processes, warm
        rss_before = [rss_bytes(proc.pid) for proc, _ in servers]

        spec_out = ROOT / "bench" / "results" / f".realtime-clients-{sockets}.json"
        client = start_client_process(targets, spec_out)
        line = client.stdout.readline().split()
        connected, failed = int(line[1]), int(line[2])
        time.sleep(2)  # let the servers settle after the snapshots
        rss_after = [rss_bytes(proc.pid) for proc, _ in servers]

        PUBLISH_MS.clear()
        cpu_before = [cpu_seconds(proc.pid) for proc, _ in servers] + [cpu_seconds(client.pid)]
        commits = (drive_floor if floor else drive)(brands, SECONDS, RATE)
        time.sleep(3)  # stragglers
        cpu_after = [cpu_seconds(proc.pid) for proc, _ in servers] + [cpu_seconds(client.pid)]
        load_after = [round(x, 2) for x in os.getloadavg()]
        client.stdin.write("STOP\n")
        client.stdin.flush()
        client.wait(timeout=120)
        result = json.loads(spec_out.read_text())
        spec_out.unlink()
    finally:
        for proc, _ in servers:
            proc.send_signal(signal.SIGTERM)
        for proc, _ in servers:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    # Deliveries are expected on the sockets that connected; failed connections are counted apart.
    sockets_of_schema: dict[str, list[int]] = {}
    for index in result["connected"]:
        sockets_of_schema.setdefault(targets[index]["schema"], []).append(index)
    expected = sum(len(sockets_of_schema.get(schema, ())) for schema, _ in commits)
    seen: set[tuple[int, int]] = set()
    latencies = []
    duplicates = 0
    for index, seq, arrived in result["arrivals"]:
        schema = targets[index]["schema"]
        key = (index, seq)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        if (schema, seq) in commits:
            latencies.append((arrived - commits[(schema, seq)]) * 1000)
    received = sum(1 for index, seq in seen if (targets[index]["schema"], seq) in commits)
    growth = sum(rss_after) - sum(rss_before)
    return {
        "app": "floor: bare consumer, no database" if floor else "config.asgi (Brigade)",
        "load_average_before": load_before,
        "sockets": sockets,
        "server_processes": processes,
        "brands": len(brands),
        "orders_per_second": RATE,
        "seconds": SECONDS,
        "events": len(commits),
        "deliveries_expected": expected,
        "deliveries_received": received,
        "messages_lost": expected - received,
        "duplicates": duplicates,
        "sockets_connected": connected,
        "sockets_failed": failed,
        "latency_ms": {
            "p50": round(percentile(latencies, 50), 2) if latencies else None,
            "p99": round(percentile(latencies, 99), 2) if latencies else None,
            "max": round(max(latencies), 2) if latencies else None,
            "mean": round(statistics.fmean(latencies), 2) if latencies else None,
        },
        "publish_ms_in_committing_process": {"p50": round(percentile(PUBLISH_MS, 50), 2),
                                             "p99": round(percentile(PUBLISH_MS, 99), 2)},
        # CPU the servers and the clients' process spent while orders were driven (and 3 s of
        # stragglers): what a delivery costs, less swayed by the machine's other load than latency.
        "cpu_seconds_while_driving": {
            "servers": round(sum(cpu_after[:-1]) - sum(cpu_before[:-1]), 2),
            "clients": round(cpu_after[-1] - cpu_before[-1], 2),
        },
        "server_cpu_ms_per_delivery": round((sum(cpu_after[:-1]) - sum(cpu_before[:-1])) * 1000 / max(received, 1), 3),
        "load_average_after": load_after,
        "memory_per_socket_kib": round(growth / max(connected, 1) / 1024, 1),
        "server_rss_mib_with_all_sockets": [round(r / 2**20, 1) for r in rss_after],
        "client_errors": result["errors"],
    }


def start_client_process(targets: list[dict], out: Path) -> subprocess.Popen:
    spec_path = out.with_suffix(".spec")
    spec_path.write_text(json.dumps({"targets": targets, "out": str(out)}))
    return subprocess.Popen([sys.executable, __file__, "--clients", str(spec_path)], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, preexec_fn=raise_fd_limit)


def run_client_process(targets: list[dict], hold: bool) -> dict:
    out = ROOT / "bench" / "results" / ".realtime-warm.json"
    client = start_client_process(targets, out)
    client.stdout.readline()
    client.stdin.write("STOP\n")
    client.stdin.flush()
    client.wait(timeout=60)
    result = json.loads(out.read_text())
    out.unlink()
    out.with_suffix(".spec").unlink()
    return result


def main() -> None:
    raise_fd_limit()
    setup_django()
    recreate_database()
    from django.db import connection

    connection.close()
    started = time.time()
    brands = make_brands()
    setup_seconds = round(time.time() - started, 1)
    phases = []
    for sockets, processes in PHASES:
        pair = {}
        for floor in (True, False):  # the floor right before, on the same machine state
            print(f"phase: {sockets} sockets over {processes} uvicorn process(es), floor={floor}", flush=True)
            pair["floor" if floor else "brigade"] = run_phase(brands, sockets, processes, floor=floor)
            print(json.dumps({k: v for k, v in pair["floor" if floor else "brigade"].items() if k != "client_errors"}),
                  flush=True)
            for spec in (ROOT / "bench" / "results").glob(".realtime-clients-*.spec"):
                spec.unlink()
        ours, base = pair["brigade"]["latency_ms"], pair["floor"]["latency_ms"]
        pair["latency_ratio_to_floor"] = {
            q: round(ours[q] / base[q], 2) if ours[q] and base[q] else None for q in ("p50", "p99")
        }
        pair["server_cpu_per_delivery_ratio_to_floor"] = round(
            pair["brigade"]["server_cpu_ms_per_delivery"] / pair["floor"]["server_cpu_ms_per_delivery"], 2)
        phases.append(pair)
    result = {
        "benchmark": "realtime",
        "what": "order commit → kitchen WebSocket delivery through channels-redis and uvicorn (config.asgi)",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "targets": {"p99_ms_at_500": 50, "p99_ms_at_2000": 100, "messages_lost": 0},
        "floor_from_issue": {"note": "bare Channels consumer, no database, same machine kind",
                             "500_sockets": {"p50_ms": 4.6, "p99_ms": 8.4, "lost": 0},
                             "2000_sockets_one_process": {"p99_ms": 680, "lost_fraction": 0.13}},
        "setup_seconds": setup_seconds,
        "phases": phases,
    }
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients")
    args = parser.parse_args()
    if args.clients:
        clients_main(args.clients)
    else:
        threading.current_thread().name = "bench"
        main()
