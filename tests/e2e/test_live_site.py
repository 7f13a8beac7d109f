"""The browser tests' foundation: chromium reaches the live server on each demo brand's host, and a
page on a brand's origin opens the WebSocket that the brand endpoint's `realtime_url` names."""

import pytest
from django.db import connection

from tests.servers import database_url_of_tests

SIGN_IN_AND_TRACK = """async ([email, password]) => {
  const post = (path, body, token) => fetch(path, {method: "POST", headers: {"Content-Type": "application/json",
    ...(token ? {Authorization: `Bearer ${token}`} : {})}, body: JSON.stringify(body)});
  const {access} = await (await post("/api/v1/auth/login/", {email, password})).json();
  const orders = await (await fetch("/api/v1/orders/", {headers: {Authorization: `Bearer ${access}`}})).json();
  const order = orders.results[0];
  const {realtime_url} = await (await fetch("/api/v1/brand/")).json();
  const socket = new WebSocket(`${realtime_url}orders/${order.id}/?tracking=${order.tracking_token}`);
  const first = await new Promise((resolve, reject) => {
    socket.onmessage = (event) => resolve(JSON.parse(event.data));
    socket.onclose = (event) => reject(new Error(`closed ${event.code} ${event.reason}`));
  });
  socket.close();
  return {order: order.id, realtime_url, first};
}"""


def brand_seen_by(page, url: str) -> dict:
    response = page.goto(f"{url}/api/v1/brand/")
    assert response.status == 200
    return response.json()


def test_each_demo_brand_answers_on_its_own_host_in_the_browser(page, live_site, demo_brands):
    for slug in ("burger", "sushi", "pizza"):
        brand = brand_seen_by(page, live_site.url(slug))
        assert (brand["slug"], brand["name"], brand["currency"]) == (slug, demo_brands[slug].name, demo_brands[slug].currency)
        assert brand["accepts_orders"] is (slug != "pizza")
        assert brand["realtime_url"] == live_site.realtime_url(slug)


def test_the_platform_host_answers_its_own_api_and_an_unknown_host_gets_the_json_404(page, live_site):
    plans = page.goto(f"{live_site.platform_url}/api/v1/plans/")
    assert plans.status == 200 and plans.json()["count"] >= 3
    unknown = page.goto(f"http://nobody.localhost:{live_site.http_port}/api/v1/brand/")
    assert unknown.status == 404 and unknown.json()["code"] == "unknown_host"


def test_a_page_on_the_brand_origin_tracks_an_order_over_the_realtime_url(page, live_site):
    brand_seen_by(page, live_site.burger_url)  # the page's origin is the brand's host
    seen = page.evaluate(SIGN_IN_AND_TRACK, ["customer@burger.test", live_site.password])
    assert seen["realtime_url"] == live_site.realtime_url("burger")
    assert seen["first"]["type"] == "snapshot" and seen["first"]["order"]["id"] == seen["order"]



@pytest.mark.django_db  # (also this package's `db` test, so pytest-django creates the test database)
def test_the_browser_tests_run_against_the_test_database():
    assert connection.settings_dict["NAME"].startswith("test_")
    assert database_url_of_tests().endswith("/" + connection.settings_dict["NAME"])
