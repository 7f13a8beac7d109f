"""Changes to the catalog. One transaction each; the cache version is bumped after commit
(signals.py for row saves and deletes, `bump_version_on_commit` for bulk writes here).

Rules on JSON fields (hours, schedules, polygons) and modifier groups come from rules.py and
are checked here, so the API, imports and seed data cannot store what the readers reject.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from shared_apps.billing.services import ensure_within_plan_limit
from shared_apps.core import images
from tenants import audit
from tenants.selectors import current_tenant

from . import rules
from .cache import bump_version_on_commit
from .errors import CatalogRuleBroken, ImportInvalid, InvalidImage, NestingTooDeep, ReorderMismatch
from .models import (
    Category,
    DeliveryZone,
    Item,
    ItemLocation,
    Location,
    Menu,
    MenuLocation,
    Modifier,
    ModifierGroup,
)


def _rule(call, *args, prefix: str = ""):
    try:
        return call(*args)
    except rules.RuleError as exc:
        fields = {(f"{prefix}.{k}" if k else prefix) if prefix else (k or "non_field_errors"): v for k, v in exc.fields.items()}
        raise CatalogRuleBroken(exc.message, fields=fields) from None


def _clean_location(fields: dict) -> dict:
    if "hours" in fields:
        fields["hours"] = _rule(rules.normalize_weekly, fields["hours"], prefix="hours")
    if "hours_exceptions" in fields:
        fields["hours_exceptions"] = _rule(rules.normalize_exceptions, fields["hours_exceptions"], prefix="hours_exceptions")
    return fields


def _clean_schedule(fields: dict) -> dict:
    if fields.get("availability"):
        fields["availability"] = _rule(rules.normalize_weekly, fields["availability"], prefix="availability")
    elif "availability" in fields:
        fields["availability"] = None
    return fields


def _clean_zone(fields: dict, zone: DeliveryZone | None = None) -> dict:
    kind = fields.get("kind", zone.kind if zone else None)
    if kind == DeliveryZone.Kind.POLYGON:
        polygon = fields.get("polygon", zone.polygon if zone else None)
        fields["polygon"] = _rule(rules.normalize_polygon, polygon)
        fields["radius_m"] = None
    elif kind == DeliveryZone.Kind.RADIUS:
        radius = fields.get("radius_m", zone.radius_m if zone else None)
        if not radius:
            raise CatalogRuleBroken("A radius zone needs a radius.", fields={"radius_m": ["A positive radius in metres is required."]})
        fields["polygon"] = None
    return fields


def _clean_group(fields: dict, group: ModifierGroup | None = None) -> dict:
    def value(name, default):
        return fields.get(name, getattr(group, name) if group else default)

    _rule(rules.validate_group_limits, value("min_select", 0), value("max_select", None),
          value("required", False), value("free_quantity", 0))
    parent = value("parent_modifier", None)
    if parent is not None and parent.group.parent_modifier_id is not None:
        raise NestingTooDeep(fields={"parent_modifier": [NestingTooDeep.detail]})
    if value("item", None) is None and parent is None:
        raise CatalogRuleBroken("A group belongs to an item or a modifier.", fields={"item": ["Give item or parent_modifier."]})
    if value("item", None) is not None and parent is not None:
        raise CatalogRuleBroken("A group belongs to an item or a modifier.", fields={"item": ["Give only one of item and parent_modifier."]})
    return fields


CLEANERS = {
    Location: lambda fields, obj: _clean_location(fields),
    DeliveryZone: _clean_zone,
    Menu: lambda fields, obj: _clean_schedule(fields),
    Category: lambda fields, obj: _clean_schedule(fields),
    ModifierGroup: _clean_group,
}


def _save(obj: Model, fields: dict, *, creating: bool) -> Model:
    fields = CLEANERS.get(type(obj), lambda f, o: f)(dict(fields), None if creating else obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    try:
        with transaction.atomic():
            if creating:
                obj.save()
            else:
                obj.save(update_fields=[*fields, "updated"] if hasattr(obj, "updated") else list(fields))
    except IntegrityError as exc:  # a database constraint the serializers did not foresee
        raise CatalogRuleBroken(f"The change breaks a constraint ({exc.__cause__.__class__.__name__}).") from None
    return obj


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


# --- locations --------------------------------------------------------------------------------


def _audit(action: str, actor, target: str, data: dict | None = None) -> None:
    """Record a change that matters to the brand's operations (86, busy mode, prices, imports, deletes)
    in the platform's audit log, in the caller's transaction. `actor` is an audit.Actor, a user or None."""
    if not isinstance(actor, audit.Actor):
        actor = audit.Actor.for_user(actor) if getattr(actor, "pk", None) else audit.Actor.system("catalog")
    audit.record(f"catalog.{action}", by=actor, tenant=current_tenant(), target=target, data=data)


def create_location(*, actor, enforce_plan_limit: bool = True, **fields) -> Location:
    """A new location of the brand, within its plan's limit of locations (403 `plan_limit`).

    `enforce_plan_limit=False` is for seeding demo data only.
    """
    with transaction.atomic():
        if enforce_plan_limit:
            # Serialise location creation per brand: two concurrent creates must not both pass
            # the count (a transaction-scoped advisory lock, released at commit or rollback).
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:catalog.locations"])
            ensure_within_plan_limit(current_tenant(), "locations", Location.objects.count())
        fields.setdefault("position", _next_position(Location.objects))
        return _save(Location(), fields, creating=True)


def update_location(location: Location, *, actor, **fields) -> Location:
    """Change a location: address, hours, exceptions, fulfilment, prep time, busy mode."""
    with transaction.atomic():
        before = (location.busy_mode, location.busy_extra_minutes)
        _save(location, fields, creating=False)
        if (location.busy_mode, location.busy_extra_minutes) != before:
            _audit("location.busy_mode", actor, f"location:{location.pk}",
                   {"busy_mode": location.busy_mode, "extra_minutes": location.busy_extra_minutes})
    return location


def set_busy_mode(location: Location, mode: str, *, extra_minutes: int = 0, actor) -> Location:
    """Busy mode: `extra_time` adds minutes to quoted times, `paused` stops new orders, `off`."""
    return update_location(location, actor=actor, busy_mode=mode, busy_extra_minutes=extra_minutes)


def delete_location(location: Location, *, actor) -> None:
    with transaction.atomic():
        _audit("location.deleted", actor, f"location:{location.pk}", {"name": location.name})
        location.delete()


def create_zone(location: Location, *, actor, **fields) -> DeliveryZone:
    fields.setdefault("position", _next_position(location.zones))
    return _save(DeliveryZone(location=location), fields, creating=True)


def update_zone(zone: DeliveryZone, *, actor, **fields) -> DeliveryZone:
    return _save(zone, fields, creating=False)


def delete_zone(zone: DeliveryZone, *, actor) -> None:
    zone.delete()


# --- menus, categories, items, modifiers ------------------------------------------------------


def create_menu(*, actor, locations: Iterable[Location] = (), **fields) -> Menu:
    fields.setdefault("position", _next_position(Menu.objects))
    with transaction.atomic():
        menu = _save(Menu(), fields, creating=True)
        for location in locations:
            MenuLocation.objects.create(menu=menu, location=location)
    return menu


def update_menu(menu: Menu, *, actor, locations: Iterable[Location] | None = None, **fields) -> Menu:
    with transaction.atomic():
        if fields:
            _save(menu, fields, creating=False)
        if locations is not None:
            assign_menu(menu, locations, actor=actor)
    return menu


def assign_menu(menu: Menu, locations: Iterable[Location], *, actor) -> Menu:
    """Serve `menu` at exactly these locations."""
    wanted = {loc.pk for loc in locations}
    with transaction.atomic():
        MenuLocation.objects.filter(menu=menu).exclude(location_id__in=wanted).delete()
        have = set(MenuLocation.objects.filter(menu=menu).values_list("location_id", flat=True))
        MenuLocation.objects.bulk_create([MenuLocation(menu=menu, location_id=pk) for pk in wanted - have])
        bump_version_on_commit()  # bulk_create sends no signals
    return menu


def delete_menu(menu: Menu, *, actor) -> None:
    with transaction.atomic():
        _audit("menu.deleted", actor, f"menu:{menu.pk}", {"name": menu.name})
        menu.delete()


def create_category(menu: Menu, *, actor, **fields) -> Category:
    fields.setdefault("position", _next_position(menu.categories))
    return _save(Category(menu=menu), fields, creating=True)


def update_category(category: Category, *, actor, **fields) -> Category:
    return _save(category, fields, creating=False)


def delete_category(category: Category, *, actor) -> None:
    category.delete()


def create_item(category: Category, *, actor, **fields) -> Item:
    fields.setdefault("position", _next_position(category.items))
    return _save(Item(category=category), fields, creating=True)


def update_item(item: Item, *, actor, **fields) -> Item:
    return _save(item, fields, creating=False)


def delete_item(item: Item, *, actor) -> None:
    item.delete()


def create_modifier_group(*, actor, item: Item | None = None, parent_modifier: Modifier | None = None, **fields) -> ModifierGroup:
    parent = item.modifier_groups if item is not None else parent_modifier.groups if parent_modifier else None
    if parent is not None:
        fields.setdefault("position", _next_position(parent))
    return _save(ModifierGroup(), {**fields, "item": item, "parent_modifier": parent_modifier}, creating=True)


def update_modifier_group(group: ModifierGroup, *, actor, **fields) -> ModifierGroup:
    return _save(group, fields, creating=False)


def delete_modifier_group(group: ModifierGroup, *, actor) -> None:
    group.delete()


def create_modifier(group: ModifierGroup, *, actor, **fields) -> Modifier:
    fields.setdefault("position", _next_position(group.modifiers))
    return _save(Modifier(group=group), fields, creating=True)


def update_modifier(modifier: Modifier, *, actor, **fields) -> Modifier:
    return _save(modifier, fields, creating=False)


def delete_modifier(modifier: Modifier, *, actor) -> None:
    modifier.delete()


def set_modifier_availability(modifier: Modifier, *, available: bool, actor) -> Modifier:
    """Mark a modifier sold out ("86": no more bacon) or back, everywhere; audited like an item's 86."""
    with transaction.atomic():
        _save(modifier, {"is_available": available}, creating=False)
        _audit("modifier.availability", actor, f"modifier:{modifier.pk}", {"available": available})
    return modifier


MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def set_item_image(item: Item, upload, *, actor) -> Item:
    """Store the item's image, re-encoded from its pixels (JPEG, PNG or WebP by content, at most
    2 MB, shared_apps.core.images), under a name of ours. Replaces the old one."""
    try:
        image = images.reencoded(upload, formats=IMAGE_FORMATS, max_bytes=MAX_IMAGE_BYTES, name=str(item.pk))
    except images.NotAnImage as exc:
        raise InvalidImage(fields={"image": [str(exc)]}) from None
    old = item.image.name if item.image else None
    with transaction.atomic():
        item.image.save(image.name, image, save=False)
        item.save(update_fields=["image", "updated"])
    if old and old != item.image.name:
        storage = item.image.storage
        transaction.on_commit(lambda: storage.delete(old))  # only once the new name is committed
    return item


# --- sold out, prices, order ------------------------------------------------------------------


def set_item_availability(item: Item, *, available: bool, until: datetime | None = None,
                          location: Location | None = None, actor) -> Item:
    """Mark an item sold out ("86") or back, everywhere or at one location.

    With `until`, the item comes back by itself at that instant: readers compare it with the
    clock, so no job has to run. An `until` in the past is refused.
    """
    if not available and until is not None and until <= timezone.now():
        raise CatalogRuleBroken("`until` must be in the future.", fields={"until": ["Must be in the future."]})
    sold_out, sold_out_until = (not available), (None if available else until)
    with transaction.atomic():
        if location is None:
            _save(item, {"sold_out": sold_out, "sold_out_until": sold_out_until}, creating=False)
        else:
            ItemLocation.objects.update_or_create(
                item=item, location=location, defaults={"sold_out": sold_out, "sold_out_until": sold_out_until})
        _audit("item.availability", actor, f"item:{item.pk}", {
            "available": available, "until": sold_out_until.isoformat() if sold_out_until else None,
            "location": str(location.pk) if location else None})
    return item


def set_price_override(item: Item, location: Location, price_cents: int | None, *, actor) -> ItemLocation:
    """This location's price for the item; None returns to the item's own price."""
    setting, _ = ItemLocation.objects.update_or_create(item=item, location=location, defaults={"price_cents": price_cents})
    return setting


def bulk_update_prices(changes: Mapping[Item, int], *, location: Location | None = None, actor) -> int:
    """Set many prices at once, all or nothing: base prices, or one location's overrides."""
    with transaction.atomic():
        if location is None:
            for item, price in changes.items():
                item.price_cents = price
            Item.objects.bulk_update(list(changes), ["price_cents"])
        else:
            for item, price in changes.items():
                ItemLocation.objects.update_or_create(item=item, location=location, defaults={"price_cents": price})
        bump_version_on_commit()  # bulk_update sends no signals
        _audit("items.bulk_price", actor, f"location:{location.pk}" if location else "base prices",
               {"prices": {str(item.pk): price for item, price in changes.items()}})
    return len(changes)


def reorder(siblings, ordered_ids: list, *, actor) -> None:
    """Give `siblings` (a queryset of one parent's children) the order of `ordered_ids`.

    The list must name every sibling exactly once, so two staff reordering at once cannot
    silently drop or duplicate a position; rows are locked while renumbered.
    """
    with transaction.atomic():
        rows = {str(row.pk): row for row in siblings.select_for_update()}
        wanted = [str(pk) for pk in ordered_ids]
        if len(wanted) != len(set(wanted)) or set(wanted) != set(rows):
            raise ReorderMismatch(fields={"ids": [ReorderMismatch.detail]})
        for index, pk in enumerate(wanted):
            rows[pk].position = index
        siblings.model.objects.bulk_update(list(rows.values()), ["position"])
        bump_version_on_commit()


# --- import -----------------------------------------------------------------------------------

GROUP_FIELDS = ("name", "min_select", "max_select", "required", "free_quantity")
MODIFIER_FIELDS = ("name", "price_delta_cents", "max_quantity", "allergens", "dietary_tags")
ITEM_FIELDS = ("name", "description", "price_cents", "tax_category", "allergens", "dietary_tags", "calories")


def _import_groups(groups: list[dict], *, actor, item: Item | None = None, parent: Modifier | None = None) -> None:
    for g in groups:
        group = create_modifier_group(actor=actor, item=item, parent_modifier=parent,
                                      **{k: g[k] for k in GROUP_FIELDS if k in g})
        for m in g.get("modifiers", []):
            modifier = create_modifier(group, actor=actor, is_available=m.get("available", True),
                                       **{k: m[k] for k in MODIFIER_FIELDS if k in m})
            _import_groups(m.get("groups", []), actor=actor, parent=modifier)


def import_menu(document: dict, *, locations: Iterable[Location] = (), actor) -> Menu:
    """Create a menu from an exported tree (already shape-checked by the serializer), all or nothing.

    Every rule of the editing API applies to each row; the first broken one names its path.
    """
    path = "menu"
    try:
        with transaction.atomic():
            menu = create_menu(actor=actor, locations=locations, name=document["name"],
                               description=document.get("description", ""), availability=document.get("availability"))
            for ci, c in enumerate(document.get("categories", [])):
                path = f"categories.{ci}"
                category = create_category(menu, actor=actor, name=c["name"], description=c.get("description", ""),
                                           availability=c.get("availability"))
                for ii, i in enumerate(c.get("items", [])):
                    path = f"categories.{ci}.items.{ii}"
                    item = create_item(category, actor=actor, **{k: i[k] for k in ITEM_FIELDS if k in i})
                    _import_groups(i.get("modifier_groups", []), actor=actor, item=item)
            _audit("menu.imported", actor, f"menu:{menu.pk}", {"name": menu.name})
    except (CatalogRuleBroken, NestingTooDeep) as exc:
        raise ImportInvalid(f"{path}: {exc.detail}", fields={f"{path}.{k}": v for k, v in exc.fields.items()}) from None
    return menu
