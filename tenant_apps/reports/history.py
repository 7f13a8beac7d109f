"""Plausible past orders, written in bulk: the demo brands' 30 days, the benchmark, the tests.

A day has a lunch and a dinner peak, weekends are busier, and some orders are cancelled,
rejected or never paid, each with the events a real order would have had (so prep and delivery
times come out of the events as they do for real orders). Rows go in with `bulk_create`; the
brand's event counter and the order-number counters are moved past what was written, so real
checkouts afterwards continue the sequences.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import F

from tenant_apps.catalog.models import Item, Location
from tenant_apps.orders.models import EventCounter, Order, OrderEvent, OrderLine, OrderNumberCounter

from .days import local_day

Status = Order.Status
FALLBACK_MENU = [("Margherita", 950), ("Diavola", 1150), ("Caesar salad", 850), ("Tiramisu", 550), ("Lemonade", 350)]
CANCEL_REASONS = ["Customer changed their mind", "Ordered twice", "Too long a wait"]
REJECT_REASONS = ["Kitchen closing", "Out of dough", "Address too far"]
MODIFIERS = [("Extra cheese", 150), ("No onions", 0), ("Large", 300)]


@dataclass
class Batch:
    orders: list
    lines: list
    events: list  # (order, minutes after placing, from, to, reason)


def _menu() -> list[tuple[str, int]]:
    items = list(Item.objects.values_list("name", "price_cents")[:30])
    return items or FALLBACK_MENU


def _minute_of_day(rng: random.Random, minutes: int) -> float:
    """Lunch (12:30) and dinner (19:30) peaks, a thin spread across the rest of the opening day."""
    peak = rng.random()
    if peak < 0.4:
        moment = rng.gauss(12.5 * 60, 50)
    elif peak < 0.9:
        moment = rng.gauss(19.5 * 60, 70)
    else:
        moment = rng.uniform(10 * 60, 23 * 60)
    return min(max(moment, 0), minutes - 1)


def _fate(rng: random.Random, fulfillment: str) -> list[tuple[str, str, float, str]]:
    """The order's moves as (from, to, minutes after placing, reason)."""
    roll = rng.random()
    if roll < 0.05:
        return [(Status.PLACED, Status.CANCELLED, rng.uniform(1, 8), rng.choice(CANCEL_REASONS))]
    if roll < 0.08:
        return [(Status.PLACED, Status.REJECTED, rng.uniform(1, 4), rng.choice(REJECT_REASONS))]
    accepted, ready = rng.uniform(1, 4), rng.uniform(12, 28)
    moves = [(Status.PLACED, Status.ACCEPTED, accepted, ""), (Status.ACCEPTED, Status.PREPARING, accepted + 1, ""),
             (Status.PREPARING, Status.READY, ready, "")]
    if fulfillment == Order.Fulfillment.PICKUP:
        return [*moves, (Status.READY, Status.PICKED_UP, ready + rng.uniform(2, 10), "")]
    departed = ready + rng.uniform(2, 6)
    return [*moves, (Status.READY, Status.OUT_FOR_DELIVERY, departed, ""),
            (Status.OUT_FOR_DELIVERY, Status.DELIVERED, departed + rng.uniform(8, 30), "")]


def _order(location: Location, day: date, number: int, placed: datetime, rng, menu, currency) -> tuple:
    fulfillment = Order.Fulfillment.DELIVERY if rng.random() < 0.55 else Order.Fulfillment.PICKUP
    order = Order(id=uuid.uuid4(), location=location, location_name=location.name, number=number, business_date=day,
                  fulfillment=fulfillment, contact_name="Demo Customer", contact_email=f"guest{number}@example.test",
                  currency=currency, prices_include_tax=True, payment_method=rng.choice(["card", "card", "cash"]),
                  created=placed, placed_at=placed)
    lines, subtotal = [], 0
    for position in range(rng.choice([1, 1, 2, 2, 3, 4])):
        name, price = rng.choice(menu)
        quantity = rng.choice([1, 1, 1, 2])
        modifiers = [{"name": m, "quantity": 1, "unit_price_cents": p, "charged_cents": p}
                     for m, p in MODIFIERS if rng.random() < 0.15]
        extra = sum(m["charged_cents"] for m in modifiers)
        line_total = (price + extra) * quantity
        subtotal += line_total
        lines.append(OrderLine(order=order, position=position, name=name, quantity=quantity, unit_price_cents=price,
                               modifiers=modifiers, modifiers_cents=extra, tax_category="standard", tax_rate_bp=1900,
                               subtotal_cents=line_total, tax_cents=round(line_total * 19 / 119), total_cents=line_total))
    order.subtotal_cents = subtotal
    order.discount_cents = round(subtotal * 0.1) if rng.random() < 0.08 else 0
    order.delivery_fee_cents = 250 if fulfillment == Order.Fulfillment.DELIVERY else 0
    order.tip_cents = rng.choice([0, 0, 100, 200, 300])
    order.tax_cents = round((subtotal - order.discount_cents) * 19 / 119)
    order.total_cents = subtotal - order.discount_cents + order.delivery_fee_cents + order.tip_cents
    return order, lines, _fate(rng, fulfillment)


def day_of_orders(location: Location, day: date, count: int, *, rng: random.Random, currency: str = "EUR",
                  first_number: int = 1) -> Batch:
    """`count` orders of `location` on `day` (local time), not yet saved, numbered from `first_number`."""
    start, end = local_day(day, location.timezone)
    minutes = int((end - start).total_seconds() // 60)
    menu, batch = _menu(), Batch([], [], [])
    for number, minute in enumerate(sorted(_minute_of_day(rng, minutes) for _ in range(count)),
                                    start=first_number):
        order, lines, moves = _order(location, day, number, start + timedelta(minutes=minute), rng, menu, currency)
        order.status = moves[-1][1]
        order.status_changed = order.placed_at + timedelta(minutes=moves[-1][2])
        batch.orders.append(order)
        batch.lines.extend(lines)
        batch.events.append((order, 0.0, "", Status.PLACED, ""))
        batch.events.extend((order, after, src, dst, reason) for src, dst, after, reason in moves)
    return batch


def _take_seqs(count: int) -> int:
    """Reserve `count` event seqs of this schema; returns the first."""
    EventCounter.objects.get_or_create(id=1)
    EventCounter.objects.filter(id=1).update(last_seq=F("last_seq") + count)
    return EventCounter.objects.get(id=1).last_seq - count + 1


def save(batch: Batch) -> None:
    """Write a batch in bulk, in one transaction."""
    with transaction.atomic():
        first_seq = _take_seqs(len(batch.events))
        events = [
            OrderEvent(seq=first_seq + n, order=order, location_id=order.location_id,
                       kind=OrderEvent.Kind.CREATED if not src else OrderEvent.Kind.STATUS_CHANGED,
                       from_status=src, to_status=dst, actor_role="system", reason=reason,
                       created=order.placed_at + timedelta(minutes=after))
            for n, (order, after, src, dst, reason) in enumerate(batch.events)
        ]
        Order.objects.bulk_create(batch.orders, batch_size=2000)
        OrderLine.objects.bulk_create(batch.lines, batch_size=2000)
        OrderEvent.objects.bulk_create(events, batch_size=2000)
        _advance_number_counters(batch.orders)


def _advance_number_counters(orders: list) -> None:
    last: dict[tuple, int] = {}
    for order in orders:
        key = (order.location_id, order.business_date)
        last[key] = max(last.get(key, 0), order.number)
    table = OrderNumberCounter._meta.db_table
    with connection.cursor() as cursor:
        for (location_id, day), number in last.items():
            cursor.execute(
                f"INSERT INTO {table} (location_id, business_date, last_number) VALUES (%s, %s, %s) "
                f"ON CONFLICT (location_id, business_date) DO UPDATE SET last_number = "
                f"greatest({table}.last_number, EXCLUDED.last_number)", [location_id, day, number])


def orders_on(day: date, rng: random.Random, base: int) -> int:
    """How many orders a plausible day has: weekends busier, some noise."""
    weekend = 1.4 if day.weekday() >= 4 else 1.0
    return max(0, round(rng.gauss(base * weekend, base * 0.15)))
