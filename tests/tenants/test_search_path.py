"""tenants.postgresql_backend skips `SET search_path` only when the session is known to have it.

The invariant checked everywhere: the schema PostgreSQL resolves unqualified names in
(`current_schema()`) is the schema Django believes it is on (`connection.schema_name`). A
breach is a cross-tenant read. django-tenants #1262 is the scenario that broke it elsewhere: a
tenant switched inside a savepoint that is then rolled back.
"""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.models import Tenant


class Boom(Exception):
    pass


def session_schema() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        return cursor.fetchone()[0]


def assert_session_matches_connection() -> None:
    assert session_schema() == connection.schema_name


def search_path_sets(queries) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith("SET search_path"))


@pytest.fixture
def brands(committed_db) -> dict:
    """Real transactions (no test-wide atomic), so ROLLBACK and COMMIT are the database's own."""
    connection.close()
    return {slug: Tenant.objects.get(slug=slug) for slug in ("alpha", "bravo")}


def test_queries_in_one_schema_send_one_set_search_path(tenant_a):
    connection.set_tenant(tenant_a)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert_session_matches_connection()
    assert search_path_sets(queries) <= 1


def test_setting_the_same_tenant_again_sends_no_set_search_path(tenant_a):
    connection.set_tenant(tenant_a)
    assert_session_matches_connection()
    connection.set_tenant(Tenant.objects.get(pk=tenant_a.pk))  # what every request's middleware does
    with CaptureQueriesContext(connection) as queries:
        assert_session_matches_connection()
    assert search_path_sets(queries) == 0


def test_switching_tenants_sends_set_search_path_each_time(tenant_a, tenant_b):
    with CaptureQueriesContext(connection) as queries:
        for tenant in (tenant_a, tenant_b, tenant_a):
            connection.set_tenant(tenant)
            assert_session_matches_connection()
    assert search_path_sets(queries) == 3


def test_a_tenant_switched_inside_a_rolled_back_savepoint_is_set_again(tenant_a, tenant_b):
    """django-tenants #1262: ROLLBACK TO SAVEPOINT reverts the SET issued inside the savepoint."""
    connection.set_tenant(tenant_a)
    assert_session_matches_connection()
    with pytest.raises(Boom), transaction.atomic():
        connection.set_tenant(tenant_b)
        assert_session_matches_connection()  # SET to bravo, inside the savepoint
        raise Boom
    # The database is back on alpha; Django still says bravo and must send the SET again.
    assert connection.schema_name == tenant_b.schema_name
    assert_session_matches_connection()


def test_a_tenant_switched_inside_a_rolled_back_transaction_is_set_again(brands):
    with schema_context(brands["alpha"].schema_name):
        assert_session_matches_connection()  # autocommit: alpha is the session's path for good
        with pytest.raises(Boom), transaction.atomic():
            connection.set_tenant(brands["bravo"])
            assert_session_matches_connection()
            raise Boom
        assert connection.schema_name == brands["bravo"].schema_name
        assert_session_matches_connection()


def test_a_tenant_switched_inside_a_transaction_whose_commit_fails_is_set_again(brands):
    from tenant_apps.orders.models import OrderLine

    with schema_context(brands["alpha"].schema_name):
        assert_session_matches_connection()  # autocommit: alpha for good
        transaction.set_autocommit(False)  # a hand-managed transaction: no atomic() to roll back for us
        try:
            connection.set_tenant(brands["bravo"])
            # Foreign keys are checked at COMMIT (deferred), so the COMMIT fails and PostgreSQL
            # rolls the transaction back, with the SET to bravo issued inside it.
            OrderLine.objects.create(order_id=uuid.uuid4(), position=0, name="x", quantity=1, unit_price_cents=1,
                                     tax_category="standard", tax_rate_bp=0, subtotal_cents=1, tax_cents=0,
                                     total_cents=1)
            with pytest.raises(IntegrityError):
                connection.commit()
            assert_session_matches_connection()
        finally:
            connection.rollback()
            transaction.set_autocommit(True)


def test_a_new_connection_gets_its_search_path(brands):
    connection.set_tenant(brands["alpha"])
    assert_session_matches_connection()
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert_session_matches_connection()
    assert search_path_sets(queries) == 1
    connection.set_schema_to_public()


# Random programs: schema switches, queries, nested transactions that commit or roll back, and
# reconnects, run against real transactions; the invariant is checked at every query.
LEAF = st.sampled_from(["alpha", "bravo", "public", "query", "query", "reconnect"])
PROGRAM = st.lists(
    st.recursive(LEAF, lambda inner: st.tuples(st.sampled_from(["commit", "rollback"]), st.lists(inner, max_size=5)),
                 max_leaves=15),
    max_size=8,
)


def run(program, brands) -> None:
    for step in program:
        if isinstance(step, tuple):
            outcome, inner = step
            try:
                with transaction.atomic():
                    run(inner, brands)
                    if outcome == "rollback":
                        raise Boom
            except Boom:
                pass
        elif step == "query":
            assert_session_matches_connection()
        elif step == "reconnect":
            if not connection.in_atomic_block:
                connection.close()
        elif step == "public":
            connection.set_schema(get_public_schema_name())
        else:
            connection.set_tenant(brands[step])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=PROGRAM)
def test_the_session_is_always_on_the_schema_django_believes_it_is_on(brands, program):
    run(program, brands)
    assert_session_matches_connection()
    connection.set_schema_to_public()
