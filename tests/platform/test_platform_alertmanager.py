"""Alertmanager: the compose file's config and the Helm chart's, checked by Debian's amtool, with
their routes (critical alerts to e-mail and the webhook, warnings to e-mail) tested by name."""

import json

import pytest
import yaml
from brigade_platform import ROOT, run

CONFIG = ROOT / "platform" / "alertmanager" / "alertmanager.yml"
CHART = ROOT / "helm" / "brigade"


@pytest.fixture(scope="module")
def helm_config(tool, tmp_path_factory):
    """The alertmanager.yml that the chart renders with the production-like values."""
    out = run([tool("helm"), "template", "b", str(CHART), "-f", str(CHART / "ci" / "production-values.yaml")]).stdout
    (config_map,) = [d for d in yaml.safe_load_all(out)
                     if d and d["kind"] == "ConfigMap" and d["metadata"]["name"] == "b-brigade-alertmanager"]
    path = tmp_path_factory.mktemp("alertmanager") / "alertmanager.yml"
    path.write_text(config_map["data"]["alertmanager.yml"])
    return path


@pytest.fixture(params=["compose", "helm"])
def config(request, helm_config):
    return CONFIG if request.param == "compose" else helm_config


def test_amtool_accepts_the_config(tool, config):
    proc = run([tool("amtool"), "check-config", str(config)])
    assert "SUCCESS" in proc.stdout and "2 receivers" in proc.stdout


@pytest.mark.parametrize(("labels", "receiver"), [
    (["severity=critical", "alertname=BrigadeRedisDown"], "email-and-webhook"),
    (["severity=critical", "alertname=BrigadeWorkerGone"], "email-and-webhook"),
    (["severity=critical", "alertname=BrigadeHigh5xxRatio"], "email-and-webhook"),
    (["severity=critical", "alertname=BrigadeBeatHeartbeatMissing"], "email-and-webhook"),
    (["severity=warning", "alertname=BrigadeCeleryBacklog"], "email"),
])
def test_each_fault_alert_is_routed_to_a_person(tool, config, labels, receiver):
    proc = run([tool("amtool"), "config", "routes", "test", f"--config.file={config}", *labels])
    assert proc.stdout.strip() == receiver


def test_the_receivers_are_an_e_mail_and_a_webhook_with_their_secrets_in_files(config):
    data = yaml.safe_load(config.read_text())
    receivers = {r["name"]: r for r in data["receivers"]}
    assert receivers["email"]["email_configs"][0]["to"]
    [webhook] = receivers["email-and-webhook"]["webhook_configs"]
    assert webhook["url"].startswith("https://")
    assert webhook["http_config"]["authorization"]["credentials_file"].startswith("/etc/alertmanager/secrets/")
    assert data["global"]["smtp_auth_password_file"].startswith("/etc/alertmanager/secrets/")
    assert "smtp_auth_password" not in data["global"]


def test_prometheus_sends_its_alerts_to_the_compose_alertmanager(tool):
    prometheus = yaml.safe_load((ROOT / "platform" / "prometheus" / "prometheus.yml").read_text())
    [target] = prometheus["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"]
    compose = json.loads(run([tool("docker-compose"), "--env-file", ".env.example", "-f", "docker-compose.yml",
                              "config", "--format", "json"]).stdout)
    service = compose["services"]["alertmanager"]
    assert target == "alertmanager:9093"
    assert any(p["target"] == 9093 and p.get("host_ip") == "127.0.0.1" for p in service["ports"])
    assert compose["services"]["prometheus"]["depends_on"]["alertmanager"]["condition"] == "service_healthy"


def test_the_chart_refuses_alertmanager_without_its_secret(tool):
    import subprocess

    proc = subprocess.run(
        [tool("helm"), "template", "b", str(CHART), "-f", str(CHART / "ci" / "production-values.yaml"),
         "--set", "alertmanager.existingSecret="], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "alertmanager.existingSecret is required" in proc.stderr
