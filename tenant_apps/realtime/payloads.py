"""What a WebSocket message says about an order and one of its events. Plain JSON-safe dicts.

Built from committed rows only (never from the in-memory objects of the transaction that made
them): the publisher re-reads the event after commit, the replay reads it by seq. `event` is the
immutable record; `order` is the order's state when the message was built — a replayed event
therefore shows the order as it is now, which is what a board that catches up needs.

Two audiences: the kitchen sees what it must cook and hand over (lines, notes, contact,
address); the tracking page sees progress only — a tracking link can be forwarded.
"""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def event_payload(event) -> dict:
    return {
        "seq": event.seq,
        "kind": event.kind,
        "from": event.from_status,
        "to": event.to_status,
        "at": _iso(event.created),
        "actor_role": event.actor_role,
        "reason": event.reason,
        # The estimates as this event left them; for kind `eta_changed`, the new times.
        "estimated_ready_at": _iso(event.estimated_ready_at),
        "estimated_delivery_at": _iso(event.estimated_delivery_at),
    }


def tracking_order(order) -> dict:
    return {
        "id": str(order.id),
        "number": order.number,
        "status": order.status,
        "fulfillment": order.fulfillment,
        "location_name": order.location_name,
        "placed_at": _iso(order.placed_at),
        "scheduled_for": _iso(order.scheduled_for),
        "estimated_ready_at": _iso(order.estimated_ready_at),
        "estimated_delivery_at": _iso(order.estimated_delivery_at),
        "status_changed": _iso(order.status_changed),
    }


def kitchen_order(order, lines=None) -> dict:
    """`lines`: the order's lines in position order (default: `order.lines.all()`)."""
    lines = [
        {
            "name": line.name,
            "quantity": line.quantity,
            "modifiers": [{"name": m.get("name"), "quantity": m.get("quantity", 1)} for m in line.modifiers or ()],
            "note": line.note,
        }
        for line in (order.lines.all() if lines is None else lines)
    ]
    return {
        **tracking_order(order),
        "location": str(order.location_id) if order.location_id else None,
        "contact_name": order.contact_name,
        "contact_phone": order.contact_phone,
        "delivery_address": order.delivery_address,
        "note": order.note,
        "lines": lines,
        "total_cents": order.total_cents,
        "currency": order.currency,
        "payment_method": order.payment_method,
    }


def event_message(event, *, audience: str, lines=None) -> dict:
    """`{"type": "order.event", "seq", "order", "event"}` for the kitchen or the tracking page.

    `event` and `event.order` may be model instances or any objects with the same attributes."""
    order = kitchen_order(event.order, lines) if audience == "kitchen" else tracking_order(event.order)
    return {"type": "order.event", "seq": event.seq, "order": order, "event": event_payload(event)}
