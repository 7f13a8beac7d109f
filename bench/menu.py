"""Menu benchmark: the cached public menu against a trivial DRF endpoint, on a real gunicorn.

Writes bench/results/menu.json. Sets up its own database (brigade_bench_menu, dropped and
re-created) with 100 brands plus one brand whose location serves a 150-item menu with modifier
groups (nested ones included), starts gunicorn (sync workers, 2 x cores + 1) on a free loopback
port, and drives it with wrk (Debian package `wrk`) at 50 connections for a bounded time:

  - trivial: a DRF APIView answering {"ok": true} (no query, no cache) — the floor
  - brand:   GET /api/v1/brand/ (the storefront's theme; one small cached read)
  - menu:    GET /api/v1/locations/{id}/menu/, warm
  - menu_gzip: the same with Accept-Encoding: gzip (what every browser sends; served pre-compressed)
  - menu_304: the same with If-None-Match (what a returning browser sends)

Both endpoints pass through the whole middleware chain (host routing included) of the same
server in the same run; the result quotes the cached menu as a ratio to the floor. Cold latency
is a GET right after the brand's catalog version was bumped (the next reader rebuilds the tree
from the database), sampled sequentially. The load generator shares the machine's cores with
the server, as the floor does.

Run with `make bench-menu` (BENCH_DURATION=10 BENCH_CONNECTIONS=50 to change the load).
"""

import json
import os
import platform
import re
import statistics
import subprocess
import time
import urllib.request

import _server
from _server import CORES, ROOT, UNITS, WORKERS, percentile, start_server, stop_server

BENCH_DB = _server.configure("menu")

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
TENANTS = int(os.environ.get("BENCH_TENANTS", "100"))
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "30"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BRAND = "bench-menu"


import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from tenant_apps.catalog import cache as menu_cache  # noqa: E402
from tenant_apps.catalog import selectors, services  # noqa: E402
from tenant_apps.catalog.models import Item, Location, Modifier  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def menu_document(items: int = 150) -> dict:
    """10 categories x 15 items; every item has a required size, optional extras (one free) and
    a side whose first choice opens a nested dip group — what a real menu's heaviest items carry."""
    allergens = ["gluten", "milk", "eggs", "sesame", "soybeans", "mustard"]

    def mod(name, cents, groups=()):
        return {"name": name, "price_delta_cents": cents, "allergens": [allergens[len(name) % 6]], "groups": list(groups)}

    dips = {"name": "Dip", "min_select": 1, "max_select": 1, "required": True,
            "modifiers": [mod("Ketchup", 0), mod("Mayo", 0), mod("BBQ", 30), mod("Aioli", 50)]}
    groups = [
        {"name": "Size", "min_select": 1, "max_select": 1, "required": True,
         "modifiers": [mod("Regular", 0), mod("Large", 200), mod("Huge", 350)]},
        {"name": "Extras", "min_select": 0, "max_select": 4, "free_quantity": 1,
         "modifiers": [mod(f"Extra {n}", 50 + 10 * n) for n in range(6)]},
        {"name": "Side", "min_select": 0, "max_select": 1,
         "modifiers": [mod("Fries", 250, [dips]), mod("Salad", 250), mod("Slaw", 200)]},
    ]
    per_category = 15
    return {
        "name": "Bench menu",
        "categories": [
            {"name": f"Category {c}", "description": "Lorem ipsum dolor sit amet.", "items": [
                {"name": f"Item {c}-{i}", "description": "A fine dish with several ingredients, described in a sentence.",
                 "price_cents": 500 + 37 * i, "allergens": allergens[: 1 + i % 4], "dietary_tags": ["vegetarian"] if i % 3 else [],
                 "calories": 400 + i, "modifier_groups": groups}
                for i in range(per_category)
            ]}
            for c in range(items // per_category)
        ],
    }


def setup_data() -> tuple[Tenant, str]:
    _server.recreate_database(BENCH_DB)
    call_command("migrate_schemas", verbosity=0, interactive=False)
    for n in range(TENANTS):
        provision_tenant(f"brand-{n:03d}", f"Brand {n}", owner_email=f"owner@b{n}.test", owner_password="bench-password-1")
    tenant = provision_tenant(BRAND, "Bench Menu", owner_email="owner@bench.test", owner_password="bench-password-1",
                              status=Tenant.Status.ACTIVE)
    with schema_context(tenant.schema_name):
        location = services.create_location(
            actor=None, enforce_plan_limit=False, name="Bench", address="1 Loop", latitude=52.5, longitude=13.4,
            timezone="Europe/Berlin", hours={d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
        services.import_menu(menu_document(), locations=[location], actor=None)
        return tenant, str(location.id)


def get(port: int, host: str, path: str, headers: dict | None = None) -> tuple[int, bytes, dict, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, **(headers or {})})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return response.status, body, dict(response.headers), (time.perf_counter() - started) * 1000
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers), (time.perf_counter() - started) * 1000


def wrk(binary: str, port: int, host: str, path: str, headers: dict | None = None, duration: int = DURATION) -> dict:
    args = [binary, "-t", "2", "-c", str(CONNECTIONS), "-d", f"{duration}s", "--latency", "-H", f"Host: {host}"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    latency = {m[0]: round(float(m[1]) * UNITS[m[2]], 2) for m in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)", output, re.M)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency.get("50"), "p99_ms": latency.get("99"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else None,
    }


def main() -> None:
    binary = _server.require_wrk("bench-menu")
    tenant, location_id = setup_data()
    host = f"{BRAND}.{settings.BASE_DOMAIN}"
    menu_path = f"/api/v1/locations/{location_id}/menu/"
    with schema_context(tenant.schema_name):
        counts = {"items": Item.objects.count(), "modifiers": Modifier.objects.count(), "locations": Location.objects.count()}
        in_process = []
        for _ in range(COLD_SAMPLES):
            started = time.perf_counter()
            location = selectors.active_locations().get(pk=location_id)
            tree = selectors.location_menu_tree(location, timezone.now(), currency=tenant.currency)
            json.dumps(tree.data, default=str, separators=(",", ":"))
            in_process.append((time.perf_counter() - started) * 1000)
    connection.close()

    port = _server.free_port()
    server = start_server(port)
    try:
        status, body, headers, _ = get(port, host, menu_path)
        assert status == 200, (status, body[:300])
        assert get(port, host, menu_path, {"If-None-Match": headers["ETag"]})[0] == 304
        assert get(port, host, "/bench/trivial/")[0] == 200
        gzip_status, gzip_body, gzip_headers, _ = get(port, host, menu_path, {"Accept-Encoding": "gzip"})
        assert gzip_status == 200 and gzip_headers.get("Content-Encoding") == "gzip"

        cold = []
        for _ in range(COLD_SAMPLES):
            with schema_context(tenant.schema_name):
                menu_cache.bump_version()  # what a committed catalog change does
            cold.append(get(port, host, menu_path)[3])
        warm_single = [get(port, host, menu_path)[3] for _ in range(COLD_SAMPLES)]

        for path in ("/bench/trivial/", menu_path):  # warm every worker, and the machine
            wrk(binary, port, host, path, duration=2)
        rounds = []
        for _ in range(ROUNDS):  # interleaved, so drift of a shared machine hits both alike
            rounds.append({
                "trivial": wrk(binary, port, host, "/bench/trivial/"),
                "menu": wrk(binary, port, host, menu_path),
                "menu_gzip": wrk(binary, port, host, menu_path, {"Accept-Encoding": "gzip"}),
            })
        brand = wrk(binary, port, host, "/api/v1/brand/")
        menu_304 = wrk(binary, port, host, menu_path, {"If-None-Match": headers["ETag"]})
    finally:
        stop_server(server)

    def best(name):  # the best round of each: noise on a shared machine only ever slows down
        return max((r[name] for r in rounds), key=lambda r: r["requests_per_s"])

    def round_ratios(name):
        return [round(r[name]["requests_per_s"] / r["trivial"]["requests_per_s"], 3) for r in rounds]

    trivial, menu, menu_gzip = best("trivial"), best("menu"), best("menu_gzip")
    # Headline: the median of the per-round ratios (each round measures both back to back).
    ratio = statistics.median(round_ratios("menu"))
    gzip_ratio = statistics.median(round_ratios("menu_gzip"))
    result = {
        "what": "GET /api/v1/locations/{id}/menu/ served from cache vs a trivial DRF endpoint, same gunicorn, same run",
        "machine": {"cores": CORES, "cpu": platform.processor() or platform.machine(), "python": platform.python_version()},
        "server": {"gunicorn_workers": WORKERS, "worker_class": "sync", "settings": "config.settings.dev (DEBUG off)"},
        "load": {"tool": "wrk", "threads": 2, "connections": CONNECTIONS, "duration_s": DURATION,
                 "note": "wrk runs on the same cores as the server"},
        "data": {"tenants_present": TENANTS + 1, **counts, "menu_body_bytes": len(body), "menu_gzip_bytes": len(gzip_body)},
        "trivial_drf": trivial,
        "brand_endpoint": brand,
        "menu_cached": menu,
        "menu_cached_gzip": menu_gzip,
        "menu_304_if_none_match": menu_304,
        "rounds": rounds,
        "menu_vs_trivial_throughput_ratio": ratio,
        "per_round_ratios": {"menu": round_ratios("menu"), "menu_gzip": round_ratios("menu_gzip")},
        "ratio_of_best_rounds": round(menu["requests_per_s"] / trivial["requests_per_s"], 3),
        "menu_gzip_vs_trivial_throughput_ratio": gzip_ratio,
        "cold_menu_ms": {"p50": percentile(cold, 0.5), "p99": percentile(cold, 0.99), "max": round(max(cold), 2),
                         "samples": COLD_SAMPLES, "how": "GET right after a version bump: tree rebuilt from the database"},
        "cold_build_in_process_ms": {"p50": percentile(in_process, 0.5), "max": round(max(in_process), 2),
                                     "how": "selectors.location_menu_tree + JSON, no HTTP"},
        "warm_single_request_ms": {"p50": percentile(warm_single, 0.5), "p99": percentile(warm_single, 0.99)},
        "targets": {"ratio_at_least": 0.7, "cold_p50_under_ms": 150},
        "meets_targets": {"ratio": ratio >= 0.7, "ratio_gzip": gzip_ratio >= 0.7, "cold": percentile(cold, 0.5) < 150},
    }
    out = ROOT / "bench" / "results" / "menu.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("menu_vs_trivial_throughput_ratio", "menu_gzip_vs_trivial_throughput_ratio",
                                              "cold_menu_ms", "meets_targets")}, indent=2))
    print(f"trivial {trivial['requests_per_s']} req/s, menu {menu['requests_per_s']} req/s → {out}")


if __name__ == "__main__":
    main()
