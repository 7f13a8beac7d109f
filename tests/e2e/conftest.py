"""Browser tests: a live Brigade and Debian's chromium driven by Playwright (Python).

`live_site` (once per session; not pytest-django's `live_server`, a thread in this process): the
test database as every test has it (migrated, spare schemas, brands alpha and bravo), plus the demo brands of `make run` (`seed_demo`: burger, sushi,
and pizza suspended, with their staff, customers, catalogs and orders, password `DEMO_PASSWORD`),
served by gunicorn (HTTP: API, admin, the built front end) and uvicorn (/ws/) on free ports, and
a Celery worker on a queue of its own. The brand endpoint's `realtime_url` names the uvicorn
port, as in `make run`.

`browser` (once per package) and `page` (one per test, in its own context: no cookie, storage
or cache is shared between tests). Chromium is Debian's `/usr/bin/chromium`; nothing downloads a
browser (never `playwright install`). Without it the tests skip, except in CI (`CI=true`),
where they fail. Every test here is marked `browser` (`-m "not browser"` leaves them out).
"""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import tenant_context

from shared_apps.demo.seed import DEMO_BRANDS, DEMO_PASSWORD, PLATFORM_ADMIN_EMAIL, seed_demo
from tenant_apps.catalog import rules
from tenant_apps.catalog.models import Location
from tenant_apps.catalog.services import update_location
from tenants import provisioning
from tenants.models import Tenant
from tests.conftest import eager_tasks
from tests.servers import ROOT, Servers, django_servers

CHROMIUM = Path(os.environ.get("BRIGADE_CHROMIUM", "/usr/bin/chromium"))
# Headless in a container: no sandbox (root, no user namespaces), no GPU, and nothing that phones
# home (component updates, sync, background fetches) and so could make a run depend on the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"  # screenshots and the servers' logs; ignored by git
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveSite:
    http_port: int
    ws_port: int
    servers: Servers | None = None  # kill_ws() / start_ws(): the WebSocket server's process
    password: str = DEMO_PASSWORD
    platform_admin: str = PLATFORM_ADMIN_EMAIL

    @property
    def platform_url(self) -> str:
        return f"http://localhost:{self.http_port}"

    def url(self, slug: str) -> str:
        """A brand's storefront: `http://<slug>.localhost:<port>` (chromium resolves *.localhost to loopback)."""
        return f"http://{slug}.localhost:{self.http_port}"

    def realtime_url(self, slug: str) -> str:
        """What the brand endpoint answers as `realtime_url` on this server."""
        return f"ws://{slug}.localhost:{self.ws_port}/ws/"

    @property
    def burger_url(self) -> str:
        return self.url("burger")

    @property
    def sushi_url(self) -> str:
        return self.url("sushi")


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker, tmp_path_factory) -> LiveSite:
    """The demo brands committed in the test database, served by real processes for the session."""
    media = tmp_path_factory.mktemp("live-media")  # the demo logos, written here and served by gunicorn
    with django_db_blocker.unblock(), eager_tasks(), override_settings(MEDIA_ROOT=media):
        seed_demo()
        open_around_the_clock(DEMO_BRANDS)
        provisioning.fill_spare_pool()  # seeding claimed spares; other tests expect a full pool
        connection.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with django_servers(env={"MEDIA_ROOT": str(media)}, logs=ARTIFACTS, workers=2,
                        celery_queue=f"e2e-{uuid.uuid4().hex[:8]}") as ports:
        yield LiveSite(http_port=ports.http, ws_port=ports.ws, servers=ports)


def open_around_the_clock(brands) -> None:
    """The demo's locations keep real hours (closed at night, on Christmas Day); here they are open
    every minute of the week, so a browser test orders whatever the hour or date it runs at.
    Closed states are tested on their own, with a clock the test sets (tests/catalog)."""
    always = {day: [["00:00", "24:00"]] for day in rules.WEEKDAYS}
    for brand in brands:
        with tenant_context(Tenant.objects.get(slug=brand.slug)):
            for location in Location.objects.all():
                update_location(location, actor=None, hours=always, hours_exceptions=[])


@pytest.fixture(scope="session")
def demo_brands():
    """slug → DemoBrand (name, currency, timezone, plan, status) of the seeded demo."""
    return {brand.slug: brand for brand in DEMO_BRANDS}


def _chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: browser tests need Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser(live_site):
    """Chromium, headless. Started after the live server, whose processes must not inherit the
    environment variable set here."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs its own event loop on this thread while the browser is open, so
    # Django would take every ORM call of a test for one made from async code. It is not: the
    # loop only carries the browser's messages. Scoped to this package, so other tests keep the check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def context(browser, request):
    """A fresh browser context per test; a failed test leaves a screenshot in test-artifacts/e2e/."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(15_000)  # waits are for the event itself; the bound is only for a hang
    yield ctx
    screenshot_if_failed(ctx, request)
    ctx.close()


def screenshot_if_failed(ctx, request) -> None:
    """Every open page of a failed test, as test-artifacts/e2e/<test>-failed-<n>.png."""
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for index, open_page in enumerate(ctx.pages):
            open_page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failed-{index}.png"), full_page=True)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone(browser):
    """A page on a 390 × 844 phone viewport with touch, in its own context."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                              has_touch=True)
    ctx.set_default_timeout(15_000)
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def artifacts() -> Path:
    """Where a test keeps its screenshots (test-artifacts/e2e/, next to the servers' logs)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # read by `context` to screenshot failures
    return report
