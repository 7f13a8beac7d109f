import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from shared_apps.accounts.models import User
from tenants import provisioning
from tenants.errors import InvalidSlug, InvalidTenantSetting, SlugTaken
from tenants.models import Domain, Tenant
from tenants.services import provision_tenant

from ..conftest import client_for, login, schemas_in_database
from ..factories import PASSWORD


def _provision(slug: str, **extra) -> Tenant:
    return provision_tenant(slug, slug.title(), owner_email=f"owner@{slug}.test", owner_password=PASSWORD, **extra)


def test_provisioning_claims_a_spare_schema_without_ddl(committed_db):
    spare_schemas = set(Tenant.objects.filter(kind=Tenant.Kind.SPARE).values_list("schema_name", flat=True))
    assert spare_schemas, "the session fills the spare pool"
    tenant = _provision("from-spare")
    assert tenant.schema_name in spare_schemas
    assert Tenant.objects.get(pk=tenant.pk).kind == Tenant.Kind.BRAND


def test_provisioning_replays_the_template_when_no_spare_is_left(committed_db):
    for spare in Tenant.objects.filter(kind=Tenant.Kind.SPARE):
        spare.delete(force_drop=True)
    tenant = _provision("from-template")
    assert schema_exists(tenant.schema_name)
    expected = provisioning.migration_fingerprint("tenant_template")
    assert provisioning.migration_fingerprint(tenant.schema_name) == expected


def test_provisioned_tenant_is_ready_and_its_owner_can_sign_in(committed_db):
    tenant = _provision("ready-now", currency="GBP", timezone="Europe/London")
    assert Domain.objects.get(tenant=tenant, is_primary=True).domain == "ready-now.localhost"
    with schema_context(tenant.schema_name):
        assert User.objects.get().role == User.Role.OWNER
    tokens = login(client_for("ready-now.localhost"), "owner@ready-now.test")
    assert tokens["user"]["role"] == "owner"


def test_schema_name_is_opaque_and_not_the_slug(committed_db):
    tenant = _provision("opaque-name")
    assert tenant.schema_name.startswith("t_")
    assert "opaque" not in tenant.schema_name


@pytest.mark.parametrize("use_spare", [True, False], ids=["spare", "template"])
def test_failure_midway_leaves_no_schema_and_no_rows(committed_db, monkeypatch, use_spare):
    if not use_spare:
        for spare in Tenant.objects.filter(kind=Tenant.Kind.SPARE):
            spare.delete(force_drop=True)
    schemas_before = schemas_in_database()
    spares_before = set(Tenant.objects.filter(kind=Tenant.Kind.SPARE).values_list("pk", flat=True))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full while creating the owner")

    monkeypatch.setattr(User.objects, "create", fail)
    with pytest.raises(RuntimeError):
        _provision("half-made")

    assert not Tenant.objects.filter(slug="half-made").exists()
    assert not Domain.objects.filter(domain="half-made.localhost").exists()
    assert schemas_in_database() == schemas_before
    assert set(Tenant.objects.filter(kind=Tenant.Kind.SPARE).values_list("pk", flat=True)) == spares_before


@pytest.mark.parametrize(
    "slug", ["ab", "a" * 41, "Upper", "under_score", "-edge", "edge-", "dou--ble", "spa ce", "ümlaut", ""]
)
def test_malformed_slugs_are_refused(db, slug):
    with pytest.raises(InvalidSlug):
        _provision(slug)


@pytest.mark.parametrize("slug", ["www", "api", "admin", "public", "static", "media"])
def test_reserved_slugs_are_refused(db, slug):
    with pytest.raises(InvalidSlug):
        _provision(slug)


def test_taken_slug_is_refused_with_slug_taken(db):
    with pytest.raises(SlugTaken):
        _provision("alpha")


def test_unknown_time_zone_and_bad_currency_are_refused_before_anything_is_made(db):
    with pytest.raises(InvalidTenantSetting):
        _provision("tz-bad", timezone="Mars/Olympus")
    with pytest.raises(InvalidTenantSetting):
        _provision("cur-bad", currency="euro")
    assert not Tenant.objects.filter(slug__in=["tz-bad", "cur-bad"]).exists()


def test_concurrent_sign_ups_for_one_slug_make_one_tenant(committed_db):
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def sign_up():
        try:
            barrier.wait()
            _provision("race-slug")
            outcomes.append("created")
        except SlugTaken:
            outcomes.append("taken")
        finally:
            connection.close()

    schemas_before = schemas_in_database()
    threads = [threading.Thread(target=sign_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "taken"]
    winner = Tenant.objects.get(slug="race-slug")
    # Exactly one schema more than before (the winner's, unless it came from the spare pool).
    assert schemas_in_database() - schemas_before <= {winner.schema_name}


def test_stale_spare_is_never_claimed_and_is_discarded(committed_db):
    spare = Tenant.objects.filter(kind=Tenant.Kind.SPARE).first()
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{spare.schema_name}".django_migrations WHERE app = %s', ["migration_probe"])
    for other in Tenant.objects.filter(kind=Tenant.Kind.SPARE).exclude(pk=spare.pk):
        other.delete(force_drop=True)

    tenant = _provision("not-stale")
    assert tenant.schema_name != spare.schema_name
    assert provisioning.discard_stale_spares() == 1
    assert not schema_exists(spare.schema_name)


def test_create_tenant_command_provisions_a_brand(committed_db, capsys):
    call_command("create_tenant", "by-command", "--name", "By Command", "--owner-email", "boss@cmd.test",
                 "--owner-password", PASSWORD, "--timezone", "Europe/Paris")
    assert "by-command.localhost" in capsys.readouterr().out
    assert Tenant.objects.get(slug="by-command").timezone == "Europe/Paris"


def _has_probe_table(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{schema_name}.migration_probe_probe"])
        return cursor.fetchone()[0] is not None


def test_a_new_migration_reaches_template_spares_and_tenants(committed_db):
    schemas = ["tenant_template", *Tenant.objects.filter(kind__in=["spare", "brand"]).values_list("schema_name", flat=True)]
    assert Tenant.objects.filter(kind="spare").exists() and Tenant.objects.filter(kind="brand").exists()

    call_command("migrate_schemas", "migration_probe", "zero", verbosity=0)
    assert not any(_has_probe_table(schema) for schema in schemas)

    call_command("migrate_schemas", "migration_probe", verbosity=0)
    assert all(_has_probe_table(schema) for schema in schemas)
