import pytest

from tenants.errors import TenantSuspended
from tenants.models import Tenant
from tenants.services import ensure_accepts_writes

from ..conftest import login


@pytest.fixture
def suspended_b(tenant_b):
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])  # save(), not update(): host routing is cached
    return tenant_b


def test_suspended_tenant_still_serves_reads(suspended_b, client_b):
    response = client_b.get("/api/v1/brand/")
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"


def test_suspended_tenant_refuses_writes_with_tenant_suspended(suspended_b, client_b):
    response = client_b.post("/api/v1/auth/register/", {"email": "new@bravo.test", "password": "x-long-enough-9"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "tenant_suspended"


def test_staff_of_suspended_tenant_can_still_sign_in(suspended_b, client_b):
    assert "access" in login(client_b, "owner@bravo.test")


def test_cancelled_tenant_refuses_writes_too(tenant_b, client_b):
    tenant_b.status = Tenant.Status.CANCELLED
    tenant_b.save(update_fields=["status"])
    response = client_b.post("/api/v1/auth/register/", {"email": "new@bravo.test", "password": "x-long-enough-9"}, format="json")
    assert response.json()["code"] == "tenant_suspended"


def test_other_tenants_are_unaffected_by_a_suspension(suspended_b, client_a):
    response = client_a.post("/api/v1/auth/register/", {"email": "new@alpha.test", "password": "x-long-enough-9"}, format="json")
    assert response.status_code == 201


def test_shared_check_raises_for_suspended_and_passes_for_active(suspended_b, tenant_a):
    with pytest.raises(TenantSuspended):
        ensure_accepts_writes(suspended_b)
    ensure_accepts_writes(tenant_a)
