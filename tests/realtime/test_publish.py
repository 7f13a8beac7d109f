"""What the publisher sends after an event commits: the rows as the replay reads them, and each
stream's previous seq (the `prev` a consumer checks for a gap)."""

from django.db import connection
from django_tenants.utils import tenant_context

from tenant_apps.orders.events import record_event
from tenant_apps.orders.models import Order, OrderEvent
from tenant_apps.realtime.groups import kitchen_group, order_group
from tenant_apps.realtime.payloads import event_message
from tenant_apps.realtime.publish import messages_for_event
from tests.catalog.factories import LocationFactory
from tests.orders.factories import OrderFactory, OrderLineFactory


def _placed(location, *lines) -> tuple[Order, OrderEvent]:
    order = OrderFactory(location=location, location_name=location.name, status=Order.Status.PLACED,
                         delivery_address={"line1": "1 Loop", "lat": 52.5, "lng": 13.4}, note="ring twice")
    for position, (name, modifiers) in reversed(list(enumerate(lines))):  # ids against position order
        OrderLineFactory(order=order, position=position, name=name, quantity=position + 1, modifiers=modifiers)
    return order, record_event(order, kind="created", from_status="", to_status=order.status, actor=None)


def _as_replayed(event: OrderEvent, audience: str) -> dict:
    return event_message(OrderEvent.objects.select_related("order").get(pk=event.pk), audience=audience)


def test_each_message_carries_its_streams_previous_seq_and_reads_as_the_replay_does(tenant_a):
    with tenant_context(tenant_a):
        here, elsewhere = LocationFactory(), LocationFactory()
        first, first_created = _placed(here, ("Margherita", [{"name": "Large", "quantity": 1}]), ("Cola", []))
        second, second_created = _placed(here, ("Tiramisu", []))
        _, elsewhere_created = _placed(elsewhere, ("Soup", []))
        accepted = record_event(first, kind="status_changed", from_status="placed", to_status="accepted", actor=None)

        sent = messages_for_event(tenant_a.schema_name, accepted.pk)
        assert sent == [
            (order_group(tenant_a.schema_name, first.id), {**_as_replayed(accepted, "tracking"), "prev": first_created.seq}),
            # Not the other location's event, though it is the brand's latest before this one.
            (kitchen_group(tenant_a.schema_name, here.id), {**_as_replayed(accepted, "kitchen"), "prev": second_created.seq}),
        ]
        assert elsewhere_created.seq > second_created.seq
        assert [line["name"] for line in sent[1][1]["order"]["lines"]] == ["Margherita", "Cola"]
        assert sent[1][1]["order"]["lines"][0]["modifiers"] == [{"name": "Large", "quantity": 1}]
        assert sent[1][1]["order"]["delivery_address"] == {"line1": "1 Loop", "lat": 52.5, "lng": 13.4}

        # A stream's first event: nothing before it. A `created` event goes to the kitchen only.
        assert messages_for_event(tenant_a.schema_name, first_created.pk) == [
            (kitchen_group(tenant_a.schema_name, here.id), {**_as_replayed(first_created, "kitchen"), "prev": 0}),
        ]
        assert messages_for_event(tenant_a.schema_name, second_created.pk)[0][1]["prev"] == first_created.seq


def test_an_order_whose_location_was_deleted_goes_to_its_tracking_stream_only(tenant_a):
    with tenant_context(tenant_a):
        location = LocationFactory()
        order, created = _placed(location, ("Margherita", []))
        Order.objects.filter(pk=order.pk).update(location=None)
        order.refresh_from_db()
        cancelled = record_event(order, kind="status_changed", from_status="placed", to_status="cancelled", actor=None)

        sent = messages_for_event(tenant_a.schema_name, cancelled.pk)
        assert sent == [
            (order_group(tenant_a.schema_name, order.id), {**_as_replayed(cancelled, "tracking"), "prev": created.seq}),
        ]


def test_an_event_keeps_its_orders_location_and_the_kitchen_stream_reads_it_from_one_index(tenant_a):
    with tenant_context(tenant_a):
        location = LocationFactory()
        _, created = _placed(location, ("Margherita", []))
        assert OrderEvent.objects.get(pk=created.pk).location_id == location.pk

        # The previous seq of a location's stream is found in the (location_id, seq) index, not by
        # joining every event of the brand to its order (which grew with the brand's history).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN SELECT max(seq) FROM orders_orderevent WHERE location_id = %s AND seq < %s",
                           [location.pk, created.seq])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "orders_event_location_seq" in plan, plan
