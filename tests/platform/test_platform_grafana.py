"""Grafana provisioning and dashboards: valid, current, and every query names a real metric."""

import json

import make_dashboards  # scripts/platform
import pytest
import yaml
from brigade_platform import ROOT, known_metric, metric_catalog, promql_metric_names

GRAFANA = ROOT / "platform" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def test_provisioning_points_at_the_dashboards_and_the_datasource_uid():
    ds = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert ds["datasources"][0]["uid"] == "brigade-prometheus"
    providers = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "brigade.yml").read_text())
    assert providers["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"


def test_committed_dashboards_are_what_the_generator_writes():
    assert {p.name: p.read_text() for p in DASHBOARDS} == make_dashboards.render()


def test_the_issue_dashboards_exist():
    titles = {json.loads(p.read_text())["title"] for p in DASHBOARDS}
    assert {
        "Brigade / Platform overview",
        "Brigade / Celery",
        "Brigade / WebSockets",
        "Brigade / PostgreSQL and Redis",
    } <= titles


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_every_panel_query_names_a_metric_the_app_or_an_exporter_exposes(path):
    known = set().union(*metric_catalog().values())
    dashboard = json.loads(path.read_text())
    assert len({p["id"] for p in dashboard["panels"]}) == len(dashboard["panels"])
    unknown = []
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == "brigade-prometheus"
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            names = promql_metric_names(target["expr"])
            assert names, (panel["title"], target["expr"])
            unknown += [(panel["title"], n) for n in names if not known_metric(n, known)]
    assert unknown == []


def test_the_metric_name_parser_itself():
    expr = 'histogram_quantile(0.95, sum by (le, task) (rate(x_seconds_bucket{a="b(c)"}[5m]))) / max(up offset 1h)'
    assert promql_metric_names(expr) == {"x_seconds_bucket", "up"}
