"""A day's figures come out of SQL equal to the same sums done by hand over the orders written."""

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from tenant_apps.reports.figures import NOT_SALES, daily_figures
from tests.catalog.factories import LocationFactory

from .helpers import history_of, orders_at

DAY = date(2026, 5, 14)


def test_daily_figures_match_the_orders_of_that_location_and_date(in_a):
    location, other = LocationFactory(timezone="Europe/Berlin"), LocationFactory(timezone="Europe/Berlin")
    batch = history_of(location, [DAY], per_day=120)
    history_of(other, [DAY], per_day=30, seed=2)  # another location's orders count nowhere here
    figures = daily_figures(location, DAY)

    sales = [o for o in batch.orders if o.status not in NOT_SALES]
    assert figures["orders"] == 120
    assert figures["sales_orders"] == len(sales)
    assert figures["revenue_cents"] == sum(o.total_cents for o in sales)
    assert figures["tip_cents"] == sum(o.tip_cents for o in sales)
    assert figures["delivery_fee_cents"] == sum(o.delivery_fee_cents for o in sales)
    assert figures["discount_cents"] == sum(o.discount_cents for o in sales)
    assert figures["tax_cents"] == sum(o.tax_cents for o in sales)
    assert figures["average_ticket_cents"] == round(figures["revenue_cents"] / len(sales))
    assert {s: v["orders"] for s, v in figures["by_status"].items()} == Counter(o.status for o in batch.orders)
    assert sum(v["orders"] for v in figures["by_fulfillment"].values()) == len(sales)
    assert sum(v["total_cents"] for v in figures["by_payment_method"].values()) == figures["revenue_cents"]
    assert sum(hour["orders"] for hour in figures["hourly"]) == len(sales)
    assert len(figures["hourly"]) == 24

    sold = Counter()
    for line in batch.lines:
        if line.order.status not in NOT_SALES:
            sold[line.name] += line.quantity
    assert [(i["name"], i["quantity"]) for i in figures["top_items"]] == sorted(sold.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    called_off = Counter((e[3], e[4]) for e in batch.events if e[3] in ("cancelled", "rejected"))
    assert {(c["status"], c["reason"]): c["orders"] for c in figures["cancellations"]} == called_off
    assert 12 * 60 <= figures["average_prep_seconds"] <= 28 * 60
    assert 8 * 60 <= figures["average_delivery_seconds"] <= 30 * 60


@pytest.mark.parametrize(("day", "hours", "labels", "first"), [
    # 02:00 CET jumps to 03:00 CEST: orders at 01:30 CET and 03:30 CEST are in hours 1 and 2.
    (date(2026, 3, 29), 23, ["2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"], 1),
    # 03:00 CEST falls back to 02:00 CET: the two 02:30s are in hours 2 and 3.
    (date(2026, 10, 25), 25, ["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00"], 2),
])
def test_a_dst_day_has_its_real_length_and_each_order_in_its_own_local_hour(in_a, day, hours, labels, first):
    location = LocationFactory(timezone="Europe/Berlin")
    orders_at(location, day, [datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC),
                              datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)])
    figures = daily_figures(location, day)
    assert (figures["day_end"] - figures["day_start"]).total_seconds() == hours * 3600
    assert len(figures["hourly"]) == hours
    assert [h["start"] for h in figures["hourly"][first:first + 2]] == labels
    assert [h["orders"] for h in figures["hourly"][first - 1:first + 3]] == [0, 1, 1, 0]


def test_a_day_without_orders_has_zero_figures(in_a):
    figures = daily_figures(LocationFactory(timezone="America/New_York"), DAY)
    assert (figures["orders"], figures["revenue_cents"], figures["average_ticket_cents"]) == (0, 0, 0)
    assert figures["average_prep_seconds"] is None and figures["top_items"] == []
