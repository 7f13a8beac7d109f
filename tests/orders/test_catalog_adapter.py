"""The checkout's batch reader agrees with the catalog's one-item helpers, in fewer queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import Category, Item, ItemLocation, Menu, MenuLocation
from tenant_apps.orders.catalog_adapter import load_items

from ..catalog.factories import ModifierFactory, ModifierGroupFactory
from .conftest import build_shop

SCHEDULE_NEVER = {d: [] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


STATES = {
    "available": lambda s: None,
    "item_inactive": lambda s: Item.objects.filter(pk=s.soda.pk).update(is_active=False),
    "category_inactive": lambda s: Category.objects.filter(pk=s.soda.category_id).update(is_active=False),
    "menu_not_served": lambda s: MenuLocation.objects.filter(location=s.location).delete(),
    "outside_schedule": lambda s: Menu.objects.filter(pk=s.soda.category.menu_id).update(availability=SCHEDULE_NEVER),
    "sold_out": lambda s: Item.objects.filter(pk=s.soda.pk).update(sold_out=True),
    "sold_out_until_past": lambda s: Item.objects.filter(pk=s.soda.pk).update(
        sold_out=True, sold_out_until=timezone.now() - timedelta(minutes=1)),
    "sold_out_here": lambda s: ItemLocation.objects.create(item=s.soda, location=s.location, sold_out=True),
    "price_override": lambda s: ItemLocation.objects.create(item=s.soda, location=s.location, price_cents=123),
    "override_without_price": lambda s: ItemLocation.objects.create(item=s.soda, location=s.location),
}


@pytest.mark.parametrize("state", STATES)
def test_batch_reader_agrees_with_the_catalog_helpers(in_a, state):
    shop = build_shop(in_a)
    STATES[state](shop)
    nested = ModifierGroupFactory(item=None, parent_modifier=shop.cheese, name="Which cheese", min_select=1, max_select=1,
                                  required=True)
    ModifierFactory(group=nested, name="Cheddar")
    ModifierGroupFactory(item=shop.burger, name="Nothing to choose yet", min_select=0)  # a group without modifiers
    at = timezone.now()
    loaded = load_items(shop.location, [shop.soda.pk, shop.burger.pk], at)
    for item in Item.objects.filter(pk__in=[shop.soda.pk, shop.burger.pk]).select_related("category__menu"):
        assert loaded[item.pk].availability == catalog.item_availability(item, shop.location, at)
        assert loaded[item.pk].price_cents == catalog.item_price_cents(item, shop.location)
        assert list(loaded[item.pk].groups) == catalog.modifier_rules(item)


def test_batch_reader_costs_the_same_for_one_line_or_many(in_a, django_assert_max_num_queries):
    shop = build_shop(in_a)
    ids = [shop.soda.pk, shop.burger.pk, *[ItemFactoryLike(shop).pk for _ in range(5)]]
    with django_assert_max_num_queries(3):  # 2 queries and at most one SET search_path
        assert len(load_items(shop.location, ids, timezone.now())) == 7


def test_unknown_ids_are_absent_not_errors(in_a):
    shop = build_shop(in_a)
    import uuid

    assert load_items(shop.location, [uuid.uuid4()], timezone.now()) == {}


def ItemFactoryLike(shop):  # noqa: N802 - reads like a factory
    from ..catalog.factories import ItemFactory

    item = ItemFactory(category=shop.soda.category)
    ModifierFactory(group=ModifierGroupFactory(item=item))
    return item
