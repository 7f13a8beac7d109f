"""The checkout's hand-built order body is byte for byte what OrderSerializer renders."""

import json
import uuid
from datetime import date, datetime, timedelta

import pytest
from django_tenants.utils import tenant_context
from rest_framework.renderers import JSONRenderer

from tenant_apps.catalog.models import Location
from tenant_apps.orders.api.serializers import OrderLineSerializer, OrderSerializer, order_body
from tenant_apps.orders.models import Order, OrderLine, PromoCode

from .conftest import checkout_body, signed_in


class FakeRequest:
    def __init__(self, host):
        self.host = host

    def get_host(self):
        return self.host


def place(client, body):
    response = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert response.status_code in (201, 402), response.content
    return response


def rendered_both_ways(order, host):
    by_serializer = JSONRenderer().render(OrderSerializer(order, context={"request": FakeRequest(host)}).data)
    by_hand = JSONRenderer().render(order_body(order, host=host))
    return by_serializer, by_hand


def test_order_body_equals_the_serializers_rendering_for_orders_of_every_shape(client_a, shop):
    with tenant_context(shop.tenant):
        PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
    customer, _ = signed_in(client_a.__class__(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant)
    responses = [
        place(client_a, checkout_body(shop)),
        place(client_a, checkout_body(shop, fulfillment="pickup", delivery_address=None, promo_code="TENOFF",
                                      note="Ring twice", tip={"percent": 10})),
        place(client_a, checkout_body(shop, payment_method="card", card_token="tok_visa")),
        place(client_a, checkout_body(shop, payment_method="card", card_token="tok_declined")),
        place(customer, {**checkout_body(shop), "contact": None}),
    ]
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).delete()  # orders outlive their location
        orders = Order.objects.prefetch_related("lines").select_related("payment")
        assert orders.count() == len(responses)
        for order in orders:
            for host in ("alpha.localhost", None):
                by_serializer, by_hand = rendered_both_ways(order, host)
                assert by_hand == by_serializer


def test_the_checkout_response_is_the_orders_serialized_body(client_a, shop):
    response = place(client_a, checkout_body(shop))
    with tenant_context(shop.tenant):
        order = Order.objects.prefetch_related("lines").select_related("payment").get(pk=response.json()["id"])
        # Parsed, not bytes: the address read back from jsonb has its keys in another order.
        assert response.json() == json.loads(rendered_both_ways(order, "alpha.localhost")[0])


def _changed(value):
    """Another value of the same kind, so a field that one rendering forgets shows up."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, str):
        return value + "-changed"
    if isinstance(value, datetime):
        return value + timedelta(days=1, minutes=13)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, dict):
        return {**value, "line2": "changed"}
    if isinstance(value, list):
        return [*value]
    return value


def _field_cases(model, skip=()):
    return [f.attname for f in model._meta.concrete_fields if f.attname not in skip]


def test_order_body_has_exactly_the_serializers_fields_at_every_level(client_a, shop):
    place(client_a, checkout_body(shop))
    with tenant_context(shop.tenant):
        order = Order.objects.prefetch_related("lines").select_related("payment").get()
        by_hand = order_body(order, host="alpha.localhost")
    assert list(by_hand) == OrderSerializer.Meta.fields
    assert list(by_hand["lines"][0]) == OrderLineSerializer.Meta.fields


@pytest.mark.parametrize("field", _field_cases(Order, skip=("location_id", "customer_id")))
def test_order_body_and_the_serializer_agree_whatever_the_value_of_each_order_field(client_a, shop, field):
    place(client_a, checkout_body(shop))
    with tenant_context(shop.tenant):
        order = Order.objects.prefetch_related("lines").select_related("payment").get()
        value = getattr(order, field)
        if value is None and field in ("scheduled_for", "placed_at", "estimated_ready_at", "estimated_delivery_at"):
            value = order.created  # an unset time: set it
        setattr(order, field, _changed(value))
        by_serializer, by_hand = rendered_both_ways(order, "alpha.localhost")
    assert by_hand == by_serializer


@pytest.mark.parametrize("field", _field_cases(OrderLine, skip=("order_id", "item_id")))
def test_order_body_and_the_serializer_agree_whatever_the_value_of_each_line_field(client_a, shop, field):
    place(client_a, checkout_body(shop))
    with tenant_context(shop.tenant):
        order = Order.objects.prefetch_related("lines").select_related("payment").get()
        line = order.lines.all()[0]
        setattr(line, field, _changed(getattr(line, field)))
        by_serializer, by_hand = rendered_both_ways(order, "alpha.localhost")
    assert by_hand == by_serializer
