"""A courier's REST view of orders is their deliveries: ready ones offered to every courier, and the
runs they took out; never pickups, other couriers' runs or a customer's e-mail (OWASP API3)."""

import pytest
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders.models import Order
from tenant_apps.orders.services import transition_order

from .conftest import signed_in
from .factories import OrderFactory

S = Order.Status


def fresh(client) -> APIClient:
    return APIClient(HTTP_HOST=client.defaults["HTTP_HOST"])


@pytest.fixture
def runs(client_a, tenant_a):
    me, me_user = signed_in(fresh(client_a), tenant_a, role="courier")
    other, other_user = signed_in(fresh(client_a), tenant_a, role="courier")
    with tenant_context(tenant_a):
        orders = {name: OrderFactory(status=status, fulfillment=fulfillment, contact_phone="+49301", contact_name=name)
                  for name, status, fulfillment in [
                      ("placed", S.PLACED, "delivery"), ("ready", S.READY, "delivery"), ("mine", S.READY, "delivery"),
                      ("theirs", S.READY, "delivery"), ("pickup", S.READY, "pickup")]}
        transition_order(orders["mine"], S.OUT_FOR_DELIVERY, actor=me_user)
        transition_order(orders["theirs"], S.OUT_FOR_DELIVERY, actor=other_user)
    return me, orders


def test_a_courier_lists_only_ready_deliveries_and_their_own_runs(runs):
    me, orders = runs
    listed = {o["id"]: o for o in me.get("/api/v1/manage/orders/").json()["results"]}
    assert set(listed) == {str(orders["ready"].pk), str(orders["mine"].pk)}
    mine, offered = listed[str(orders["mine"].pk)], listed[str(orders["ready"].pk)]
    assert mine["contact"] == {"email": "", "name": "mine", "phone": "+49301"}
    assert offered["contact"] == {"email": "", "name": "", "phone": ""}


@pytest.mark.parametrize("name", ["placed", "theirs", "pickup"])
def test_a_courier_cannot_read_or_move_an_order_outside_their_reach(runs, name):
    me, orders = runs
    order = orders[name]
    assert me.get(f"/api/v1/manage/orders/{order.pk}/").status_code == 404
    assert me.post(f"/api/v1/manage/orders/{order.pk}/transition/", {"to": "delivered"}, format="json").status_code == 404


def test_a_courier_takes_an_offered_delivery_out_and_then_sees_whom_to_call(runs):
    me, orders = runs
    url = f"/api/v1/manage/orders/{orders['ready'].pk}/transition/"
    response = me.post(url, {"to": "out_for_delivery"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["contact"]["phone"] == "+49301"
    assert me.post(url.replace("transition", "eta"), {"delay_minutes": 5}, format="json").json()["code"] == "eta_forbidden"


def test_managers_still_see_every_order_with_contacts(runs, client_a, tenant_a):
    manager, _ = signed_in(fresh(client_a), tenant_a, role="manager")
    listed = manager.get("/api/v1/manage/orders/").json()["results"]
    assert len(listed) == 5 and all(o["contact"]["email"] for o in listed)
