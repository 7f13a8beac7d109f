"""Catalog rows for a whole cart in a fixed number of queries, as the pricing engine's inputs.

The catalog's read helpers (`item_availability`, `item_price_cents`, `modifier_rules`) answer for
one item at a time, with ~7 queries per cart line. Checkout reads every line at once instead:
items with their category and menu, the menus served here, this location's overrides and
sold-out states, and the modifier tree — 7 queries whatever the cart's size. The rules are the
catalog's own (model methods, `catalog.rules`); `tests/orders/test_catalog_adapter.py` checks
that this module and the catalog's helpers agree on every availability state.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from tenant_apps.catalog import rules
from tenant_apps.catalog.models import Item, ItemLocation, Location, MenuLocation, Modifier, ModifierGroup
from tenant_apps.catalog.selectors import (
    Availability,
    group_rule,  # the catalog's own row → rule mapping
)


@dataclass(frozen=True)
class CatalogItem:
    item: Item
    availability: Availability
    price_cents: int
    groups: tuple[rules.GroupRule, ...]


def _availability(item: Item, location: Location, at: datetime, served: set, here: ItemLocation | None) -> Availability:
    # The same checks, in the same order, as catalog.selectors.item_availability.
    category = item.category
    menu = category.menu
    if not (item.is_active and category.is_active and menu.is_active):
        return Availability(False, "item_inactive")
    if menu.pk not in served:
        return Availability(False, "not_served_here")
    if not menu.schedule().is_open(at, location.timezone) or not category.schedule().is_open(at, location.timezone):
        return Availability(False, "outside_schedule")
    if item.is_sold_out_at(at):
        return Availability(False, "sold_out", item.sold_out_until)
    if here is not None and here.is_sold_out_at(at):
        return Availability(False, "sold_out", here.sold_out_until)
    return Availability(True)


def load_items(location: Location, item_ids: Iterable, at: datetime) -> dict:
    """{item id: CatalogItem} for the ids that exist; unknown ids are simply absent."""
    items = Item.objects.select_related("category__menu").in_bulk(list(set(item_ids)))
    if not items:
        return {}
    menu_ids = {item.category.menu_id for item in items.values()}
    served = set(MenuLocation.objects.filter(location=location, menu_id__in=menu_ids).values_list("menu_id", flat=True))
    here = {row.item_id: row for row in ItemLocation.objects.filter(location=location, item_id__in=items)}
    nested = Prefetch("groups", queryset=ModifierGroup.objects.prefetch_related("modifiers"))
    groups = ModifierGroup.objects.filter(item_id__in=items).prefetch_related(
        Prefetch("modifiers", queryset=Modifier.objects.prefetch_related(nested)))
    groups_by_item = defaultdict(list)
    for group in groups:
        groups_by_item[group.item_id].append(group_rule(group, nested=False))
    loaded = {}
    for item_id, item in items.items():
        override = here.get(item_id)
        price = override.price_cents if override is not None and override.price_cents is not None else item.price_cents
        loaded[item_id] = CatalogItem(item, _availability(item, location, at, served, override), price,
                                      tuple(groups_by_item[item_id]))
    return loaded
