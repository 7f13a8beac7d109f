"""docker-compose.yml, checked by a real Compose implementation and the compose-spec schema."""

import json

import pytest
from brigade_platform import ROOT, run

APP_SERVICES = ("migrate", "web", "ws", "worker", "beat")


@pytest.fixture(scope="module")
def compose_config(tool):
    """`docker compose config` (Compose v2, no engine needed) with the documented .env.example."""
    compose = tool("docker-compose")
    proc = run(
        [compose, "--env-file", ".env.example", "-f", "docker-compose.yml", "config", "--format", "json"]
    )
    return json.loads(proc.stdout)


def test_compose_file_matches_the_compose_spec_schema(tool):
    run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"])


def test_compose_has_every_service_of_the_stack(compose_config):
    expected = {
        "postgres",
        "redis",
        *APP_SERVICES,
        "nginx",
        "prometheus",
        "alertmanager",
        "grafana",
        "postgres-exporter",
        "redis-exporter",
        "nginx-exporter",
    }
    assert expected <= set(compose_config["services"])


def test_app_services_share_one_image_and_wait_for_healthy_dependencies(compose_config):
    services = compose_config["services"]
    images = {services[name]["image"] for name in APP_SERVICES}
    assert images == {"brigade:latest"}
    for name in APP_SERVICES:
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["redis"]["condition"] == "service_healthy"
    for name in ("web", "ws", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert services["migrate"]["command"] == ["migrate"]
    assert services["beat"]["deploy"]["replicas"] == 1


def test_only_nginx_is_published_to_the_world(compose_config):
    for name, service in compose_config["services"].items():
        for port in service.get("ports", []):
            if name != "nginx":
                assert port.get("host_ip") == "127.0.0.1", f"{name} publishes {port} beyond loopback"


def test_secrets_are_required_not_defaulted(tool, tmp_path):
    """Without SECRET_KEY and the passwords, `config` refuses instead of inventing values."""
    empty = tmp_path / "empty.env"
    empty.write_text("")
    proc = __import__("subprocess").run(
        [tool("docker-compose"), "--env-file", str(empty), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode != 0
    assert "set " in proc.stderr and "in .env" in proc.stderr


def test_env_example_documents_every_variable_compose_reads():
    import re

    compose_vars = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text()))
    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
    }
    assert compose_vars - documented == set()
