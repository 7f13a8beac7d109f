"""Prometheus configuration and rules, checked and unit-tested with Debian's promtool."""

import yaml
from brigade_platform import ROOT, known_metric, metric_catalog, promql_metric_names, run

PROM = ROOT / "platform" / "prometheus"


def test_promtool_check_config(tool):
    proc = run([tool("promtool"), "check", "config", str(PROM / "prometheus.yml")])
    assert "SUCCESS" in proc.stdout + proc.stderr
    assert "rules found" in proc.stdout + proc.stderr  # rule_files resolved, not an empty glob


def test_promtool_check_rules(tool):
    run([tool("promtool"), "check", "rules", *map(str, sorted((PROM / "rules").glob("*.yml")))])


def test_promtool_unit_tests_of_the_alerts(tool):
    run([tool("promtool"), "test", "rules", str(PROM / "tests" / "brigade_test.yml")])


def test_every_component_is_scraped():
    jobs = {
        job["job_name"] for job in yaml.safe_load((PROM / "prometheus.yml").read_text())["scrape_configs"]
    }
    assert {
        "brigade-web",
        "brigade-ws",
        "brigade-worker",
        "brigade-beat",
        "postgres",
        "redis",
        "nginx",
    } <= jobs


def test_the_issue_alerts_exist_and_link_a_runbook():
    rules = [
        r for g in yaml.safe_load((PROM / "rules" / "brigade.yml").read_text())["groups"] for r in g["rules"]
    ]
    alerts = {r["alert"]: r for r in rules if "alert" in r}
    for name in (
        "BrigadeHigh5xxRatio",
        "BrigadeHighLatencyP95",
        "BrigadeCeleryBacklog",
        "BrigadeCeleryTaskFailureRate",
        "BrigadeBeatHeartbeatMissing",
        "BrigadeWebSocketConnectionsDropped",
        "BrigadePostgresConnectionsNearMax",
        "BrigadeRedisMemoryHigh",
        "BrigadeDiskSpaceLow",
    ):
        assert name in alerts
    docs = (
        (ROOT / "docs" / "operations.md").read_text().lower()
        if (ROOT / "docs" / "operations.md").exists()
        else ""
    )
    for name, rule in alerts.items():
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        assert anchor in docs, f"{name}: docs/operations.md has no section for #{anchor}"


def test_rules_read_only_metrics_that_something_exposes():
    known = set().union(*metric_catalog().values())
    rules = [
        r for g in yaml.safe_load((PROM / "rules" / "brigade.yml").read_text())["groups"] for r in g["rules"]
    ]
    unknown = {
        (r.get("alert") or r.get("record"), name)
        for r in rules
        for name in promql_metric_names(r["expr"])
        if not known_metric(name, known)
    }
    assert unknown == set()
