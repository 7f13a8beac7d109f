"""Reads of the catalog: the helpers pricing and checkout use, and the public trees.

For ordering (issue 5): `item_price_cents`, `item_availability`, `modifier_rules`,
`delivery_zone_for`, and `Location.accepts_orders_at` / `quoted_prep_minutes` on the model.
They evaluate at an explicit instant so a quote and the order placed from it agree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django_tenants.utils import schema_context

from . import rules
from .models import Category, DeliveryZone, Item, ItemLocation, Location, Menu, Modifier, ModifierGroup


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


def _group_rule(group: ModifierGroup, *, nested: bool) -> rules.GroupRule:
    return rules.GroupRule(
        id=group.id, name=group.name, min_select=group.min_select, max_select=group.max_select,
        required=group.required, free_quantity=group.free_quantity,
        modifiers=tuple(
            rules.ModifierRule(
                id=m.id, name=m.name, price_delta_cents=m.price_delta_cents, max_quantity=m.max_quantity,
                available=m.is_available,
                groups=tuple(_group_rule(g, nested=True) for g in m.groups.all()) if not nested else (),
            )
            for m in group.modifiers.all()
        ),
    )


def modifier_rules(item: Item) -> list[rules.GroupRule]:
    """The item's modifier groups as pure rules, for `rules.validate_modifier_selection`."""
    groups = item.modifier_groups.prefetch_related(Prefetch("modifiers", queryset=_modifier_queryset()))
    return [_group_rule(group, nested=False) for group in groups]


def delivery_zone_for(location: Location, lat: float, lng: float) -> DeliveryZone | None:
    """The first of the location's zones (in order) that contains the point, or None."""
    zones = list(location.zones.all())
    found = rules.find_zone([z.as_rule() for z in zones], location.origin, lat, lng)
    return next((z for z in zones if found is not None and z.id == found.id), None)


# ---------------------------------------------------------------------------------------------
# Trees: the public menu of a location, and a menu's export (the same shape)


def _schedule_data(availability) -> dict | None:
    return availability or None


def _modifier_node(modifier: Modifier, *, with_groups: bool) -> dict:
    node = {
        "id": str(modifier.id), "name": modifier.name, "price_delta_cents": modifier.price_delta_cents,
        "max_quantity": modifier.max_quantity, "available": modifier.is_available,
        "allergens": list(modifier.allergens), "dietary_tags": list(modifier.dietary_tags),
    }
    if with_groups:
        node["groups"] = [_group_node(g, nested=True) for g in modifier.groups.all()]
    return node


def _group_node(group: ModifierGroup, *, nested: bool = False) -> dict:
    return {
        "id": str(group.id), "name": group.name, "min_select": group.min_select, "max_select": group.max_select,
        "required": group.required, "free_quantity": group.free_quantity,
        "modifiers": [_modifier_node(m, with_groups=not nested) for m in group.modifiers.all()],
    }


def _item_node(item: Item, price_cents: int, sold_out_until, available: bool) -> dict:
    return {
        "id": str(item.id), "name": item.name, "description": item.description, "price_cents": price_cents,
        "image_url": item.image.url if item.image else None, "tax_category": item.tax_category,
        "allergens": list(item.allergens), "dietary_tags": list(item.dietary_tags), "calories": item.calories,
        "available": available, "available_again_at": sold_out_until.isoformat() if sold_out_until else None,
        "modifier_groups": [_group_node(g) for g in item.modifier_groups.all()],
    }


def _menus_with_tree(menus: QuerySet[Menu], *, location: Location | None = None) -> QuerySet[Menu]:
    items = Item.objects.filter(is_active=True).prefetch_related(
        Prefetch("modifier_groups", queryset=ModifierGroup.objects.prefetch_related(
            Prefetch("modifiers", queryset=_modifier_queryset()))),
    )
    if location is not None:
        items = items.prefetch_related(
            Prefetch("location_settings", queryset=ItemLocation.objects.filter(location=location), to_attr="here"))
    categories = Category.objects.filter(is_active=True).prefetch_related(Prefetch("items", queryset=items))
    return menus.prefetch_related(Prefetch("categories", queryset=categories))


@dataclass
class MenuTree:
    data: dict
    valid_until: datetime | None  # the tree may change by itself at this instant (schedules, 86 until)


def location_summary(location: Location, at: datetime) -> dict:
    hours = location.opening_hours()
    return {
        "id": str(location.id), "name": location.name, "address": location.address,
        "latitude": location.latitude, "longitude": location.longitude, "phone": location.phone,
        "timezone": location.timezone, "hours": location.hours, "hours_exceptions": location.hours_exceptions,
        "open_now": hours.is_open(at, location.timezone),
        "accepts_orders": location.accepts_orders_at(at),
        "fulfillment": location.fulfillment_options(),
        "prep_time_minutes": location.quoted_prep_minutes, "busy_mode": location.busy_mode,
        "delivery_zones": [
            {"id": str(z.id), "name": z.name, "kind": z.kind, "radius_m": z.radius_m, "polygon": z.polygon,
             "fee_cents": z.fee_cents, "min_order_cents": z.min_order_cents}
            for z in location.zones.all()
        ] if location.delivery_enabled else [],
    }


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
    menus_out = []
    menus = _menus_with_tree(Menu.objects.filter(is_active=True, assignments__location=location), location=location)
    for menu in menus:
        changes.append(menu.schedule().next_change(at, tz) if menu.availability else None)
        if menu.availability and not menu.schedule().is_open(at, tz):
            continue
        categories_out = []
        for category in menu.categories.all():
            changes.append(category.schedule().next_change(at, tz) if category.availability else None)
            if category.availability and not category.schedule().is_open(at, tz):
                continue
            items_out = []
            for item in category.items.all():
                here = item.here[0] if item.here else None
                price = here.price_cents if here is not None and here.price_cents is not None else item.price_cents
                sold = [(s.sold_out_until) for s in (item, here) if s is not None and s.is_sold_out_at(at)]
                changes.extend(u for u in sold if u is not None)
                if sold and all(u is not None for u in sold):
                    until = max(sold)
                else:
                    until = None
                items_out.append(_item_node(item, price, until, available=not sold))
            categories_out.append({"id": str(category.id), "name": category.name, "description": category.description,
                                   "availability": _schedule_data(category.availability), "items": items_out})
        menus_out.append({"id": str(menu.id), "name": menu.name, "description": menu.description,
                          "availability": _schedule_data(menu.availability), "categories": categories_out})
    location_data = location_summary(location, at)
    location_data.pop("delivery_zones")
    data = {"location": location_data, "currency": currency, "generated_at": at.isoformat(), "menus": menus_out}
    return MenuTree(data, min((c for c in changes if c), default=None))


def menu_export(menu: Menu) -> dict:
    """One menu as JSON, in the shape of a menu of the public tree (base prices, no sold-out state)."""
    menu = _menus_with_tree(Menu.objects.filter(pk=menu.pk)).get()
    return {
        "name": menu.name, "description": menu.description, "availability": _schedule_data(menu.availability),
        "locations": [str(a.location_id) for a in menu.assignments.all()],
        "categories": [
            {"name": c.name, "description": c.description, "availability": _schedule_data(c.availability),
             "items": [_item_node(i, i.price_cents, None, available=True) for i in c.items.all()]}
            for c in menu.categories.all()
        ],
    }
