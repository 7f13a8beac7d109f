"""The checkout's hand-built order body is byte for byte what OrderSerializer renders."""

import json
import uuid

from django_tenants.utils import tenant_context
from rest_framework.renderers import JSONRenderer

from tenant_apps.catalog.models import Location
from tenant_apps.orders.api.serializers import OrderSerializer, order_body
from tenant_apps.orders.models import Order, PromoCode

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
