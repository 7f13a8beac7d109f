from dataclasses import dataclass

import pytest
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from tenant_apps.catalog.models import Location, Menu
from tenant_apps.orders.models import (
    IdempotencyKey,
    Order,
    OrderingSettings,
    OrderNumberCounter,
    PromoCode,
    SlotBooking,
)
from tenants.models import Tenant

from ..catalog.factories import (
    CategoryFactory,
    ItemFactory,
    LocationFactory,
    MenuFactory,
    ModifierFactory,
    ModifierGroupFactory,
    ZoneFactory,
)
from ..conftest import login
from ..factories import UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(eager_celery):
    """Every orders test: tasks sent after commit run in the test's thread."""


def make_user(role: str, **fields) -> User:
    return UserFactory(role=role, **fields)


@dataclass
class Shop:
    """A location open all week with a 3 km delivery zone, and a small menu served there."""

    tenant: object
    location: object
    zone: object
    burger: object
    soda: object
    extras: object
    cheese: object
    bacon: object


INSIDE = {"line1": "Unter den Linden 1", "city": "Berlin", "postcode": "10117", "lat": 52.521, "lng": 13.406}
OUTSIDE = {"line1": "Far away 1", "city": "Potsdam", "postcode": "14467", "lat": 52.39, "lng": 13.06}


def build_shop(tenant) -> Shop:
    with tenant_context(tenant):
        location = LocationFactory(name="Mitte")
        zone = ZoneFactory(location=location, fee_cents=250, min_order_cents=1500)
        menu = MenuFactory(locations=[location])
        category = CategoryFactory(menu=menu)
        burger = ItemFactory(category=category, name="Burger", price_cents=990, tax_category="standard")
        soda = ItemFactory(category=category, name="Soda", price_cents=250, tax_category="reduced")
        extras = ModifierGroupFactory(item=burger, name="Extras", min_select=0, max_select=2, free_quantity=0)
        cheese = ModifierFactory(group=extras, name="Cheese", price_delta_cents=100)
        bacon = ModifierFactory(group=extras, name="Bacon", price_delta_cents=150)
        return Shop(tenant, location, zone, burger, soda, extras, cheese, bacon)


@pytest.fixture
def shop(tenant_a) -> Shop:
    return build_shop(tenant_a)


@pytest.fixture
def committed_shop(committed_db):
    tenant = Tenant.objects.get(slug="alpha")
    shop = build_shop(tenant)
    yield shop
    with tenant_context(tenant):
        Order.objects.all().delete()
        for model in (IdempotencyKey, OrderNumberCounter, SlotBooking, PromoCode, OrderingSettings):
            model.objects.all().delete()
        Menu.objects.all().delete()
        Location.objects.all().delete()
        User.objects.exclude(role=User.Role.OWNER).delete()


def cart(shop: Shop, **overrides) -> dict:
    body = {
        "location": str(shop.location.pk), "fulfillment": "delivery", "delivery_address": INSIDE,
        "items": [{"item": str(shop.burger.pk), "quantity": 2, "modifiers": [str(shop.cheese.pk)]},
                  {"item": str(shop.soda.pk), "quantity": 1}],
    }
    return {**body, **overrides}


def checkout_body(shop: Shop, **overrides) -> dict:
    defaults = {"payment_method": "cash", "contact": {"email": "guest@example.test", "name": "Gus", "phone": "+4930123"}}
    return cart(shop, **{**defaults, **overrides})


def signed_in(client, tenant, role: str = "customer", **fields):
    """`client` signed in as a new user of `role` in `tenant`; returns (client, user)."""
    with tenant_context(tenant):
        user = UserFactory(role=role, **fields)
    tokens = login(client, user.email)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client, user
