"""Reads of the catalog: the helpers pricing and checkout use, and the public trees.

For ordering (issue 5): `item_price_cents`, `item_availability`, `modifier_rules`,
`delivery_zone_for`, and `Location.accepts_orders_at` / `quoted_prep_minutes` on the model.
They evaluate at an explicit instant so a quote and the order placed from it agree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django_tenants.utils import schema_context

from . import rules
from .models import (
    Category,
    DeliveryZone,
    Item,
    ItemLocation,
    Location,
    Menu,
    Modifier,
    ModifierGroup,
    sold_out_at,
)


def count_locations(tenant, since=None) -> int:
    """The brand's locations, for billing's usage and plan limits (registered in apps.py)."""
    with schema_context(tenant.schema_name):
        return Location.objects.count()


def active_locations() -> QuerySet[Location]:
    return Location.objects.filter(is_active=True)


def item_price_cents(item: Item, location: Location) -> int:
    """The item's price at this location: the location's override if it has one, else the base price."""
    override = ItemLocation.objects.filter(item=item, location=location).values_list("price_cents", flat=True).first()
    return item.price_cents if override is None else override


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str = ""  # stable code when not available
    until: datetime | None = None  # when a sold-out item comes back, if known


def item_availability(item: Item, location: Location, at: datetime) -> Availability:
    """Can `item` be ordered at `location` at instant `at`? Checks, in order: the item, category and
    menu are active, the menu is served here, the menu's and category's schedules (in the
    location's local time), and the sold-out state everywhere and at this location."""
    category = item.category
    menu = category.menu
    if not (item.is_active and category.is_active and menu.is_active):
        return Availability(False, "item_inactive")
    if not menu.assignments.filter(location=location).exists():
        return Availability(False, "not_served_here")
    if not menu.schedule().is_open(at, location.timezone) or not category.schedule().is_open(at, location.timezone):
        return Availability(False, "outside_schedule")
    if item.is_sold_out_at(at):
        return Availability(False, "sold_out", item.sold_out_until)
    here = ItemLocation.objects.filter(item=item, location=location).first()
    if here is not None and here.is_sold_out_at(at):
        return Availability(False, "sold_out", here.sold_out_until)
    return Availability(True)


def _modifier_queryset():
    return Modifier.objects.prefetch_related(Prefetch("groups", queryset=ModifierGroup.objects.prefetch_related("modifiers")))


def group_rule(group: ModifierGroup, *, nested: bool) -> rules.GroupRule:
    """One modifier group (with its modifiers, and for an item-level group their nested groups, all
    prefetched) as a pure rule. Public: ordering builds rules for a whole cart with it."""
    return rules.GroupRule(
        id=group.id, name=group.name, min_select=group.min_select, max_select=group.max_select,
        required=group.required, free_quantity=group.free_quantity,
        modifiers=tuple(
            rules.ModifierRule(
                id=m.id, name=m.name, price_delta_cents=m.price_delta_cents, max_quantity=m.max_quantity,
                available=m.is_available,
                groups=tuple(group_rule(g, nested=True) for g in m.groups.all()) if not nested else (),
            )
            for m in group.modifiers.all()
        ),
    )


def modifier_rules(item: Item) -> list[rules.GroupRule]:
    """The item's modifier groups as pure rules, for `rules.validate_modifier_selection`."""
    groups = item.modifier_groups.prefetch_related(Prefetch("modifiers", queryset=_modifier_queryset()))
    return [group_rule(group, nested=False) for group in groups]


_group_rule = group_rule  # the name orders/catalog_adapter.py first imported


def delivery_zone_for(location: Location, lat: float, lng: float, *, zones=None) -> DeliveryZone | None:
    """The first of the location's zones (in order) that contains the point, or None. `zones`: the
    location's zones when the caller has them already (checkout keeps them in memory)."""
    zones = list(location.zones.all()) if zones is None else zones
    found = rules.find_zone([z.as_rule() for z in zones], location.origin, lat, lng)
    return next((z for z in zones if found is not None and z.id == found.id), None)


# ---------------------------------------------------------------------------------------------
# Trees: the public menu of a location, and a menu's export (the same shape)


def _schedule_data(availability) -> dict | None:
    return availability or None


# The trees are built from flat rows, not model instances: a 150-item menu has thousands of
# modifiers, and instantiating (and prefetching) that many models cost ~10x the queries. Ids come
# out of SQL as text, ready for JSON (no UUID objects to make and format again).
ITEM_FIELDS = ("name", "description", "price_cents", "image", "tax_category", "allergens", "dietary_tags", "calories",
               "sold_out", "sold_out_until")
ORDER = ("position", "created")


def _text(field: str) -> Cast:
    return Cast(field, output_field=TextField())


def _by(rows, key: str) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


class _TreeRows:
    """Every row under some menus, fetched in four flat queries and grouped by parent; modifier
    groups and modifiers come out as finished JSON nodes."""

    def __init__(self, menu_ids: list):
        self.categories = _by(Category.objects.filter(menu_id__in=menu_ids, is_active=True).order_by(*ORDER)
                              .values("name", "description", "availability", key=_text("id"), parent=_text("menu_id")),
                              "parent")
        self.items = _by(Item.objects.filter(is_active=True, category__is_active=True, category__menu_id__in=menu_ids)
                         .order_by(*ORDER).values(*ITEM_FIELDS, key=_text("id"), parent=_text("category_id")), "parent")
        self.image_storage = Item._meta.get_field("image").storage
        # Every group and modifier of the brand, by plain scans: a brand's catalog is small, and
        # these are several times faster than the four-table joins that would select only the
        # rows under `menu_ids`. Rows of other menus are simply never reached from an item below.
        modifiers: dict[str, list[dict]] = {}
        for mod_id, group_id, name, price, max_quantity, available, allergens, tags in (
            Modifier.objects.order_by(*ORDER).values_list(
                _text("id"), _text("group_id"), "name", "price_delta_cents", "max_quantity", "is_available",
                "allergens", "dietary_tags")
        ):
            modifiers.setdefault(group_id, []).append({
                "id": mod_id, "name": name, "price_delta_cents": price, "max_quantity": max_quantity,
                "available": available, "allergens": allergens, "dietary_tags": tags})
        self.groups: dict[str, list[dict]] = {}
        nested: dict[str, list[dict]] = {}
        for group_id, item_id, parent_id, name, min_select, max_select, required, free in (
            ModifierGroup.objects.order_by(*ORDER).values_list(
                _text("id"), _text("item_id"), _text("parent_modifier_id"), "name", "min_select", "max_select",
                "required", "free_quantity")
        ):
            node = {"id": group_id, "name": name, "min_select": min_select, "max_select": max_select,
                    "required": required, "free_quantity": free, "modifiers": modifiers.get(group_id, [])}
            if item_id is not None:
                self.groups.setdefault(item_id, []).append(node)
            else:
                nested.setdefault(parent_id, []).append(node)
        for item_groups in self.groups.values():  # nested groups hang under the item-level modifiers only
            for group in item_groups:
                for modifier in group["modifiers"]:
                    modifier["groups"] = nested.get(modifier["id"], [])

    def item_node(self, row: dict, *, price_cents: int, available: bool, until) -> dict:
        return {
            "id": row["key"], "name": row["name"], "description": row["description"], "price_cents": price_cents,
            "image_url": self.image_storage.url(row["image"]) if row["image"] else None,
            "tax_category": row["tax_category"], "allergens": row["allergens"], "dietary_tags": row["dietary_tags"],
            "calories": row["calories"], "available": available,
            "available_again_at": until.isoformat() if until else None,
            "modifier_groups": self.groups.get(row["key"], []),
        }


@dataclass
class MenuTree:
    data: dict
    valid_until: datetime | None  # the tree may change by itself at this instant (schedules, 86 until)


def location_summary(location: Location, at: datetime, *, with_zones: bool = True) -> dict:
    hours = location.opening_hours()
    summary = {
        "id": str(location.id), "name": location.name, "address": location.address,
        "latitude": location.latitude, "longitude": location.longitude, "phone": location.phone,
        "timezone": location.timezone, "hours": location.hours, "hours_exceptions": location.hours_exceptions,
        "open_now": hours.is_open(at, location.timezone),
        "accepts_orders": location.accepts_orders_at(at),
        "fulfillment": location.fulfillment_options(),
        "prep_time_minutes": location.quoted_prep_minutes, "busy_mode": location.busy_mode,
    }
    if with_zones:
        summary["delivery_zones"] = [
            {"id": str(z.id), "name": z.name, "kind": z.kind, "radius_m": z.radius_m, "polygon": z.polygon,
             "fee_cents": z.fee_cents, "min_order_cents": z.min_order_cents}
            for z in location.zones.all()
        ] if location.delivery_enabled else []
    return summary


def locations_list(at: datetime) -> tuple[list[dict], datetime | None]:
    """Every active location, summarised at `at`, and when `open_now` next may change."""
    locations = list(active_locations().prefetch_related("zones"))
    changes = [loc.opening_hours().next_change(at, loc.timezone) for loc in locations]
    return [location_summary(loc, at) for loc in locations], min((c for c in changes if c), default=None)


def location_menu_tree(location: Location, at: datetime, *, currency: str) -> MenuTree:
    """The whole current menu of a location at `at`: menus and categories on their schedules
    (local time), items with this location's prices and sold-out state."""
    tz = location.timezone
    changes: list[datetime | None] = [location.opening_hours().next_change(at, tz)]
    menus = list(Menu.objects.filter(is_active=True, assignments__location=location).order_by(*ORDER)
                 .values("name", "description", "availability", key=_text("id")))
    rows = _TreeRows([m["key"] for m in menus])
    here = {s["item_key"]: s for s in ItemLocation.objects.filter(location=location)
            .values("price_cents", "sold_out", "sold_out_until", item_key=_text("item_id"))}
    menus_out = []
    for menu in menus:
        if menu["availability"]:
            schedule = rules.Hours.from_data(menu["availability"])
            changes.append(schedule.next_change(at, tz))
            if not schedule.is_open(at, tz):
                continue
        categories_out = []
        for category in rows.categories.get(menu["key"], ()):
            if category["availability"]:
                schedule = rules.Hours.from_data(category["availability"])
                changes.append(schedule.next_change(at, tz))
                if not schedule.is_open(at, tz):
                    continue
            items_out = []
            for item in rows.items.get(category["key"], ()):
                setting = here.get(item["key"])
                price = item["price_cents"]
                if setting is not None and setting["price_cents"] is not None:
                    price = setting["price_cents"]
                sold = [row["sold_out_until"] for row in (item, setting)
                        if row is not None and sold_out_at(row["sold_out"], row["sold_out_until"], at)]
                changes.extend(u for u in sold if u is not None)
                until = max(sold) if sold and all(u is not None for u in sold) else None
                items_out.append(rows.item_node(item, price_cents=price, available=not sold, until=until))
            categories_out.append({"id": category["key"], "name": category["name"], "description": category["description"],
                                   "availability": _schedule_data(category["availability"]), "items": items_out})
        menus_out.append({"id": menu["key"], "name": menu["name"], "description": menu["description"],
                          "availability": _schedule_data(menu["availability"]), "categories": categories_out})
    location_data = location_summary(location, at, with_zones=False)
    data = {"location": location_data, "currency": currency, "generated_at": at.isoformat(), "menus": menus_out}
    return MenuTree(data, min((c for c in changes if c), default=None))


def menu_export(menu: Menu) -> dict:
    """One menu as JSON, in the shape of a menu of the public tree (base prices, no sold-out state);
    its ids name the source rows, and an import ignores them."""
    rows = _TreeRows([menu.pk])
    return {
        "id": str(menu.pk), "name": menu.name, "description": menu.description,
        "availability": _schedule_data(menu.availability),
        "locations": [str(pk) for pk in menu.assignments.values_list("location_id", flat=True)],
        "categories": [
            {"id": c["key"], "name": c["name"], "description": c["description"],
             "availability": _schedule_data(c["availability"]),
             "items": [rows.item_node(i, price_cents=i["price_cents"], available=True, until=None)
                       for i in rows.items.get(c["key"], ())]}
            for c in rows.categories.get(str(menu.pk), ())
        ],
    }
