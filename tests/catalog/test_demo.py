from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.demo.seed import seed_demo
from tenant_apps.catalog.models import Category, Item, Location, Modifier, ModifierGroup
from tenants.models import Tenant
from tests.conftest import client_for


def test_seed_demo_gives_burger_and_sushi_two_locations_and_a_sixty_item_menu_with_schedules(db):
    seed_demo()
    for slug in ("burger", "sushi"):
        tenant = Tenant.objects.get(slug=slug)
        with schema_context(tenant.schema_name):
            assert Location.objects.count() == 2
            assert 55 <= Item.objects.count() <= 65
            assert Category.objects.exclude(availability=None).exists()  # breakfast / lunch
            assert Item.objects.exclude(allergens=[]).count() > 30
            assert ModifierGroup.objects.filter(parent_modifier__isnull=False).exists()  # nested one level
            location = Location.objects.first()
        connection.set_schema_to_public()
        response = client_for(tenant.primary_domain).get(f"/api/v1/locations/{location.id}/menu/")
        assert response.status_code == 200 and response.json()["menus"]


def test_seed_demo_twice_adds_no_second_catalog(db):
    seed_demo()
    tenant = Tenant.objects.get(slug="burger")
    with schema_context(tenant.schema_name):
        counts = (Location.objects.count(), Item.objects.count(), Modifier.objects.count())
    seed_demo()
    with schema_context(tenant.schema_name):
        assert (Location.objects.count(), Item.objects.count(), Modifier.objects.count()) == counts
