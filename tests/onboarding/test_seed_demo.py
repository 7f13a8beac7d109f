import io
from urllib.parse import urlsplit

from PIL import Image

from shared_apps.billing.selectors import subscription_of
from shared_apps.demo.seed import DEMO_ASSETS, DEMO_BRANDS, seed_demo
from tenants.audit import Actor
from tenants.models import AuditEvent, Tenant, Theme
from tenants.services import invalidate_brand_cache, update_theme

from ..conftest import client_for


def test_seed_demo_makes_brands_on_different_plans_one_in_trial_and_one_suspended(db):
    seed_demo()
    brands = {tenant.slug: tenant for tenant in Tenant.objects.filter(slug__in=["burger", "sushi", "pizza"])}
    summary = {slug: (subscription_of(t).plan.code, t.status) for slug, t in brands.items()}
    assert summary == {"burger": ("pro", "active"), "sushi": ("growth", "trial"), "pizza": ("starter", "suspended")}
    assert AuditEvent.objects.get(action="tenant.suspended", tenant=brands["pizza"]).actor_email == "seed_demo"


def test_seed_demo_runs_twice_without_changing_anything(db):
    seed_demo()
    events = AuditEvent.objects.count()
    lines = seed_demo()
    assert AuditEvent.objects.count() == events
    assert any("Pizza Brigade" in line and "suspended" in line for line in lines)


def test_seed_demo_gives_each_brand_its_own_logo_colours_font_and_language(db):
    seed_demo()
    seen = {}
    for brand in DEMO_BRANDS:
        tenant = Tenant.objects.get(slug=brand.slug)
        invalidate_brand_cache(tenant)  # what the theme's commit does; test data never commits
        client = client_for(tenant.primary_domain)
        body = client.get("/api/v1/brand/").json()
        logo = client.get(urlsplit(body["logo_url"]).path)
        assert logo.status_code == 200
        # Uploads are re-encoded from their pixels (hardening), so the pixels are what must match.
        served = Image.open(io.BytesIO(b"".join(logo.streaming_content)))
        shipped = Image.open(DEMO_ASSETS / f"{brand.slug}.png")
        assert served.size == shipped.size
        assert served.convert("RGBA").tobytes() == shipped.convert("RGBA").tobytes()
        seen[brand.slug] = (body["colors"]["primary"], body["colors"]["background"], body["font"], body["locale"])
    assert seen == {
        "burger": ("#c92a2a", "#fff8e7", "poppins", "de-DE"),
        "sushi": ("#1b3a4b", "#f8f9fa", "inter", "en-GB"),
        "pizza": ("#2b8a3e", "#fffdf5", "playfair-display", "it-IT"),
    }


def test_seed_demo_leaves_a_theme_the_owner_changed_alone(db):
    seed_demo()
    burger = Tenant.objects.get(slug="burger")
    update_theme(burger, by=Actor.system("owner"), primary_color="#000000")
    seed_demo()
    assert Theme.objects.get(tenant=burger).primary_color == "#000000"
