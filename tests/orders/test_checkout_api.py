"""POST /api/v1/orders/: re-pricing, snapshots, numbering, payments, idempotency, limits."""

import json
import uuid

import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from shared_apps.billing.models import Plan
from shared_apps.billing.selectors import subscription_of
from tenant_apps.catalog import cache as catalog_cache
from tenant_apps.catalog import services as catalog_services
from tenant_apps.catalog.models import Item
from tenant_apps.orders import brand_rules
from tenant_apps.orders.models import IdempotencyKey, Order, OrderEvent, Payment, PromoCode
from tenants.models import Tenant
from tenants.routing import forget_hosts

from .conftest import checkout_body, signed_in


def place(client, body, key=None):
    return client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()))


def test_guest_places_a_cash_order_priced_by_the_server(client_a, shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client_a, checkout_body(shop, total_cents=1, totals={"total_cents": 1}))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "placed" and data["number"] == 1
    assert data["totals"]["total_cents"] == 2680 and data["payment"] == {"method": "cash", "status": "pending"}
    assert data["contact"] == {"email": "guest@example.test", "name": "Gus", "phone": "+4930123"}
    assert data["tracking_url"].endswith(f"/track/{data['tracking_token']}")
    with tenant_context(shop.tenant):
        order = Order.objects.get(pk=data["id"])
        assert order.customer is None and order.lines.count() == 2
        event = OrderEvent.objects.get(order=order)
        assert (event.kind, event.from_status, event.to_status) == ("created", "", "placed")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guest@example.test"]


def test_order_numbers_count_per_location_and_day(client_a, shop):
    numbers = [place(client_a, checkout_body(shop)).json()["number"] for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_registered_customer_orders_with_their_account(client_a, shop):
    client, user = signed_in(client_a, shop.tenant, email="reg@alpha.test", name="Reggie")
    body = checkout_body(shop)
    body.pop("contact")
    data = place(client, body).json()
    assert data["contact"]["email"] == "reg@alpha.test" and data["contact"]["name"] == "Reggie"
    with tenant_context(shop.tenant):
        assert Order.objects.get(pk=data["id"]).customer == user


def test_guest_without_contact_is_asked_for_one(client_a, shop):
    body = checkout_body(shop)
    body.pop("contact")
    response = place(client_a, body)
    assert response.status_code == 400 and "contact" in response.json()["fields"]


@pytest.mark.parametrize("phone", [None, "", "   "])
def test_guest_without_a_phone_is_asked_for_one(client_a, shop, phone):
    contact = {"email": "guest@example.test", **({} if phone is None else {"phone": phone})}
    response = place(client_a, checkout_body(shop, contact=contact))
    assert response.status_code == 400 and "contact.phone" in response.json()["fields"]
    with tenant_context(shop.tenant):
        assert not Order.objects.exists()


def test_a_signed_in_customer_needs_no_phone(client_a, shop):
    client, _ = signed_in(client_a, shop.tenant)
    assert place(client, checkout_body(shop, contact=None)).status_code == 201


def test_order_lines_are_a_snapshot_that_menu_edits_never_change(client_a, shop):
    data = place(client_a, checkout_body(shop)).json()
    with tenant_context(shop.tenant):
        Item.objects.filter(pk=shop.burger.pk).update(name="Renamed", price_cents=5000)
        shop.cheese.delete()
    client_a.credentials()
    with tenant_context(shop.tenant):
        order = Order.objects.get(pk=data["id"])
        line = order.lines.get(position=0)
        assert (line.name, line.unit_price_cents, line.subtotal_cents) == ("Burger", 990, 2180)
        assert line.modifiers[0]["name"] == "Cheese" and order.total_cents == 2680


def test_missing_idempotency_key_is_refused(client_a, shop):
    response = client_a.post("/api/v1/orders/", checkout_body(shop), format="json")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"


def test_same_key_and_body_replay_the_first_response_byte_for_byte(client_a, shop):
    body = checkout_body(shop)
    first = place(client_a, body, key="k-1")
    again = client_a.post("/api/v1/orders/", json.dumps(body, indent=2), content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    with tenant_context(shop.tenant):
        assert Order.objects.count() == 1


def test_same_key_with_another_body_is_idempotency_mismatch(client_a, shop):
    place(client_a, checkout_body(shop), key="k-2")
    response = place(client_a, checkout_body(shop, note="extra napkins"), key="k-2")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_mismatch"


def test_refused_checkout_frees_its_key_for_a_retry(client_a, shop):
    def soda_available(available: bool) -> None:
        with tenant_context(shop.tenant):
            catalog_services.set_item_availability(shop.soda, available=available, actor=None)
            catalog_cache.bump_version()  # what its commit does; test data never commits

    soda_available(False)
    assert place(client_a, checkout_body(shop), key="k-3").json()["code"] == "item_unavailable"
    soda_available(True)
    retried = place(client_a, checkout_body(shop), key="k-3")
    assert retried.status_code == 201, retried.json()


def test_keys_of_different_customers_never_collide(client_a, client_b, shop):
    first, _ = signed_in(client_a, shop.tenant)
    body = checkout_body(shop)
    assert place(first, body, key="shared").status_code == 201
    from rest_framework.test import APIClient

    second, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant)
    response = place(second, checkout_body(shop, note="mine"), key="shared")
    assert response.status_code == 201


def test_card_order_is_authorised_and_placed(client_a, shop):
    response = place(client_a, checkout_body(shop, payment_method="card", card_token="tok_visa"))
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "placed" and response.json()["payment"]["status"] == "authorized"
    with tenant_context(shop.tenant):
        order = Order.objects.get(pk=response.json()["id"])
        assert [e.to_status for e in order.events.all()] == ["pending_payment", "placed"]


def test_declined_card_leaves_the_order_payment_failed_and_answers_402(client_a, shop):
    body = checkout_body(shop, payment_method="card", card_token="tok_declined")
    response = place(client_a, body, key="card-1")
    assert response.status_code == 402
    assert response.json()["code"] == "payment_failed" and response.json()["decline_code"] == "card_declined"
    with tenant_context(shop.tenant):
        order = Order.objects.get(pk=response.json()["order"])
        assert order.status == "payment_failed" and order.payment.status == Payment.Status.FAILED
    assert place(client_a, body, key="card-1").content == response.content  # replayed


def test_card_without_token_is_refused(client_a, shop):
    response = place(client_a, checkout_body(shop, payment_method="card"))
    assert response.status_code == 400 and "card_token" in response.json()["fields"]


def test_order_beyond_the_plans_monthly_limit_is_plan_limit(client_a, shop):
    plan = subscription_of(shop.tenant).plan
    Plan.objects.filter(pk=plan.pk).update(max_orders_per_month=1)
    brand_rules.forget(shop.tenant.schema_name)  # update() sends no signal
    assert place(client_a, checkout_body(shop)).status_code == 201
    response = place(client_a, checkout_body(shop))
    assert response.status_code == 403 and response.json()["code"] == "plan_limit"
    with tenant_context(shop.tenant):
        assert Order.objects.count() == 1 and not IdempotencyKey.objects.filter(state="in_progress").exists()


def test_billing_counts_this_periods_orders(client_a, shop):
    from shared_apps.billing.usage import count_orders_this_period

    place(client_a, checkout_body(shop))
    place(client_a, checkout_body(shop, payment_method="card", card_token="tok_declined"))
    assert count_orders_this_period(shop.tenant, subscription_of(shop.tenant).current_period_start) == 1


def test_suspended_brand_takes_no_orders(client_a, shop, request):
    shop.tenant.status = Tenant.Status.SUSPENDED
    shop.tenant.save()  # through save(): host routing's cache listens to it
    # The rollback after the test sends no signal: drop the cached suspended host ourselves.
    request.addfinalizer(forget_hosts)
    response = place(client_a, checkout_body(shop))
    assert response.status_code == 403 and response.json()["code"] == "tenant_suspended"


def test_same_key_on_another_brand_is_another_order(client_a, client_b, shop):
    from .conftest import build_shop

    shop_b = build_shop(Tenant.objects.get(slug="bravo"))
    assert place(client_a, checkout_body(shop), key="k-x").status_code == 201
    assert place(client_b, checkout_body(shop_b), key="k-x").status_code == 201


@pytest.mark.parametrize("key", ["x" * 256, "bad\nkey"])
def test_malformed_idempotency_key_is_refused(client_a, shop, key):
    response = place(client_a, checkout_body(shop), key=key)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_required"


def test_idempotency_keys_are_kept_a_day_and_then_purged(client_a, shop):
    from datetime import timedelta

    from django.utils import timezone

    from tenant_apps.orders.tasks import purge_idempotency_keys, purge_idempotency_keys_everywhere

    place(client_a, checkout_body(shop), key="old")
    place(client_a, checkout_body(shop), key="young")
    with tenant_context(shop.tenant):
        IdempotencyKey.objects.filter(key="old").update(created=timezone.now() - timedelta(hours=49))
        IdempotencyKey.objects.filter(key="young").update(created=timezone.now() - timedelta(hours=25))
        assert purge_idempotency_keys.apply().get() == 1
        assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["young"]
    assert purge_idempotency_keys_everywhere.apply().get() >= 2


def test_a_promo_limited_per_customer_counts_each_customers_orders_that_still_count(client_a, shop):
    with tenant_context(shop.tenant):
        PromoCode.objects.create(code="ONCE", kind="fixed", value=100, max_uses_per_customer=1)
    alice, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant)
    bob, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant)
    mine = checkout_body(shop, contact=None, promo_code="ONCE")
    first = place(alice, mine)
    assert first.status_code == 201 and first.json()["totals"]["discount_cents"] == 100
    assert place(alice, mine).json()["code"] == "promo_invalid"
    assert place(bob, mine).status_code == 201  # Bob's own first use
    guest = checkout_body(shop, promo_code="ONCE", contact={"email": "Gus@Example.test", "phone": "+4930"})
    assert place(client_a, guest).status_code == 201
    same_guest = checkout_body(shop, promo_code="ONCE", contact={"email": "gus@example.TEST", "phone": "+4930"})
    assert place(client_a, same_guest).json()["code"] == "promo_invalid"  # a guest is known by e-mail
    manager, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant, role="manager")
    manager.post(f"/api/v1/manage/orders/{first.json()['id']}/transition/", {"to": "cancelled", "reason": "test"},
                 format="json")
    assert place(alice, mine).status_code == 201  # the cancelled order no longer counts


def test_a_promo_with_a_total_limit_is_refused_once_used_up(client_a, shop):
    with tenant_context(shop.tenant):
        PromoCode.objects.create(code="TWICE", kind="percent", value=1000, max_uses=2)
    bodies = [checkout_body(shop, promo_code="TWICE", contact={"email": f"g{n}@example.test", "phone": "+4930"})
              for n in range(3)]
    responses = [place(client_a, body) for body in bodies]
    assert [r.status_code for r in responses] == [201, 201, 422]
    assert responses[2].json()["code"] == "promo_invalid" and "promo_code" in responses[2].json()["fields"]
