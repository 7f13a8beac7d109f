"""Owner and manager settings of ordering: taxes, slots, promo codes."""

from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders.models import PromoCode

from .conftest import cart, signed_in


def fresh(client) -> APIClient:
    return APIClient(HTTP_HOST=client.defaults["HTTP_HOST"])


def test_manager_switches_to_exclusive_tax_and_quotes_follow(client_a, shop):
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    response = manager.patch("/api/v1/manage/ordering-settings/", {"prices_include_tax": False, "slot_capacity": 2},
                             format="json")
    assert response.status_code == 200 and response.json()["prices_include_tax"] is False
    totals = client_a.post("/api/v1/orders/quote/", cart(shop), format="json").json()["totals"]
    assert totals["prices_include_tax"] is False and totals["total_cents"] == 2430 + totals["tax_cents"] + 250


def test_settings_are_validated(client_a, shop):
    owner, _ = signed_in(fresh(client_a), shop.tenant, role="owner")
    for bad in ({"tax_rate_standard_bp": 20_000}, {"slot_minutes": 0}, {"prices_include_tax": "maybe"}):
        assert owner.patch("/api/v1/manage/ordering-settings/", bad, format="json").status_code == 400


def test_manager_creates_a_promo_code_customers_can_use(client_a, shop):
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    created = manager.post("/api/v1/manage/promo-codes/", {"code": "summer", "kind": "fixed", "value": 300}, format="json")
    assert created.status_code == 201 and created.json()["code"] == "SUMMER"
    assert manager.post("/api/v1/manage/promo-codes/", {"code": "SUMMER", "kind": "fixed", "value": 1},
                        format="json").json()["code"] == "promo_code_taken"
    assert client_a.post("/api/v1/orders/quote/", cart(shop, promo_code="Summer"), format="json").json()["totals"]["discount_cents"] == 300
    retired = manager.patch(f"/api/v1/manage/promo-codes/{created.json()['id']}/", {"is_active": False}, format="json")
    assert retired.json()["is_active"] is False
    assert client_a.post("/api/v1/orders/quote/", cart(shop, promo_code="SUMMER"), format="json").json()["code"] == "promo_invalid"


def test_promo_codes_are_validated(client_a, shop):
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    for bad in ({"code": "X", "kind": "fixed", "value": 1}, {"code": "HALF", "kind": "percent", "value": 20_000},
                {"code": "WIN", "kind": "fixed", "value": 1, "valid_from": "2026-02-01T00:00:00Z", "valid_until": "2026-01-01T00:00:00Z"}):
        assert manager.post("/api/v1/manage/promo-codes/", bad, format="json").status_code == 400


def test_kitchen_and_customers_cannot_manage_ordering(client_a, shop):
    kitchen, _ = signed_in(fresh(client_a), shop.tenant, role="kitchen")
    customer, _ = signed_in(fresh(client_a), shop.tenant)
    for client in (kitchen, customer):
        assert client.get("/api/v1/manage/ordering-settings/").status_code == 403
        assert client.post("/api/v1/manage/promo-codes/", {"code": "NOPE", "kind": "fixed", "value": 1}, format="json").status_code == 403


def test_manager_of_another_brand_cannot_see_or_change_the_promo(client_a, client_b, shop, tenant_b):
    with tenant_context(shop.tenant):
        promo = PromoCode.objects.create(code="ALPHAONLY", kind="fixed", value=100)
    manager_b, _ = signed_in(client_b, tenant_b, role="manager")
    assert manager_b.get("/api/v1/manage/promo-codes/").json()["count"] == 0
    assert manager_b.patch(f"/api/v1/manage/promo-codes/{promo.pk}/", {"value": 1}, format="json").status_code == 404


def test_the_board_age_thresholds_are_set_by_a_manager_and_read_by_every_staff_member(client_a, shop):
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    changed = manager.patch("/api/v1/manage/ordering-settings/", {"board_amber_minutes": 7, "board_red_minutes": 12},
                            format="json")
    assert changed.status_code == 200 and changed.json()["board_red_minutes"] == 12
    for role in ("kitchen", "courier", "owner"):
        staff, _ = signed_in(fresh(client_a), shop.tenant, role=role)
        assert staff.get("/api/v1/manage/board-settings/").json() == {"board_amber_minutes": 7, "board_red_minutes": 12}
    customer, _ = signed_in(fresh(client_a), shop.tenant)
    assert customer.get("/api/v1/manage/board-settings/").status_code == 403


def test_the_red_threshold_must_come_after_the_amber_one(client_a, shop):
    owner, _ = signed_in(fresh(client_a), shop.tenant, role="owner")
    for bad in ({"board_amber_minutes": 20, "board_red_minutes": 20}, {"board_red_minutes": 5}, {"board_amber_minutes": 0},
                {"board_amber_minutes": 30}):
        response = owner.patch("/api/v1/manage/ordering-settings/", bad, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invalid_input", bad
