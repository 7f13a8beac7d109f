"""The owner exports the whole brand: every table of its schema as JSON or CSV in one ZIP, built in
the background with progress, credentials written as null, fetched when done."""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context, tenant_context

from tenant_apps.privacy import brand_export, exports
from tenant_apps.privacy.models import BrandExport
from tenants.models import AuditEvent, Tenant
from tenants.services import provision_tenant

from ..conftest import client_for, eager_tasks, login
from ..factories import PASSWORD, UserFactory
from ..orders.factories import LocationFactory, OrderFactory

EXPORTS = "/api/v1/manage/exports/"


def owner_client(tenant, email):
    client = client_for(tenant.primary_domain)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, email)['access']}")
    return client


@pytest.fixture
def exporting_brand(committed_db):
    """A brand of its own, committed (the export reads a real snapshot), dropped after the test."""
    tenant = provision_tenant("export-co", "Export Co", owner_email="owner@export.test", owner_password=PASSWORD)
    with tenant_context(tenant):
        customer = UserFactory(email="eve@export.test", name="Eve Exported")
        order = OrderFactory(location=LocationFactory(name="Harbour"), customer=customer, contact_email=customer.email)
    yield tenant, order
    tenant.delete(force_drop=True)  # made from a spare, which committed_db counts as older than the test


def exported(client, export_id) -> zipfile.ZipFile:
    response = client.get(f"{EXPORTS}{export_id}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'attachment; filename="export-co-export-' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_owner_exports_every_table_as_json_with_credentials_nulled(exporting_brand):
    tenant, order = exporting_brand
    client = owner_client(tenant, "owner@export.test")
    with eager_tasks():
        started = client.post(EXPORTS, {"format": "json"}, format="json")
    assert started.status_code == 202, started.content
    detail = client.get(f"{EXPORTS}{started.json()['id']}/").json()
    assert detail["status"] == "done" and detail["download_url"].endswith("/download/"), detail
    with tenant_context(tenant):
        tables = brand_export.tables_of_schema(tenant.schema_name)
    assert detail["progress"]["tables_done"] == detail["progress"]["tables_total"] == len(tables) > 30
    archive = exported(client, detail["id"])
    names = set(archive.namelist())
    assert names == {"manifest.json"} | {f"tables/{t.name}.json" for t in tables}
    orders = json.loads(archive.read("tables/orders_order.json"))
    assert [row["id"] for row in orders] == [str(order.pk)] and orders[0]["tracking_token"] is None
    users = json.loads(archive.read("tables/accounts_user.json"))
    assert {u["email"] for u in users} == {"owner@export.test", "eve@export.test"}
    assert all(u["password"] is None for u in users)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["brand"] == "export-co" and manifest["format"] == "json"
    assert sum(t["rows"] for t in manifest["tables"]) == detail["progress"]["rows_done"]
    assert AuditEvent.objects.filter(action="brand.export_requested", tenant=tenant).count() == 1


def test_the_csv_export_has_a_header_and_the_rows_of_each_table(exporting_brand):
    tenant, order = exporting_brand
    client = owner_client(tenant, "owner@export.test")
    with eager_tasks():
        export_id = client.post(EXPORTS, {"format": "csv"}, format="json").json()["id"]
    archive = exported(client, export_id)
    rows = list(csv.DictReader(io.StringIO(archive.read("tables/orders_order.csv").decode())))
    assert [row["id"] for row in rows] == [str(order.pk)] and rows[0]["contact_email"] == "eve@export.test"
    users = list(csv.DictReader(io.StringIO(archive.read("tables/accounts_user.csv").decode())))
    assert {row["password"] for row in users} == {""}  # null in CSV


def test_an_export_is_built_once_even_if_its_task_runs_twice(exporting_brand):
    tenant, _ = exporting_brand
    client = owner_client(tenant, "owner@export.test")
    with eager_tasks():
        export_id = client.post(EXPORTS, {"format": "json"}, format="json").json()["id"]
    with tenant_context(tenant):
        first = BrandExport.objects.get(pk=export_id)
        again = exports.build(export_id)
        assert again.file == first.file and again.finished_at == first.finished_at


def test_every_column_that_looks_like_a_credential_is_nulled_or_known_not_to_be_one(db):
    with schema_context(settings.TENANT_TEMPLATE_SCHEMA):
        tables = brand_export.tables_of_schema(settings.TENANT_TEMPLATE_SCHEMA)
    unsure = [f"{t.name}.{c}" for t in tables for c in t.columns if brand_export.CREDENTIAL_NAME.search(c)
              and c not in brand_export.REDACTED.get(t.name, set()) and c not in brand_export.NOT_CREDENTIALS.get(t.name, set())]
    assert unsure == [], "add each to REDACTED (exported as null) or NOT_CREDENTIALS in tenant_apps/privacy/brand_export.py"
    named = {f"{table}.{c}" for table, columns in brand_export.REDACTED.items() for c in columns}
    present = {f"{t.name}.{c}" for t in tables for c in t.columns}
    assert named <= present, named - present  # a renamed column would otherwise be exported in clear


def test_one_export_at_a_time(tenant_a):
    with tenant_context(tenant_a):
        BrandExport.objects.create(format="json")
    refused = owner_client(tenant_a, "owner@alpha.test").post(EXPORTS, {"format": "csv"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "export_in_progress"


def test_progress_is_read_from_the_cache_while_it_runs_and_the_file_waits_until_done(tenant_a):
    with tenant_context(tenant_a):
        export = BrandExport.objects.create(format="json", status=BrandExport.Status.RUNNING)
        cache.set(brand_export.progress_key(export.pk), {"tables_done": 3, "tables_total": 40, "rows_done": 120})
    client = owner_client(tenant_a, "owner@alpha.test")
    detail = client.get(f"{EXPORTS}{export.pk}/").json()
    assert detail["progress"] == {"tables_done": 3, "tables_total": 40, "rows_done": 120} and detail["download_url"] is None
    early = client.get(f"{EXPORTS}{export.pk}/download/")
    assert early.status_code == 409 and early.json()["code"] == "export_not_ready" and early.json()["status"] == "running"
    assert client.get(EXPORTS).json()["results"][0]["id"] == str(export.pk)


def test_another_brands_export_is_not_found_and_staff_may_not_export(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        export = BrandExport.objects.create(format="json", status=BrandExport.Status.DONE, file="exports/x.zip")
        UserFactory(email="boss@alpha.test", role="manager")
    b_owner = owner_client(tenant_b, "owner@bravo.test")
    assert b_owner.get(f"{EXPORTS}{export.pk}/").status_code == 404
    assert b_owner.get(f"{EXPORTS}{export.pk}/download/").status_code == 404
    assert b_owner.get(f"{EXPORTS}{uuid.uuid4()}/").status_code == 404
    manager = owner_client(tenant_a, "boss@alpha.test")
    assert manager.post(EXPORTS, {"format": "json"}, format="json").status_code == 403
    assert manager.get(f"{EXPORTS}{export.pk}/download/").status_code == 403


def test_an_owner_may_export_while_the_brand_is_suspended(tenant_a):
    client = owner_client(tenant_a, "owner@alpha.test")
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    from tenants.routing import forget_hosts

    forget_hosts()
    assert client.post(EXPORTS, {"format": "json"}, format="json").status_code == 202
