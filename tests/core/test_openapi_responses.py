"""Every GET of the brand and platform OpenAPI documents, called for real, answers what its own
document declares. The front end's types are generated from these documents, so a response that
drifts from its schema is a bug in a client that compiled cleanly.

Objects are strict here: a property the document does not declare fails too (drf-spectacular
leaves `additionalProperties` open, which would let an undeclared field slip by untyped). Every
list answers at least one result, so each item schema is exercised, not only the envelope.
"""

import copy
import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from openapi_schema_validator import OAS31Validator

from shared_apps.accounts.models import User
from shared_apps.platform_admin.services import suspend_tenant
from shared_apps.scheduling.models import Schedule
from tenant_apps.catalog.demo import seed_catalog
from tenant_apps.integrations import keys, webhooks
from tenant_apps.orders.demo import seed_orders
from tenant_apps.orders.models import PromoCode
from tenant_apps.privacy import exports
from tenant_apps.privacy.models import BrandExport
from tenants.audit import Actor

from ..billing.factories import InvoiceFactory
from ..conftest import client_for, login
from ..factories import UserFactory
from ..orders.conftest import INSIDE

OAS_JSON = "application/vnd.oai.openapi+json"
# Values of required query parameters; path parameters come from the list above them.
QUERY = {"signup_slug_check": {"slug": "free-slug"}}


def strict(schema):
    """A copy of `schema` in which every object with declared properties refuses undeclared ones."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def get_operations(document) -> list[tuple[str, dict]]:
    """Every GET that answers JSON (a PDF download has no schema to check; its own tests read it)."""
    return [(path, ops["get"]) for path, ops in document["paths"].items()
            if "get" in ops and "application/json" in ops["get"]["responses"].get("200", {}).get("content", {})]


def is_anonymous(operation) -> bool:
    return {} in operation.get("security", [{}])


def concrete(path: str, get_json) -> str:
    """`path` with its parameters filled from the first result of the collection above each one."""
    while match := re.search(r"\{(\w+)\}", path):
        name = match.group(1)
        if name == "token":  # a tracking link's token: read from an order the caller can see
            value = get_json("/api/v1/orders/")["results"][0]["tracking_token"]
        else:
            listing = get_json(path[: match.start()])
            value = listing["results"][0]["slug" if name == "slug" else "id"]
        path = path[: match.start()] + str(value) + path[match.end():]
    return path


def check_every_get(document, clients) -> list[str]:
    """Call every GET of `document` with the client `clients(path, operation)` picks; return the
    violations (empty when every response matches)."""
    validator_root = strict({"components": document["components"]})
    problems = []

    def get(path, operation=None):
        operation = operation or document["paths"][path]["get"]  # a collection's path is its template
        return clients(path, operation).get(path, QUERY.get(operation.get("operationId"), {}))

    def get_json(path):
        response = get(path)
        assert response.status_code == 200, (path, response.content)
        return response.json()

    for template, operation in get_operations(document):
        path = concrete(template, get_json)
        response = get(path, operation)
        declared = operation["responses"].get(str(response.status_code))
        if response.status_code != 200 or declared is None:
            problems.append(f"GET {path}: {response.status_code} {response.content[:200]!r}")
            continue
        if "application/json" not in declared["content"]:  # a file (an export's ZIP): its media type
            if response["Content-Type"].split(";")[0] not in declared["content"]:
                problems.append(f"GET {path}: {response['Content-Type']}, declared {sorted(declared['content'])}")
            continue
        schema = strict(declared["content"]["application/json"]["schema"])
        body = response.json()
        if body == [] or isinstance(body, dict) and body.get("results") == []:
            problems.append(f"GET {path}: an empty list checks no item; seed one")
        validator = OAS31Validator({**schema, "components": validator_root["components"]})
        problems.extend(f"GET {path} ({operation['operationId']}): {error.json_path}: {error.message[-160:]}"
                        for error in validator.iter_errors(body))
    return problems


def signed_in(host: str, email: str):
    client = client_for(host)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, email)['access']}")
    return client


@pytest.fixture
def demo_brand(tenant_a):
    """Brand A with the burger demo's catalog (schedules, nested groups, zones, a sold-out item), a
    few orders of a customer with a saved address, a promo code, and the staff of every role."""
    with tenant_context(tenant_a):
        for role in ("manager", "kitchen", "courier"):
            UserFactory(role=role)
        customer = UserFactory(role=User.Role.CUSTOMER, email="customer@alpha.test")
        seed_catalog("burger", "Europe/Berlin")
        seed_orders("burger", past=2, open_orders=2)
        PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
        owner = User.objects.get(role=User.Role.OWNER)
        keys.create_key(name="POS", scopes=["menu:read"], by=owner, actor=Actor.system("test"))
        endpoint = webhooks.create_endpoint(url="https://pos.example.com/h", event_types=["order.created"],
                                            actor=Actor.system("test"))
        webhooks.send_test_event(endpoint, actor=Actor.system("test"))
        exports.build(BrandExport.objects.create(format="csv").pk)  # a finished export, file and all
    host = tenant_a.primary_domain
    customer_client = signed_in(host, customer.email)
    assert customer_client.post("/api/v1/addresses/", {**INSIDE, "label": "Home"}, format="json").status_code == 201
    return host, customer_client


def test_every_get_of_the_brand_document_answers_its_declared_schema(demo_brand, tenant_a):
    host, customer = demo_brand
    anonymous, owner = client_for(host), signed_in(host, "owner@alpha.test")
    document = anonymous.get("/api/schema/", HTTP_ACCEPT=OAS_JSON).json()

    def clients(path, operation):
        if is_anonymous(operation):
            return anonymous
        return customer if path.startswith(("/api/v1/orders/", "/api/v1/addresses/")) else owner

    problems = check_every_get(document, clients)
    assert not problems, "\n".join(problems)


def test_every_get_of_the_platform_document_answers_its_declared_schema(platform_admin, tenant_a, tenant_b):
    InvoiceFactory(tenant=tenant_a)
    Schedule.objects.create(tenant=tenant_a, job="reports.daily", next_run_at=timezone.now())
    suspend_tenant(tenant_b, by=Actor.system("test"), reason="An audited event to list.")
    anonymous, admin = client_for("localhost"), signed_in("localhost", platform_admin.email)
    document = anonymous.get("/api/schema/", HTTP_ACCEPT=OAS_JSON).json()
    problems = check_every_get(document, lambda path, op: anonymous if is_anonymous(op) else admin)
    assert not problems, "\n".join(problems)


def test_a_response_missing_a_required_field_or_adding_an_undeclared_one_is_reported(client_a):
    """The check itself can fail: the brand document against a brand body with one field removed
    and one field added."""
    document = client_a.get("/api/schema/", HTTP_ACCEPT=OAS_JSON).json()
    body = client_a.get("/api/v1/brand/").json()
    body.pop("slug")
    body["undeclared"] = 1
    schema = strict({"$ref": "#/components/schemas/Brand", "components": document["components"]})
    messages = sorted(error.message for error in OAS31Validator(schema).iter_errors(body))
    assert len(messages) == 2
    assert any("'slug' is a required property" in m for m in messages)
    assert any("'undeclared' was unexpected" in m for m in messages)
