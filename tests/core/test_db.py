"""`insert_new`: new rows of several models in one statement, stored as Django's own INSERT stores them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.core.db import insert_new
from tenant_apps.orders.models import Order, OrderLine, Payment
from tests.catalog.factories import LocationFactory
from tests.orders.factories import OrderFactory, OrderLineFactory, PaymentFactory


def _stored(model, pk) -> dict:
    return {f.attname: getattr(model.objects.get(pk=pk), f.attname)
            for f in model._meta.concrete_fields if f.attname not in ("id", "order_id", "tracking_token")}


def test_rows_of_three_models_go_in_one_statement_as_create_would_store_them(in_a):
    location = LocationFactory()
    order = OrderFactory.build(location=location, delivery_address={"line1": "1 Loop", "lat": 52.5})
    lines = [OrderLineFactory.build(order=order, position=p, modifiers=[{"id": "m", "quantity": p + 1}]) for p in range(2)]
    payment = PaymentFactory.build(order=order)

    with CaptureQueriesContext(connection) as queries:
        insert_new([order], lines, [payment])
    assert len(queries.captured_queries) == 1

    # Auto-increment keys are read back, in the order of the instances; the rows are saved ones.
    assert all(isinstance(obj.pk, int) for obj in (*lines, payment))
    assert [OrderLine.objects.get(pk=line.pk).position for line in lines] == [0, 1]
    assert not order._state.adding and not payment._state.adding

    # The same values as Django's create() stores for equal instances: defaults, auto_now, JSON.
    twin = OrderFactory(location=LocationFactory(), delivery_address={"line1": "1 Loop", "lat": 52.5},
                        number=order.number, contact_email=order.contact_email, created=order.created,
                        status_changed=order.status_changed, placed_at=order.placed_at)
    assert _stored(Order, order.pk) == {**_stored(Order, twin.pk), "location_id": location.pk,
                                        "location_name": location.name}
    assert OrderLine.objects.get(pk=lines[1].pk).modifiers == [{"id": "m", "quantity": 2}]
    stored_payment = Payment.objects.get(pk=payment.pk)
    assert stored_payment.updated is not None and stored_payment.order_id == order.pk


def test_an_inserted_instance_saves_as_an_update(in_a):
    order = OrderFactory.build(location=LocationFactory())
    payment = PaymentFactory.build(order=order)
    insert_new([order], [payment])
    payment.status = Payment.Status.CAPTURED
    payment.save()
    order.note = "ring twice"
    order.save()
    assert Payment.objects.filter(order=order).count() == 1
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.CAPTURED
    assert Order.objects.get(pk=order.pk).note == "ring twice"
