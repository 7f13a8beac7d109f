from datetime import UTC, datetime, timedelta

import pytest

from tenant_apps.catalog import rules, selectors, services
from tenant_apps.catalog.errors import CatalogRuleBroken, ImportInvalid, NestingTooDeep, ReorderMismatch
from tenant_apps.catalog.models import Category, Item, ItemLocation

from .factories import (
    CategoryFactory,
    ItemFactory,
    LocationFactory,
    MenuFactory,
    ModifierFactory,
    ModifierGroupFactory,
    ZoneFactory,
)

NOON_BERLIN_WINTER = datetime(2026, 1, 14, 11, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Berlin


def served_item(location, **item_fields):
    menu = MenuFactory(locations=[location])
    return ItemFactory(category=CategoryFactory(menu=menu), **item_fields)


def test_item_price_is_the_location_override_when_one_is_set(in_a):
    here, there = LocationFactory(), LocationFactory()
    item = served_item(here, price_cents=1000)
    services.set_price_override(item, here, 1200, actor=None)
    assert selectors.item_price_cents(item, here) == 1200
    assert selectors.item_price_cents(item, there) == 1000


def test_item_sold_out_until_a_time_comes_back_by_itself_at_that_time(in_a):
    location = LocationFactory()
    item = served_item(location)
    until = datetime.now(UTC) + timedelta(hours=2)
    services.set_item_availability(item, available=False, until=until, location=location, actor=None)
    assert selectors.item_availability(item, location, until - timedelta(seconds=1)).reason == "sold_out"
    assert selectors.item_availability(item, location, until).available


def test_item_sold_out_everywhere_is_unavailable_at_every_location(in_a):
    a, b = LocationFactory(), LocationFactory()
    item = served_item(a)
    item.category.menu.assignments.create(location=b)
    services.set_item_availability(item, available=False, actor=None)
    now = datetime.now(UTC)
    assert not selectors.item_availability(item, a, now).available
    assert not selectors.item_availability(item, b, now).available


def test_breakfast_category_item_is_available_only_in_its_local_window(in_a):
    location = LocationFactory(timezone="Europe/Berlin")
    breakfast = CategoryFactory(menu=MenuFactory(locations=[location]),
                                availability={d: [["07:00", "11:00"]] for d in rules.WEEKDAYS})
    item = ItemFactory(category=breakfast)
    at_10_local = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # CEST: 10:00
    at_11_local = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert selectors.item_availability(item, location, at_10_local).available
    assert selectors.item_availability(item, location, at_11_local).reason == "outside_schedule"


def test_item_of_a_menu_not_served_at_the_location_is_unavailable_there(in_a):
    item = served_item(LocationFactory())
    assert selectors.item_availability(item, LocationFactory(), NOON_BERLIN_WINTER).reason == "not_served_here"


def test_delivery_zone_lookup_returns_the_first_zone_in_order_that_contains_the_point(in_a):
    location = LocationFactory(latitude=52.52, longitude=13.405)
    inner = ZoneFactory(location=location, name="inner", radius_m=1000, fee_cents=100, position=0)
    ZoneFactory(location=location, name="outer", radius_m=5000, fee_cents=400, position=1)
    assert selectors.delivery_zone_for(location, 52.521, 13.406) == inner
    assert selectors.delivery_zone_for(location, 52.55, 13.405).name == "outer"
    assert selectors.delivery_zone_for(location, 53.5, 10.0) is None


def test_location_with_malformed_hours_is_refused_with_the_field_named(in_a):
    with pytest.raises(CatalogRuleBroken) as caught:
        services.create_location(actor=None, name="X", address="A", latitude=1, longitude=1,
                                 hours={"mon": [["25:00", "26:00"]]})
    assert "hours.mon.0" in caught.value.fields


def test_location_busy_mode_adds_minutes_or_pauses_ordering(in_a):
    location = LocationFactory(prep_time_minutes=15)
    services.set_busy_mode(location, "extra_time", extra_minutes=20, actor=None)
    assert location.quoted_prep_minutes == 35 and location.accepts_orders_at(NOON_BERLIN_WINTER)
    services.set_busy_mode(location, "paused", actor=None)
    assert not location.accepts_orders_at(NOON_BERLIN_WINTER)


def test_polygon_zone_must_be_closed(in_a):
    with pytest.raises(CatalogRuleBroken):
        services.create_zone(LocationFactory(), actor=None, name="Z", kind="polygon",
                             polygon=[[52.5, 13.4], [52.6, 13.4], [52.6, 13.5]])


def test_modifier_groups_nest_only_one_level_deep(in_a):
    top = ModifierFactory()
    nested = services.create_modifier_group(actor=None, parent_modifier=top, name="Sauce", max_select=1)
    child = services.create_modifier(nested, actor=None, name="Mayo")
    with pytest.raises(NestingTooDeep):
        services.create_modifier_group(actor=None, parent_modifier=child, name="Too deep")


def test_group_with_min_above_max_is_refused(in_a):
    with pytest.raises(CatalogRuleBroken):
        services.create_modifier_group(actor=None, item=ItemFactory(), name="G", min_select=3, max_select=2)


def test_modifier_rules_validate_and_price_a_choice_with_nested_groups(in_a):
    group = ModifierGroupFactory(name="Size", min_select=1, max_select=1, required=True)
    large = ModifierFactory(group=group, name="Large", price_delta_cents=200)
    ModifierFactory(group=group, name="Small", price_delta_cents=0)
    sauces = services.create_modifier_group(actor=None, parent_modifier=large, name="Dip", max_select=2, free_quantity=1)
    dip1 = services.create_modifier(sauces, actor=None, name="Ketchup", price_delta_cents=50)
    dip2 = services.create_modifier(sauces, actor=None, name="Aioli", price_delta_cents=80)
    groups = selectors.modifier_rules(group.item)
    chosen = rules.validate_modifier_selection(groups, [large.id, dip1.id, dip2.id])
    assert sum(c.charged_cents for c in chosen) == 200 + 80  # the cheaper dip is free
    with pytest.raises(rules.ModifierSelectionError):
        rules.validate_modifier_selection(groups, [])


def test_reorder_must_name_every_sibling_once(in_a):
    menu = MenuFactory()
    first, second = CategoryFactory(menu=menu), CategoryFactory(menu=menu)
    services.reorder(menu.categories.all(), [second.id, first.id], actor=None)
    assert list(Category.objects.filter(menu=menu).values_list("id", flat=True)) == [second.id, first.id]
    with pytest.raises(ReorderMismatch):
        services.reorder(menu.categories.all(), [second.id], actor=None)


def test_bulk_price_update_sets_base_prices_or_one_locations_overrides(in_a):
    location = LocationFactory()
    a, b = served_item(location), served_item(location)
    services.bulk_update_prices({a: 100, b: 200}, actor=None)
    assert Item.objects.get(pk=b.pk).price_cents == 200
    services.bulk_update_prices({a: 150}, location=location, actor=None)
    assert ItemLocation.objects.get(item=a, location=location).price_cents == 150


def test_exported_menu_imports_as_an_equal_copy(in_a):
    location = LocationFactory()
    item = served_item(location, allergens=["milk"])
    group = ModifierGroupFactory(item=item, name="Extras")
    ModifierFactory(group=group, name="Cheese")
    exported = selectors.menu_export(item.category.menu)
    copy = services.import_menu(exported, locations=[location], actor=None)
    assert selectors.menu_export(copy)["categories"][0]["items"][0]["name"] == item.name
    strip = lambda tree: [[{k: v for k, v in i.items() if k not in ("id", "modifier_groups")}  # noqa: E731
                           for i in c["items"]] for c in tree["categories"]]
    assert strip(selectors.menu_export(copy)) == strip(exported)


def test_import_with_a_broken_row_names_its_path_and_stores_nothing(in_a):
    document = {"name": "M", "categories": [{"name": "C", "items": [
        {"name": "I", "price_cents": 100, "modifier_groups": [{"name": "G", "min_select": 2, "max_select": 1}]}]}]}
    with pytest.raises(ImportInvalid) as caught:
        services.import_menu(document, actor=None)
    assert any(key.startswith("categories.0.items.0") for key in caught.value.fields)
    assert not Item.objects.filter(name="I").exists()


def test_a_location_beyond_the_plans_limit_is_refused_with_plan_limit(in_a):
    from shared_apps.billing.usage import usage_of
    from shared_apps.core.errors import DomainError

    body = {"name": "X", "address": "A", "latitude": 1, "longitude": 1}
    services.create_location(actor=None, **body)  # alpha is on starter: one location
    with pytest.raises(DomainError) as caught:
        services.create_location(actor=None, **body)
    assert caught.value.code == "plan_limit"
    assert usage_of(in_a, datetime.now(UTC))["locations"]["used"] == 1


def test_plan_limit_is_checked_in_a_schema_context_without_a_request(tenant_a):
    from django_tenants.utils import schema_context

    from shared_apps.core.errors import DomainError

    with schema_context(tenant_a.schema_name):
        services.create_location(actor=None, name="X", address="A", latitude=1, longitude=1)
        with pytest.raises(DomainError):
            services.create_location(actor=None, name="Y", address="A", latitude=1, longitude=1)
