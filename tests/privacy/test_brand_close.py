"""The owner closes the brand: cancelled at once, data kept for the grace period, then the schema
dropped by the scheduled job — with the platform's audit trail and invoices kept."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.billing.models import Subscription
from shared_apps.billing.selectors import subscription_of
from shared_apps.platform_admin.services import reactivate_tenant
from shared_apps.scheduling import services as scheduling
from shared_apps.scheduling.models import Schedule
from tenant_apps.privacy import closing
from tenant_apps.privacy.jobs import JOB
from tenants.audit import Actor
from tenants.models import AuditEvent, Domain, Tenant
from tenants.routing import forget_hosts
from tenants.services import provision_tenant

from ..conftest import client_for, login, schemas_in_database
from ..factories import PASSWORD, UserFactory, image_bytes
from ..orders.factories import LocationFactory, OrderFactory

CLOSE = "/api/v1/manage/brand/close/"


def owner_client(tenant, email):
    client = client_for(tenant.primary_domain)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, email)['access']}")
    return client


def test_the_owner_closes_the_brand_and_it_is_cancelled_with_a_purge_date(tenant_a, settings):
    client = owner_client(tenant_a, "owner@alpha.test")
    before = timezone.now()
    response = client.post(CLOSE, {"confirm": "alpha", "password": PASSWORD, "reason": "moving on"}, format="json")
    assert response.status_code == 200, response.content
    tenant = Tenant.objects.get(pk=tenant_a.pk)
    assert tenant.status == "cancelled" and response.json()["status"] == "cancelled"
    grace = timedelta(days=settings.BRAND_CLOSURE_GRACE_DAYS)
    assert before + grace <= tenant.purge_after <= timezone.now() + grace
    assert subscription_of(tenant).status == Subscription.Status.CANCELLED
    entry = AuditEvent.objects.get(action="tenant.closed", tenant=tenant)
    assert entry.actor_email == "owner@alpha.test" and entry.data["reason"] == "moving on"
    forget_hosts()
    refused = client_for(tenant.primary_domain).post("/api/v1/orders/quote/", {}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "tenant_suspended"
    assert client.get("/api/v1/brand/").status_code == 200  # reads still work
    assert client.post("/api/v1/manage/exports/", {"format": "csv"}, format="json").status_code == 202
    again = client.post(CLOSE, {"confirm": "alpha", "password": PASSWORD}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_closed"


@pytest.mark.parametrize("body, code", [({"confirm": "bravo", "password": PASSWORD}, "confirmation_mismatch"),
                                        ({"confirm": "alpha", "password": "wrong"}, "password_incorrect"),
                                        ({"password": PASSWORD}, "invalid_input")])
def test_a_close_without_the_right_confirmation_changes_nothing(tenant_a, body, code):
    response = owner_client(tenant_a, "owner@alpha.test").post(CLOSE, body, format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert Tenant.objects.get(pk=tenant_a.pk).status != "cancelled" and not AuditEvent.objects.filter(action="tenant.closed").exists()


def test_only_the_owner_may_close_the_brand(tenant_a):
    with tenant_context(tenant_a):
        UserFactory(email="boss@alpha.test", role="manager")
    response = owner_client(tenant_a, "boss@alpha.test").post(CLOSE, {"confirm": "alpha", "password": PASSWORD}, format="json")
    assert response.status_code == 403


def test_the_purge_job_runs_for_closed_brands_only(tenant_a, tenant_b):
    now = timezone.now()
    owner = _owner(tenant_a)
    closing.close_brand(tenant_a, owner=owner, password=PASSWORD, confirm="alpha", by=Actor.system(), now=now)
    scheduling.ensure_schedules([JOB, "reports.daily"], now=now)
    claimed = scheduling.claim_due([JOB, "reports.daily"], now=now, limit=100)
    jobs = {(tenant_id, job) for _, tenant_id, _, job in claimed}
    assert (tenant_a.pk, JOB) in jobs and (tenant_b.pk, JOB) not in jobs
    assert (tenant_a.pk, "reports.daily") not in jobs and (tenant_b.pk, "reports.daily") in jobs


def test_before_the_grace_period_ends_the_job_keeps_everything_and_comes_back_then(tenant_a):
    now = timezone.now()
    closing.close_brand(tenant_a, owner=_owner(tenant_a), password=PASSWORD, confirm="alpha", by=Actor.system(), now=now)
    tenant = Tenant.objects.get(pk=tenant_a.pk)
    with tenant_context(tenant):
        assert closing.purge_if_due(tenant.pk, now=now + timedelta(days=29)) == tenant.purge_after
    assert tenant.schema_name in schemas_in_database()


def test_a_reactivated_brand_is_never_purged(tenant_a):
    now = timezone.now()
    closing.close_brand(tenant_a, owner=_owner(tenant_a), password=PASSWORD, confirm="alpha", by=Actor.system(), now=now)
    reactivate_tenant(Tenant.objects.get(pk=tenant_a.pk), by=Actor.system(), reason="changed their mind")
    tenant = Tenant.objects.get(pk=tenant_a.pk)
    assert tenant.purge_after is None and tenant.status == "active"
    with tenant_context(tenant):
        closing.purge_if_due(tenant.pk, now=now + timedelta(days=400))
    assert tenant.schema_name in schemas_in_database()


def _owner(tenant):
    from shared_apps.accounts.models import User

    with tenant_context(tenant):
        return User.objects.get(role="owner")


@pytest.fixture
def closed_brand(committed_db, settings):
    tenant = provision_tenant("closing-co", "Closing Co", owner_email="owner@closing.test", owner_password=PASSWORD)
    with tenant_context(tenant):
        OrderFactory(location=LocationFactory())
    client = owner_client(tenant, "owner@closing.test")
    logo = client.patch("/api/v1/manage/brand/", {"logo": _upload()}, format="multipart")
    assert logo.status_code == 200, logo.content
    closed_at = timezone.now() - timedelta(days=settings.BRAND_CLOSURE_GRACE_DAYS + 1)
    closing.close_brand(tenant, owner=_owner(tenant), password=PASSWORD, confirm="closing-co", by=Actor.system(),
                        now=closed_at)
    yield Tenant.objects.get(pk=tenant.pk)
    tenant = Tenant.objects.filter(pk=tenant.pk).first()
    if tenant is not None:
        if tenant.kind == Tenant.Kind.PURGED:
            AuditEvent.objects.filter(tenant=tenant).update(tenant=None)
            Tenant.objects.filter(pk=tenant.pk).delete()
        else:
            tenant.delete(force_drop=True)


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("logo.png", image_bytes(), content_type="image/png")


def test_after_the_grace_period_the_job_drops_the_schema_and_keeps_the_platforms_records(closed_brand, settings):
    tenant = closed_brand
    schema, host = tenant.schema_name, tenant.primary_domain
    logo = tenant.theme.logo.name
    assert logo and (settings.MEDIA_ROOT / logo).exists()
    with tenant_context(tenant):
        next_run = closing.purge_if_due(tenant.pk, now=timezone.now())
    assert next_run > timezone.now()
    assert schema not in schemas_in_database()
    purged = Tenant.objects.get(pk=tenant.pk)
    assert purged.kind == Tenant.Kind.PURGED and purged.slug == "closing-co"
    assert not Domain.objects.filter(tenant=purged).exists() and not Schedule.objects.filter(tenant=purged).exists()
    assert not (settings.MEDIA_ROOT / logo).exists()
    assert set(AuditEvent.objects.filter(tenant=purged).values_list("action", flat=True)) >= {"tenant.closed", "tenant.purged"}
    assert Subscription.objects.filter(tenant=purged).exists()  # the platform's billing records stay
    forget_hosts()
    gone = client_for(host).get("/api/v1/brand/")
    assert gone.status_code == 404 and gone.json()["code"] == "unknown_host"
    # Nothing else was touched, and migrations no longer visit it.
    from tenants.schema_migrations import tenant_schemas

    assert schema not in {s for s, _ in tenant_schemas()}
    assert client_for(Tenant.objects.get(slug="alpha").primary_domain).get("/api/v1/brand/").status_code == 200


def test_a_failing_purge_leaves_the_brand_whole(closed_brand, monkeypatch):
    tenant = closed_brand

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(closing.audit, "record", broken)
    with pytest.raises(RuntimeError), tenant_context(tenant):
        closing.purge_if_due(tenant.pk, now=timezone.now())
    assert tenant.schema_name in schemas_in_database()
    assert Tenant.objects.get(pk=tenant.pk).kind == Tenant.Kind.BRAND and Domain.objects.filter(tenant=tenant).exists()
