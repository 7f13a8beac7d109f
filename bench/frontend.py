"""Front-end benchmark (issue 13): the storefront's JavaScript and the time to the first menu item.

Writes bench/results/frontend.json.

1. Size: from Vite's manifest (frontend/dist/.vite/manifest.json), the JavaScript a customer
   downloads to see a menu — the entry chunk, the storefront layout and the menu page, with
   every chunk they import statically — each file gzip-compressed (level 9, as the server's
   pre-compressed copies). Budget: < 150 kB. The consoles' chunks are listed to show that none
   of them is in that set; the whole storefront area (every page) is reported too.
2. Time: its own database (brigade_bench_frontend, dropped and re-created) with the demo brands
   (`seed_demo`), one gunicorn (the WSGI app serves frontend/dist, as in `make run`) on a free
   loopback port, and Debian's chromium driven by Playwright. Each round:
     - cold: a new browser context (empty HTTP cache) opens burger's menu page
       (`/l/<location>`) and records `performance.now()` at the first animation frame after the
       first menu item is in the DOM — navigation start to the first item visible;
     - warm: the same context opens the page again (hashed assets from the cache, index.html
       and the menu revalidated);
     - floor: in the same context, `GET /api/v1/locations/<id>/menu/` alone (fetch with
       `cache: "no-store"`), timed in the page: the least any menu page could take.
   Every round is reported with the load average at its start, and the medians with their ratio
   to the floor. The machine is shared: read the ratios, not the milliseconds.

3. The kitchen board (bench/board.py): 200 open orders rendering, then 20 events a second from
   real transitions over its WebSocket, the longest frame by the Long Animation Frames API;
   the board route's and the console's JavaScript, gzip.

Run with `make bench-frontend` (BENCH_ROUNDS=7 for more rounds). It builds the front end first.
"""

import gzip
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import _server
import board
from _server import ROOT, start_server, stop_server

BENCH_DB = _server.configure("frontend")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BUDGET_BYTES = 150 * 1000
DIST = ROOT / "frontend" / "dist"
CHROMIUM = os.environ.get("BRIGADE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MENU_ROUTE = ["index.html", "src/storefront/StorefrontLayout.vue", "src/storefront/pages/MenuPage.vue"]

FIRST_ITEM = """
window.__firstItem = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('[data-test^="item-"]')) {
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstItem = performance.now(); });
  }
}).observe(document, {childList: true, subtree: true});
"""
MENU_ALONE = """async (url) => {
  const start = performance.now();
  const response = await fetch(url, {cache: "no-store"});
  await response.json();
  return performance.now() - start;
}"""


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def chunks_of(manifest: dict, roots: list[str]) -> set[str]:
    """The JavaScript files of `roots` and of every chunk they import statically."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        key = todo.pop()
        if key in seen or key not in manifest:
            continue
        seen.add(key)
        todo.extend(manifest[key].get("imports", []))
    return {manifest[key]["file"] for key in seen if manifest[key]["file"].endswith(".js")}


def sizes() -> dict:
    manifest = json.loads((DIST / ".vite" / "manifest.json").read_text())
    route = chunks_of(manifest, MENU_ROUTE)
    area = chunks_of(manifest, MENU_ROUTE + [k for k in manifest if k.startswith("src/storefront/")])
    consoles = chunks_of(manifest, [k for k in manifest if k.startswith(("src/console/", "src/platform/"))]) - area
    route_bytes = {name: gzip_size(DIST / name) for name in sorted(route)}
    total = sum(route_bytes.values())
    return {
        "storefront_menu_route_js_gzip_bytes": total,
        "budget_bytes": BUDGET_BYTES,
        "within_budget": total < BUDGET_BYTES,
        "files": route_bytes,
        "storefront_all_pages_js_gzip_bytes": sum(gzip_size(DIST / name) for name in area),
        "console_and_platform_chunks": sorted(consoles),
        "consoles_in_storefront_route": sorted(route & consoles),
        "console": console_sizes(manifest),
    }


BOARD_ROUTE = ["index.html", "src/console/board/BoardPage.vue"]


def console_sizes(manifest: dict) -> dict:
    """The kitchen board's route (entry chunk included) and every console chunk beyond the entry."""
    entry = chunks_of(manifest, ["index.html"])
    board = chunks_of(manifest, BOARD_ROUTE)
    console = chunks_of(manifest, [k for k in manifest if k.startswith("src/console/")]) - entry
    return {
        "board_route_js_gzip_bytes": sum(gzip_size(DIST / name) for name in board),
        "board_route_files": {name: gzip_size(DIST / name) for name in sorted(board)},
        "console_js_gzip_bytes_beyond_entry": sum(gzip_size(DIST / name) for name in console),
    }


def seed() -> tuple[str, str]:
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from shared_apps.demo.seed import seed_demo
    from tenant_apps.catalog.models import Location
    from tenants.models import Tenant

    _server.recreate_database(BENCH_DB)
    call_command("migrate_schemas", interactive=False, verbosity=0)
    seed_demo()
    tenant = Tenant.objects.get(slug="burger")
    with schema_context(tenant.schema_name):
        location = Location.objects.order_by("name").first()
    return "burger", str(location.id)


def time_rounds(port: int, slug: str, location: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    origin = f"http://{slug}.localhost:{port}"
    rounds = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for index in range(ROUNDS):
                load = os.getloadavg()
                # bypass_csp: the page's CSP (no eval) would refuse Playwright's wait_for_function predicates
                context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
                context.add_init_script(FIRST_ITEM)
                page = context.new_page()
                timings = {}
                for kind in ("cold", "warm"):
                    page.goto(f"{origin}/l/{location}")
                    page.wait_for_function("window.__firstItem !== null", timeout=60_000)
                    timings[kind] = round(page.evaluate("window.__firstItem"), 1)
                timings["floor"] = round(page.evaluate(MENU_ALONE, f"/api/v1/locations/{location}/menu/"), 1)
                context.close()
                rounds.append({"round": index + 1, "load_average_1m": round(load[0], 2), **{f"{k}_ms": v for k, v in timings.items()}})
                print(f"round {index + 1}: cold {timings['cold']} ms, warm {timings['warm']} ms, "
                      f"menu API alone {timings['floor']} ms (load {load[0]:.2f})", flush=True)
        finally:
            browser.close()
    return rounds


def main() -> None:
    if not (DIST / ".vite" / "manifest.json").exists():
        sys.exit("frontend/dist has no manifest: run `make frontend-build` first")
    import django

    django.setup()
    size = sizes()
    print(f"storefront menu route JS: {size['storefront_menu_route_js_gzip_bytes'] / 1000:.1f} kB gzip "
          f"(budget {BUDGET_BYTES / 1000:.0f} kB)", flush=True)
    slug, location = seed()
    port, ws_port = _server.free_port(), _server.free_port()
    os.environ["REALTIME_PORT"] = str(ws_port)  # the brand's realtime_url names the WebSocket server
    server = start_server(port)
    ws_server = board.start_uvicorn(ws_port)
    try:
        rounds = time_rounds(port, slug, location)
        board_result = board.rounds(port, ws_port, slug, CHROMIUM, CHROMIUM_ARGS)
    finally:
        stop_server(ws_server)
        stop_server(server)
    median = {kind: statistics.median(r[f"{kind}_ms"] for r in rounds) for kind in ("cold", "warm", "floor")}
    result = {
        "benchmark": "frontend",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "size": size,
        "first_menu_item": {
            "what": "navigation start to the first animation frame after the first menu item is in the DOM (chromium, 1280x900)",
            "floor": "GET /api/v1/locations/{id}/menu/ alone, fetched by the same page (no-store)",
            "rounds": rounds,
            "median_ms": median,
            "cold_vs_floor": round(median["cold"] / median["floor"], 2),
            "warm_vs_floor": round(median["warm"] / median["floor"], 2),
        },
        "kitchen_board": board_result,
    }
    out = ROOT / "bench" / "results" / "frontend.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"cold {median['cold']} ms ({result['first_menu_item']['cold_vs_floor']}x the menu API), "
          f"warm {median['warm']} ms ({result['first_menu_item']['warm_vs_floor']}x); wrote {out}")


if __name__ == "__main__":
    main()
