"""Catalog rows for a whole cart in two queries, as the pricing engine's inputs.

The catalog's read helpers (`item_availability`, `item_price_cents`, `modifier_rules`) answer for
one item at a time, with ~7 queries per cart line. Checkout reads every line at once instead:
one query for the items with their category, menu, whether this location serves the menu and
this location's override; one for the whole modifier tree (groups, their modifiers, the groups
nested under those and their modifiers). Flat `values()` rows, not model instances: on a busy
machine every round trip and every model built is paid again by each checkout (this was 7
queries and ~4× the time). The rules are the catalog's own (`catalog.rules`, `sold_out_at`,
`Hours.from_data`); `tests/orders/test_catalog_adapter.py` checks that this module and the
catalog's helpers agree on every availability state.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, FilteredRelation, OuterRef, Q

from tenant_apps.catalog import rules
from tenant_apps.catalog.models import Item, Location, MenuLocation, ModifierGroup, sold_out_at
from tenant_apps.catalog.selectors import Availability


@dataclass(frozen=True)
class CatalogItem:
    item_id: object
    name: str
    tax_category: str
    availability: Availability
    price_cents: int
    groups: tuple[rules.GroupRule, ...]


ITEM_FIELDS = (
    "id", "name", "tax_category", "price_cents", "is_active", "sold_out", "sold_out_until",
    "category__is_active", "category__availability", "category__menu_id", "category__menu__is_active",
    "category__menu__availability", "served", "here__id", "here__price_cents", "here__sold_out", "here__sold_out_until",
)


def _availability(row: dict, location: Location, at: datetime) -> Availability:
    # The same checks, in the same order, as catalog.selectors.item_availability.
    if not (row["is_active"] and row["category__is_active"] and row["category__menu__is_active"]):
        return Availability(False, "item_inactive")
    if not row["served"]:
        return Availability(False, "not_served_here")
    if not (rules.Hours.from_data(row["category__menu__availability"]).is_open(at, location.timezone)
            and rules.Hours.from_data(row["category__availability"]).is_open(at, location.timezone)):
        return Availability(False, "outside_schedule")
    if sold_out_at(row["sold_out"], row["sold_out_until"], at):
        return Availability(False, "sold_out", row["sold_out_until"])
    if row["here__id"] is not None and sold_out_at(row["here__sold_out"], row["here__sold_out_until"], at):
        return Availability(False, "sold_out", row["here__sold_out_until"])
    return Availability(True)


GROUP_FIELDS = ("id", "item_id", "parent_modifier_id", "name", "min_select", "max_select", "required", "free_quantity")
MODIFIER_FIELDS = ("modifiers__id", "modifiers__name", "modifiers__price_delta_cents", "modifiers__max_quantity",
                   "modifiers__is_available")


def _group_rules(item_ids) -> dict:
    """{item id: (GroupRule, ...)}: each item's groups, their modifiers and the groups nested under
    those (one level), in catalog order — what `catalog.selectors.modifier_rules` builds per item."""
    rows = (
        ModifierGroup.objects.filter(Q(item_id__in=item_ids) | Q(parent_modifier__group__item_id__in=item_ids))
        .order_by("position", "created", "id", "modifiers__position", "modifiers__created")
        .values(*GROUP_FIELDS, *MODIFIER_FIELDS)
    )
    groups, modifiers = {}, defaultdict(list)  # in order; a group without modifiers has one row of NULLs
    for row in rows:
        groups.setdefault(row["id"], row)
        if row["modifiers__id"] is not None:
            modifiers[row["id"]].append(row)
    nested = defaultdict(list)  # modifier id → its groups
    for group in groups.values():
        if group["parent_modifier_id"] is not None:
            nested[group["parent_modifier_id"]].append(group)

    def rule(group: dict, *, top: bool) -> rules.GroupRule:
        return rules.GroupRule(
            id=group["id"], name=group["name"], min_select=group["min_select"], max_select=group["max_select"],
            required=group["required"], free_quantity=group["free_quantity"],
            modifiers=tuple(
                rules.ModifierRule(
                    id=m["modifiers__id"], name=m["modifiers__name"], price_delta_cents=m["modifiers__price_delta_cents"],
                    max_quantity=m["modifiers__max_quantity"], available=m["modifiers__is_available"],
                    groups=tuple(rule(g, top=False) for g in nested[m["modifiers__id"]]) if top else (),
                )
                for m in modifiers[group["id"]]
            ),
        )

    by_item = defaultdict(list)
    for group in groups.values():
        if group["item_id"] is not None:
            by_item[group["item_id"]].append(rule(group, top=True))
    return by_item


def load_items(location: Location, item_ids: Iterable, at: datetime) -> dict:
    """{item id: CatalogItem} for the ids that exist; unknown ids are simply absent."""
    served = MenuLocation.objects.filter(location=location, menu_id=OuterRef("category__menu_id"))
    rows = list(
        Item.objects.filter(pk__in=set(item_ids))
        .annotate(served=Exists(served),
                  here=FilteredRelation("location_settings", condition=Q(location_settings__location=location)))
        .values(*ITEM_FIELDS)
    )
    if not rows:
        return {}
    groups = _group_rules([row["id"] for row in rows])
    loaded = {}
    for row in rows:
        override = row["here__price_cents"]
        loaded[row["id"]] = CatalogItem(
            item_id=row["id"], name=row["name"], tax_category=row["tax_category"],
            availability=_availability(row, location, at),
            price_cents=override if override is not None else row["price_cents"],
            groups=tuple(groups[row["id"]]),
        )
    return loaded
