"""Demo orders for `seed_demo`: a few days of finished orders and some open ones for the board.

Orders are placed through the real checkout (priced, numbered, with events) at instants when the
location was open, then moved through the real `transition_order` by the demo staff; some open
ones run late (`change_eta`).
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import User
from tenant_apps.catalog.models import Location

from . import catalog_adapter, checkout, errors, quotes
from .models import Order
from .services import Eta, change_eta, transition_order
from .states import NOT_YET_READY, Status

PAST_FLOW = {
    "delivery": [Status.ACCEPTED, Status.PREPARING, Status.READY, Status.OUT_FOR_DELIVERY, Status.DELIVERED],
    "pickup": [Status.ACCEPTED, Status.PREPARING, Status.READY, Status.PICKED_UP],
}
OPEN_STAGES = [[], [Status.ACCEPTED], [Status.ACCEPTED, Status.PREPARING], [Status.ACCEPTED, Status.PREPARING, Status.READY]]


def _open_instant(location: Location, latest: datetime, *, hours_back: int = 24 * 7) -> datetime | None:
    for step in range(0, hours_back * 4):
        at = latest - timedelta(minutes=15 * step)
        if location.accepts_orders_at(at):
            return at
    return None


def _selection(groups) -> list:
    """The least a customer must choose: the first modifiers of every required group."""
    chosen = []
    for group in groups:
        available = [m for m in group.modifiers if m.available]
        for modifier in available[: group.effective_min]:
            chosen.append(modifier.id)
            chosen.extend(_selection(modifier.groups))
    return chosen


def _cart(location: Location, at: datetime, rng: random.Random, fulfillment: str) -> quotes.Cart | None:
    ids = list(location.assignments.values_list("menu__categories__items", flat=True))
    loaded = catalog_adapter.load_items(location, [i for i in ids if i], at)
    orderable = [c for c in loaded.values() if c.availability.available]
    if not orderable:
        return None
    picks = rng.sample(orderable, k=min(len(orderable), rng.randint(1, 3)))
    items = tuple(quotes.CartItem(p.item_id, rng.randint(1, 2), tuple(_selection(p.groups))) for p in picks)
    zone = location.zones.order_by("position").first()
    address = None
    if fulfillment == "delivery" and zone is not None:
        address = {"line1": "1 Demo Street", "city": "Demo", "lat": location.latitude + 0.001, "lng": location.longitude}
    elif fulfillment == "delivery":
        fulfillment = "pickup"
    return quotes.Cart(location=location.pk, fulfillment=fulfillment, items=items, delivery_address=address)


def _place(location, at, rng, customer, fulfillment) -> Order | None:
    cart = _cart(location, at, rng, fulfillment)
    if cart is None:
        return None
    contact = checkout.Contact(email=customer.email, name=customer.name or "Demo Customer", phone="+0000000")
    try:
        with transaction.atomic():  # a savepoint: a refused cart is skipped, the seeding goes on
            return checkout.place_order(cart, actor=customer, contact=contact, payment_method="cash", at=at)
    except errors.QuoteError:  # e.g. below a zone's minimum: the demo just skips it
        return None


def seed_orders(brand_slug: str, *, past: int = 12, open_orders: int = 6) -> int:
    """Place demo orders in the current schema once; returns how many were made (0 if any exist)."""
    if Order.objects.exists():
        return 0
    rng = random.Random(brand_slug)
    staff = {role: User.objects.filter(role=role).first() for role in ("manager", "kitchen", "courier")}
    customer = User.objects.filter(role=User.Role.CUSTOMER).first()
    made = 0
    for location in Location.objects.filter(is_active=True):
        now = timezone.now()
        for n in range(past + open_orders):
            is_open = n >= past
            latest = now - timedelta(minutes=5 * n) if is_open else now - timedelta(days=1 + n % 5, hours=n)
            at = _open_instant(location, latest)
            if at is None:
                continue
            fulfillment = rng.choice(["delivery", "pickup"])
            order = _place(location, at, rng, customer, fulfillment)
            if order is None:
                continue
            made += 1
            if is_open:
                moves = OPEN_STAGES[n % len(OPEN_STAGES)]
            elif n % 6 == 5:
                moves = [Status.CANCELLED]
            else:
                moves = PAST_FLOW[order.fulfillment]
            for to in moves:
                actor = staff["courier"] if to in (Status.OUT_FOR_DELIVERY, Status.DELIVERED) else staff["manager"]
                reason = "Demo: the customer changed plans" if to == Status.CANCELLED else None
                order = transition_order(order, to, actor=actor, reason=reason)
            if is_open and order.status in NOT_YET_READY and n % 2 == 0:  # a busy kitchen runs late on some
                order = change_eta(order, Eta(delay_minutes=10), actor=staff["manager"], reason="Demo: a busy kitchen")
    return made
