"""The isolation matrix: every operation of both OpenAPI documents × every wrong caller.

Generated from the documents, so an endpoint added later is called too; one without a rule in
RULES fails the test (say who may call it). Path parameters are real ids of brand A's objects.
Each wrong caller must get the refusal its rule says (401 without valid credentials for this
host, 403 for a role of this brand that may not, 404 for an object out of reach), declared in
the operation's responses, and no response may contain any of brand A's identifiers or names.
"""

import json
import re
import uuid
from dataclasses import dataclass, field

import pytest
from django_tenants.utils import tenant_context
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tenant_apps.orders.models import PromoCode, SavedAddress
from tenant_apps.privacy.models import BrandExport
from tenants.models import Domain
from tests.conftest import PLATFORM_HOST, login
from tests.factories import UserFactory
from tests.orders.conftest import build_shop
from tests.orders.factories import OrderFactory

PUBLIC, SIGNED_IN, CUSTOMER, STAFF, KITCHEN, MANAGER, OWNER, ADMIN = (
    "public", "signed_in", "customer", "staff", "kitchen", "manager", "owner", "platform_admin")
RULES = {
    # Anyone, signed in or not. Still: brand A's ids on brand B's host reach nothing of A's.
    **dict.fromkeys(["brand_read", "locations_list", "location_delivery_check", "location_menu_read",
                     "locations_slots", "orders_track", "payments_webhook", "auth_login", "auth_register",
                     "auth_token_refresh", "auth_logout", "orders_quote", "orders_create", "plans_list",
                     "signup_create", "signup_slug_check", "auth_handover", "signin_links_create",
                     "auth_password_reset", "auth_password_reset_confirm"], PUBLIC),
    # Any account of this host, each reaching only its own rows.
    **dict.fromkeys(["auth_user_read", "auth_user_update", "auth_user_partial_update", "orders_list",
                     "orders_read", "orders_cancel", "account_data_export"], SIGNED_IN),
    **dict.fromkeys(["addresses_list", "addresses_create", "addresses_delete", "account_delete"], CUSTOMER),
    **dict.fromkeys(["manage_orders_list", "manage_orders_read", "manage_orders_eta", "manage_orders_transition",
                     "manage_board_settings_read"], STAFF),
    # The kitchen board's service actions: owner, manager and kitchen (not couriers).
    **dict.fromkeys(["manage_items_availability", "manage_modifiers_availability", "manage_locations_busy"], KITCHEN),
    **dict.fromkeys(["manage_ordering_settings_read", "manage_ordering_settings_update", "manage_promo_codes_list",
                     "manage_promo_codes_create", "manage_promo_codes_update", "manage_reports_daily"], MANAGER),
    **dict.fromkeys(["manage_brand_update", "manage_domains_list", "manage_domains_create", "manage_domains_delete",
                     "manage_domains_verify", "manage_staff_list", "manage_staff_create", "manage_staff_update",
                     "billing_read", "billing_invoice_pdf", "manage_brand_close", "manage_exports_list",
                     "manage_exports_create", "manage_exports_read", "manage_exports_download"], OWNER),
    # Integrations (API keys, outgoing webhooks): the owner's.
}
MANAGE_CATALOG = re.compile(r"^manage_(locations|delivery_zones|menus|categories|items|modifier_groups|modifiers)_")
OWN_ROWS = {"orders_read", "orders_cancel", "addresses_delete"}  # another customer of A gets 404


def rule_of(operation_id: str) -> str | None:
    if operation_id.startswith(("manage_api_keys_", "manage_webhook")):
        return OWNER
    if operation_id in RULES:
        return RULES[operation_id]
    if MANAGE_CATALOG.match(operation_id):
        return MANAGER
    if operation_id.startswith("admin_"):
        return ADMIN
    return None


@dataclass
class Caller:
    name: str
    host: str
    token: str | None
    expect: set[int]


@dataclass
class BrandA:
    ids: dict[str, str]
    markers: set[str] = field(default_factory=set)
    tokens: dict[str, str] = field(default_factory=dict)


def _token(host: str, email: str) -> str:
    return login(APIClient(HTTP_HOST=host), email)["access"]


@pytest.fixture
def brand_a(tenant_a, tenant_b, platform_admin) -> BrandA:
    shop = build_shop(tenant_a)
    with tenant_context(tenant_a):
        customer = UserFactory(role="customer", email="matrix-customer@alpha.test", name="Matrixa Customer")
        people = {role: UserFactory(role=role) for role in ("manager", "kitchen", "courier", "customer")}
        order = OrderFactory(location=shop.location, customer=customer, contact_email="matrix-customer@alpha.test",
                             contact_name="Matrixa Customer")
        address = SavedAddress.objects.create(customer=customer, label="Matrixa home", line1="Geheimweg 1",
                                              city="Berlin", postcode="10117", lat=52.52, lng=13.4)
        promo = PromoCode.objects.create(code="MATRIXA", kind="percent", value=1000)
        export = BrandExport.objects.create(format="json", status=BrandExport.Status.DONE, file="exports/matrixa.zip")
    domain = Domain.objects.create(domain="order.matrixa.test", tenant=tenant_a, is_primary=False, is_custom=True)
    ids = {
        "locations": shop.location.pk, "delivery_zones": shop.zone.pk, "menus": shop.burger.category.menu_id,
        "categories": shop.burger.category_id, "items": shop.burger.pk, "modifier_groups": shop.extras.pk,
        "modifiers": shop.cheese.pk, "order_id": order.pk, "address_id": address.pk, "promo_id": promo.pk,
        "domain_id": domain.pk, "user_id": people["kitchen"].pk, "export_id": export.pk, "location_id": shop.location.pk,
        "token": order.tracking_token, "slug": tenant_a.slug, "provider": "simulated",
        # No key or endpoint of A's exists: every wrong caller is refused before any lookup.
        "key_id": uuid.uuid4(), "endpoint_id": uuid.uuid4(), "delivery_id": 1, "number": "INV-0001",
    }
    ids = {key: str(value) for key, value in ids.items()}
    markers = {value for key, value in ids.items()
               if key not in ("provider", "slug", "user_id", "promo_id", "domain_id", "delivery_id", "number")}
    markers |= {"matrix-customer@alpha.test", "Matrixa", "Geheimweg", "MATRIXA", "order.matrixa.test", "owner@alpha.test"}
    a_host, b_host = tenant_a.primary_domain, tenant_b.primary_domain
    tokens = {"customer": _token(a_host, customer.email), "other_customer": _token(a_host, people["customer"].email),
              **{role: _token(a_host, people[role].email) for role in ("manager", "kitchen", "courier")},
              "b_owner": _token(b_host, "owner@bravo.test"), "admin": _token(PLATFORM_HOST, platform_admin.email)}
    with tenant_context(tenant_b):
        tokens["b_customer"] = _token(b_host, UserFactory(role="customer").email)
    return BrandA(ids=ids, markers=markers, tokens=tokens)


def wrong_callers(rule: str, operation_id: str, a_host: str, b_host: str, tokens: dict, has_ids: bool,
                  platform: bool) -> list[Caller]:
    b_reach = {404, 400} if has_ids else set()  # empty: any status, but nothing of A's in the body
    if platform:  # the platform host: nothing of a brand's, and no brand token is valid there
        if rule == PUBLIC:
            return [Caller("brand A's owner token on the platform host", PLATFORM_HOST, _owner_a(a_host), set())]
        # The admin API answers 404 to everyone but admins, so it is not advertised (platform_admin.permissions).
        callers = [Caller("anonymous", PLATFORM_HOST, None, {404} if rule == ADMIN else {401}),
                   Caller("brand A's owner token on the platform host", PLATFORM_HOST, _owner_a(a_host), {401})]
        return callers  # only platform admins may sign in there at all
    if rule == PUBLIC:
        return [Caller("anonymous on brand B's host", b_host, None, b_reach)]
    callers = [Caller("anonymous", a_host, None, {401}),
               Caller("brand B's owner token", a_host, tokens["b_owner"], {401}),
               Caller("a platform admin token", a_host, tokens["admin"], {401})]
    if rule in (STAFF, KITCHEN, MANAGER, OWNER):
        callers.append(Caller("brand A's customer", a_host, tokens["customer"], {403}))
    if rule == KITCHEN:
        callers.append(Caller("brand A's courier", a_host, tokens["courier"], {403}))
    if rule in (MANAGER, OWNER):
        callers += [Caller(f"brand A's {role}", a_host, tokens[role], {403}) for role in ("kitchen", "courier")]
    if rule == OWNER:
        callers.append(Caller("brand A's manager", a_host, tokens["manager"], {403}))
    if rule == CUSTOMER:
        callers.append(Caller("brand A's kitchen", a_host, tokens["kitchen"], {403}))
    if operation_id in OWN_ROWS:
        callers.append(Caller("another customer of brand A", a_host, tokens["other_customer"], {404, 400}))
    b_token = tokens["b_customer"] if rule in (SIGNED_IN, CUSTOMER) else tokens["b_owner"]
    callers.append(Caller("brand B's own account, with A's ids, on B's host", b_host, b_token, b_reach))
    return callers


_OWNER_A_TOKEN: dict[str, str] = {}


def _owner_a(a_host: str) -> str:
    if a_host not in _OWNER_A_TOKEN:
        _OWNER_A_TOKEN[a_host] = _token(a_host, "owner@alpha.test")
    return _OWNER_A_TOKEN[a_host]


def fill_path(path: str, ids: dict[str, str]) -> str:
    resource = re.match(r"^/api/v1/manage/([a-z-]+)/\{id\}", path)
    if resource:
        path = path.replace("{id}", ids[resource.group(1).replace("-", "_")])
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)


def operations(urlconf: str) -> list[tuple[str, str, dict]]:
    document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return [(method.upper(), path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def call(caller: Caller, method: str, path: str):
    client = APIClient(HTTP_HOST=caller.host)
    if caller.token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {caller.token}")
    body = json.dumps({}) if method in ("POST", "PUT", "PATCH") else None
    return client.generic(method, path, body or "", content_type="application/json")


def test_every_operation_refuses_every_wrong_caller_and_leaks_nothing(brand_a, tenant_a, tenant_b, capsys):
    _OWNER_A_TOKEN.clear()
    a_host, b_host = tenant_a.primary_domain, tenant_b.primary_domain
    problems, covered, total, calls = [], 0, 0, 0
    for urlconf in ("config.urls_tenant", "config.urls_public"):
        for method, template, operation in operations(urlconf):
            total += 1
            operation_id = operation["operationId"]
            rule = rule_of(operation_id)
            if rule is None:
                problems.append(f"{method} {template} ({operation_id}): no rule in RULES — say who may call it")
                continue
            covered += 1
            platform = urlconf == "config.urls_public"
            path = fill_path(template, brand_a.ids)
            declared = {int(code) for code in operation["responses"]}
            for caller in wrong_callers(rule, operation_id, a_host, b_host, brand_a.tokens, "{" in template, platform):
                response = call(caller, method, path)
                calls += 1
                where = f"{method} {path} ({operation_id}) as {caller.name}"
                if caller.expect and response.status_code not in caller.expect:
                    problems.append(f"{where}: {response.status_code}, expected {sorted(caller.expect)}")
                elif caller.expect and response.status_code not in declared:
                    problems.append(f"{where}: {response.status_code} is not declared ({sorted(declared)})")
                text = response.content.decode("utf-8", "replace")
                leaked = sorted(marker for marker in brand_a.markers if marker in text)
                if leaked:
                    problems.append(f"{where}: the body contains brand A's {leaked}")
    with capsys.disabled():
        print(f"\nisolation matrix: {covered}/{total} operations covered ({100 * covered // max(total, 1)}%), "
              f"{calls} wrong-caller requests, {len(problems)} problems")
    assert not problems, "\n".join(problems)
    assert covered == total
