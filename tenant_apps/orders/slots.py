"""Capacity of scheduled-order slots, enforced in the database so concurrent checkouts cannot
both take the last place."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F

from . import errors
from .models import Order, SlotBooking


def book(location_id, slot_start: datetime, capacity: int) -> int:
    """Take one place in the slot, or raise `SlotFull`. Returns the places now taken.

    One statement: the upsert either creates the slot's row with 1 or adds 1 only while
    `taken < capacity`. PostgreSQL locks the row for the update, so of 20 concurrent checkouts
    for the last place exactly one gets a row back; the others see the incremented value and
    their WHERE fails. The row lock is held until the checkout's transaction ends.
    """
    if capacity <= 0:
        raise errors.SlotFull()
    table = connection.ops.quote_name(SlotBooking._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (location_id, slot_start, taken) VALUES (%s, %s, 1) "
            f"ON CONFLICT (location_id, slot_start) DO UPDATE SET taken = {table}.taken + 1 "
            f"WHERE {table}.taken < %s RETURNING taken",
            [location_id, slot_start, capacity],
        )
        row = cursor.fetchone()
    if row is None:
        raise errors.SlotFull()
    return row[0]


def release(order: Order) -> None:
    """Give back the place a scheduled order held (it was cancelled, rejected or not paid)."""
    if order.scheduled_for is None:
        return
    SlotBooking.objects.filter(location_id=order.location_id, slot_start=order.scheduled_for, taken__gt=0).update(
        taken=F("taken") - 1
    )


def taken_by_slot(location_id, start: datetime, end: datetime) -> dict[datetime, int]:
    rows = SlotBooking.objects.filter(location_id=location_id, slot_start__gte=start, slot_start__lt=end)
    return {row.slot_start: row.taken for row in rows}




# ---------------------------------------------------------------------------------------------
# Which slots exist: opening hours, prep time and busy mode (pure, over catalog rules)


def slot_starts(hours, tz: str, day: date, *, slot_minutes: int, prep_minutes: int, earliest: datetime) -> list[datetime]:
    """Aware UTC starts of the slots on local date `day`.

    A slot is a time the order is ready (pickup) or leaves (delivery). Within each opening range
    that opens on `day`, slots run on the local `slot_minutes` grid from opening + prep time up
    to (not including) closing, and none is earlier than `earliest` (now + quoted prep time).
    Wall times that do not exist (a DST gap) are skipped; a repeated hour counts once.
    """
    zone = ZoneInfo(tz)
    midnight = datetime(day.year, day.month, day.day)
    seen: set[datetime] = set()
    starts: list[datetime] = []
    for start, end in hours.ranges_opening_on(day):
        end = end if end > start else end + 24 * 60
        first = start + prep_minutes
        minute = -(-first // slot_minutes) * slot_minutes  # round up to the grid
        while minute < end:
            wall = midnight + timedelta(minutes=minute)
            aware = wall.replace(tzinfo=zone)
            minute += slot_minutes
            if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
                continue  # inside a DST gap
            instant = aware.astimezone(UTC)
            if instant >= earliest and instant not in seen:
                seen.add(instant)
                starts.append(instant)
    return sorted(starts)
