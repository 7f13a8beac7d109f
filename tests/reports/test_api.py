"""GET /api/v1/manage/reports/daily/: built days and today so far, JSON or CSV, owners and managers only."""

import csv
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.reports import build, days, history
from tests.catalog.conftest import staff_client
from tests.catalog.factories import LocationFactory

URL = "/api/v1/manage/reports/daily/"
NOON = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)  # 12:00 in Berlin, 10:00 in the brand's zone (UTC)


@pytest.fixture(autouse=True)
def at_noon(monkeypatch):
    """The fixture and the view read the time. At noon no business date is in its grace period and
    both zones are on the same date; run near midnight, the tests saw one live row more or less."""
    monkeypatch.setattr(timezone, "now", lambda: NOON)


@pytest.fixture
def shop(tenant_a):
    """A Berlin location with orders yesterday (reported) and today (not yet)."""
    with tenant_context(tenant_a):
        location = LocationFactory(timezone="Europe/Berlin")
        now = timezone.now()
        today = days.local_today(location.timezone, now)
        yesterday = days.last_closed_day(location.timezone, now)
        for day, count in ((yesterday, 30), (today, 12)):
            history.save(history.day_of_orders(location, day, count, rng=random.Random(day.toordinal())))
        build.build_missing(tenant_id=tenant_a.pk, now=now)
    return location, yesterday, today


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_owner_and_manager_read_built_days_and_today_so_far(client_a, tenant_a, shop, role):
    location, yesterday, today = shop
    staff_client(client_a, tenant_a, role)
    response = client_a.get(URL, {"from": (yesterday - timedelta(days=3)).isoformat(), "to": today.isoformat()})
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [(r["business_date"], r["final"], r["orders"]) for r in rows] == [
        (today.isoformat(), False, 12), (yesterday.isoformat(), True, 30)]
    assert rows[0]["location"] == str(location.pk) and rows[0]["built_at"] is None
    assert len(rows[1]["hourly"]) in (23, 24, 25) and rows[1]["currency"] == tenant_a.currency
    assert response.json()["count"] == 2


def test_the_csv_download_streams_the_same_rows(client_a, tenant_a, shop):
    _, yesterday, today = shop
    staff_client(client_a, tenant_a, "owner")
    response = client_a.get(URL, {"from": yesterday.isoformat(), "to": today.isoformat(), "format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv"
    assert f"daily-alpha-{yesterday}-{today}.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["business_date"], r["final"], r["orders"]) for r in rows] == [
        (today.isoformat(), "False", "12"), (yesterday.isoformat(), "True", "30")]
    json_rows = client_a.get(URL, {"from": yesterday.isoformat(), "to": today.isoformat()}).json()["results"]
    assert [int(r["revenue_cents"]) for r in rows] == [r["revenue_cents"] for r in json_rows]


def test_one_location_only(client_a, tenant_a, shop):
    staff_client(client_a, tenant_a, "owner")
    with tenant_context(tenant_a):
        other = LocationFactory()
    only_other = client_a.get(URL, {"location": str(other.pk)}).json()["results"]
    assert [(r["location"], r["final"], r["orders"]) for r in only_other] == [(str(other.pk), False, 0)]  # today, live
    assert len(client_a.get(URL, {"location": str(shop[0].pk)}).json()["results"]) == 2


@pytest.mark.parametrize("role", ["kitchen", "courier", "customer"])
def test_other_roles_are_refused(client_a, tenant_a, role):
    staff_client(client_a, tenant_a, role)
    assert client_a.get(URL).status_code == 403


def test_anonymous_is_refused(client_a):
    assert client_a.get(URL).status_code == 401


def test_another_brands_reports_are_not_visible(client_b, tenant_b, shop):
    staff_client(client_b, tenant_b, "owner")
    assert client_b.get(URL).json()["results"] == []


@pytest.mark.parametrize(("params", "code", "field"), [
    ({"from": "2026-05-10", "to": "2026-05-01"}, "invalid_input", "from"),
    ({"from": "yesterday"}, "invalid_input", "from"),
    ({"location": "not-a-uuid"}, "invalid_input", "location"),
    ({"format": "xlsx"}, "invalid_input", "format"),
    ({"from": "2026-01-01", "to": "2026-06-01"}, "report_range_too_long", "from"),
])
def test_bad_query_parameters_get_a_400_with_a_stable_code(client_a, tenant_a, params, code, field):
    staff_client(client_a, tenant_a, "owner")
    response = client_a.get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == code and field in response.json()["fields"]


def test_a_date_outside_the_years_2000_to_2999_is_a_400_not_an_overflow(client_a, tenant_a):
    staff_client(client_a, tenant_a, "owner")
    for query in ({"to": "0001-01-03"}, {"from": "9999-12-31"}):
        response = client_a.get(URL, query)
        assert response.status_code == 400, (query, response.content)
