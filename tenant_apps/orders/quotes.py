"""From a cart to a priced quote: the adapter between catalog rows and the pricing engine.

Everything is evaluated at one explicit instant (`at`), so a quote and the order placed from it
agree, and checkout re-runs exactly this with the clock of the moment of ordering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from tenant_apps.catalog import cache as catalog_cache
from tenant_apps.catalog import rules as catalog_rules
from tenant_apps.catalog.models import DeliveryZone, Location
from tenants.selectors import current_tenant

from . import brand_rules, catalog_adapter, errors, pricing, slots
from .models import Order, OrderingSettings, PromoCode
from .states import ABORTED_STATUSES

MAX_LINES = 50
MAX_QUANTITY = 99


@dataclass(frozen=True)
class CartItem:
    item: object  # catalog Item id (UUID)
    quantity: int
    modifiers: tuple = ()  # modifier ids; an id twice means quantity 2
    note: str = ""


@dataclass(frozen=True)
class Cart:
    location: object  # catalog Location id (UUID)
    fulfillment: str
    items: tuple[CartItem, ...]
    delivery_address: dict | None = None
    tip: pricing.Tip | None = None
    promo_code: str = ""
    scheduled_for: datetime | None = None


@dataclass
class Quote:
    cart: Cart
    location: Location
    at: datetime
    currency: str
    totals: pricing.Totals
    zone: DeliveryZone | None = None
    promo: PromoCode | None = None
    scheduled_for: datetime | None = None
    estimated_ready_at: datetime | None = None
    settings: OrderingSettings | None = field(default=None, repr=False)


def current_currency() -> str:
    return current_tenant().currency


def _line_error(index: int, code: str, detail: str, fields: dict | None = None) -> dict:
    return {"index": index, "code": code, "detail": detail, "fields": fields or {}}


def _raise_for_lines(problems: list[dict]) -> None:
    first = problems[0]
    error = errors.ItemUnavailable if first["code"] == errors.ItemUnavailable.code else errors.ModifierInvalid
    fields = {}
    for problem in problems:
        fields.setdefault(f"items.{problem['index']}", []).append(f"{problem['code']}: {problem['detail']}")
        for key, messages in problem["fields"].items():
            fields.setdefault(f"items.{problem['index']}.{key}", []).extend(messages)
    raise error(fields=fields, extra={"lines": problems})


def _location(cart: Cart, version: int) -> catalog_adapter.OrderingLocation:
    found = catalog_adapter.ordering_location(cart.location, version=version)
    if found is None:
        raise errors.LocationClosed("No such location is taking orders.", fields={"location": ["Unknown location."]})
    if cart.fulfillment not in found.location.fulfillment_options():
        raise errors.FulfillmentUnavailable(fields={"fulfillment": [f"This location offers: {', '.join(found.location.fulfillment_options()) or 'nothing'}."]})
    return found


def check_time(location: Location, cart: Cart, at: datetime, settings: OrderingSettings) -> datetime | None:
    """The instant the items must be available at: now (ASAP) or the chosen slot, which must exist."""
    if location.is_paused:
        raise errors.LocationClosed("The location has paused ordering; try again shortly.")
    if cart.scheduled_for is None:
        if not location.accepts_orders_at(at):
            raise errors.LocationClosed()
        return None
    wanted = cart.scheduled_for
    local_day = timezone.localtime(wanted, timezone=_zone(location)).date()
    if local_day > timezone.localtime(at, timezone=_zone(location)).date() + timedelta(days=settings.schedule_days_ahead):
        raise errors.SlotInvalid(fields={"scheduled_for": ["That day is too far ahead."]})
    if wanted not in set(slot_times(location, local_day, at, settings)):
        raise errors.SlotInvalid(fields={"scheduled_for": ["Choose one of the slots from /locations/{id}/slots/."]})
    return wanted


def _zone(location: Location) -> ZoneInfo:
    return ZoneInfo(location.timezone)


def slot_times(location: Location, day: date, at: datetime, settings: OrderingSettings) -> list[datetime]:
    if location.is_paused or not location.is_active:
        return []
    earliest = at + timedelta(minutes=location.quoted_prep_minutes)
    return slots.slot_starts(location.opening_hours(), location.timezone, day, slot_minutes=settings.slot_minutes,
                             prep_minutes=location.quoted_prep_minutes, earliest=earliest)


def available_slots(location: Location, day: date, *, at: datetime | None = None) -> list[dict]:
    """The slots of `day` (local) with their remaining capacity, for the storefront's picker."""
    at = at or timezone.now()
    settings = brand_rules.current().settings
    starts = slot_times(location, day, at, settings)
    if not starts:
        return []
    taken = slots.taken_by_slot(location.pk, starts[0], starts[-1] + timedelta(seconds=1))
    width = timedelta(minutes=settings.slot_minutes)
    capacity = settings.capacity_at(location)
    return [
        {"start": start, "end": start + width, "capacity": capacity, "available": max(0, capacity - taken.get(start, 0))}
        for start in starts
    ]


def _price_lines(location: Location, cart: Cart, at: datetime, settings: OrderingSettings, *,
                 version: int) -> list[pricing.Line]:
    if not cart.items:
        raise errors.ItemUnavailable("The cart is empty.", fields={"items": ["Add at least one item."]})
    if len(cart.items) > MAX_LINES:
        raise errors.ItemUnavailable(fields={"items": [f"At most {MAX_LINES} lines."]})
    loaded = catalog_adapter.load_items(location, [entry.item for entry in cart.items], at, version=version)
    rates = settings.tax_rates_bp()
    lines, problems = [], []
    for index, entry in enumerate(cart.items):
        found = loaded.get(entry.item)
        if found is None:
            problems.append(_line_error(index, "item_unavailable", "No such item."))
            continue
        if not found.availability.available:
            detail = f"{found.name} is not available ({found.availability.reason})."
            problems.append(_line_error(index, "item_unavailable", detail))
            continue
        try:
            chosen = catalog_rules.validate_modifier_selection(found.groups, list(entry.modifiers))
        except catalog_rules.ModifierSelectionError as exc:
            problems.append(_line_error(index, "modifier_invalid", exc.message, exc.fields))
            continue
        lines.append(pricing.Line(
            item_id=found.item_id, name=found.name, unit_price_cents=found.price_cents,
            quantity=entry.quantity, tax_rate_bp=rates.get(found.tax_category, rates["standard"]),
            tax_category=found.tax_category, note=entry.note,
            modifiers=tuple(pricing.ModifierCharge(m.id, m.name, m.quantity, m.unit_price_cents, m.charged_cents)
                            for m in chosen),
        ))
    if problems:
        # Unavailable items first: they are what the customer must change before anything else.
        problems.sort(key=lambda p: (p["code"] != "item_unavailable", p["index"]))
        _raise_for_lines(problems)
    return lines


def _delivery(found: catalog_adapter.OrderingLocation, cart: Cart) -> DeliveryZone | None:
    if cart.fulfillment != Order.Fulfillment.DELIVERY:
        return None
    address = cart.delivery_address or {}
    try:
        lat, lng = float(address["lat"]), float(address["lng"])
    except (KeyError, TypeError, ValueError):
        raise errors.OutsideDeliveryZone(fields={"delivery_address": ["Give the address with its lat and lng."]}) from None
    zone = found.zone_for(lat, lng)
    if zone is None:
        raise errors.OutsideDeliveryZone(fields={"delivery_address": [errors.OutsideDeliveryZone.detail]})
    return zone


def promo_uses(code: str, *, customer=None, email: str = "") -> tuple[int, int]:
    """How often `code` was used by orders that still count (not cancelled, rejected or unpaid),
    in total and by this customer (a registered customer, else the guest's e-mail)."""
    counted = Order.objects.filter(promo_code=code).exclude(status__in=ABORTED_STATUSES)
    if customer is not None:
        mine = Q(customer=customer)
    elif email:
        mine = Q(contact_email__iexact=email)
    else:
        mine = Q(pk__in=[])
    totals = counted.aggregate(total=Count("pk"), mine=Count("pk", filter=mine))
    return totals["total"], totals["mine"]


def _promo(cart: Cart, subtotal: int, at: datetime, *, rules: brand_rules.BrandRules, customer, email: str,
           lock: bool) -> tuple[PromoCode | None, pricing.Discount | None]:
    code = cart.promo_code.strip().upper()
    if not code:
        return None, None
    promo = rules.promo(code)
    if promo is None:
        raise errors.PromoInvalid(fields={"promo_code": ["Unknown promo code."]})
    uses_total = uses_mine = 0
    if promo.max_uses is not None or promo.max_uses_per_customer is not None:
        if lock:
            # Only a limited promo is locked (and counted): an unlimited one has no last use to
            # race for, and its lock would serialise every checkout that carries the code.
            promo = PromoCode.objects.select_for_update().get(pk=promo.pk)
        uses_total, uses_mine = promo_uses(code, customer=customer, email=email)
    rule = pricing.PromoRule(
        code=promo.code, kind=promo.kind, value=promo.value, min_subtotal_cents=promo.min_subtotal_cents,
        valid_from=promo.valid_from, valid_until=promo.valid_until, max_uses=promo.max_uses,
        max_uses_per_customer=promo.max_uses_per_customer, active=promo.is_active,
    )
    try:
        return promo, pricing.check_promo(rule, subtotal_cents=subtotal, at=at, uses_total=uses_total, uses_by_customer=uses_mine)
    except pricing.PromoRejected as exc:
        raise errors.PromoInvalid(str(exc), fields={"promo_code": [str(exc)]}) from None


def build_quote(cart: Cart, *, at: datetime | None = None, customer=None, email: str = "", lock_promo: bool = False,
                rules: brand_rules.BrandRules | None = None) -> Quote:
    """Price `cart` at instant `at` (now by default) or raise the precise `QuoteError`.

    Checks, in this order: the location and fulfilment, the time (open now, or a real slot),
    every line (availability, modifiers — all lines are reported at once), the delivery zone
    and its minimum order (on the subtotal before discount), then the promo code. Stores nothing.
    `lock_promo` (checkout) locks a limited promo's row so two orders cannot both take its last use.
    `rules`: the brand's rules when the caller has them (else the cached ones).
    """
    at = at or timezone.now()
    rules = rules or brand_rules.current()
    settings = rules.settings
    version = catalog_cache.current_version()  # one catalog version for the whole quote
    found = _location(cart, version)
    location = found.location
    scheduled_for = check_time(location, cart, at, settings)
    availability_at = scheduled_for or at
    lines = _price_lines(location, cart, availability_at, settings, version=version)
    zone = _delivery(found, cart)
    subtotal = sum(line.subtotal_cents for line in lines)
    if zone is not None and subtotal < zone.min_order_cents:
        raise errors.BelowMinimum(
            f"Delivery to this address needs a subtotal of at least {zone.min_order_cents}.",
            fields={"items": [f"Add {zone.min_order_cents - subtotal} more to reach the minimum."]},
            extra={"min_order_cents": zone.min_order_cents, "subtotal_cents": subtotal},
        )
    promo, discount = _promo(cart, subtotal, at, rules=rules, customer=customer, email=email, lock=lock_promo)
    totals = pricing.price(
        lines, prices_include_tax=settings.prices_include_tax, delivery_fee_cents=zone.fee_cents if zone else 0,
        discount=discount, tip=cart.tip,
    )
    ready = scheduled_for or at + timedelta(minutes=location.quoted_prep_minutes)
    return Quote(cart=cart, location=location, at=at, currency=current_currency(), totals=totals, zone=zone,
                 promo=promo, scheduled_for=scheduled_for, estimated_ready_at=ready, settings=settings)
