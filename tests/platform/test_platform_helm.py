"""helm/brigade: helm lint, helm template with each ci/*.yaml, and the Kubernetes schemas."""

import subprocess

import pytest
import yaml
from brigade_platform import ROOT, run

CHART = ROOT / "helm" / "brigade"
CI_VALUES = sorted((CHART / "ci").glob("*.yaml"))
KUBERNETES_VERSION = "1.33.0"


@pytest.fixture(scope="module", params=CI_VALUES, ids=lambda p: p.name)
def rendered(request, tool, tmp_path_factory):
    helm = tool("helm")
    values = request.param
    run([helm, "lint", str(CHART), "--strict", "-f", str(values)])
    out = run([helm, "template", "brigade", str(CHART), "-f", str(values), "--namespace", "brigade"]).stdout
    manifest = tmp_path_factory.mktemp("helm") / f"{values.stem}.yaml"
    manifest.write_text(out)
    return manifest, [d for d in yaml.safe_load_all(out) if d]


def test_rendered_manifests_validate_against_the_kubernetes_schemas(rendered, tool):
    manifest, _docs = rendered
    # --strict rejects unknown fields; CRDs (ServiceMonitor) have no schema there and are skipped.
    run(
        [
            tool("kubernetes-validate"),
            "--strict",
            "--quiet",
            "--no-warn",
            "-k",
            KUBERNETES_VERSION,
            str(manifest),
        ]
    )


def by_kind(docs, kind):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def test_pods_run_non_root_with_probes_and_resources(rendered):
    _manifest, docs = rendered
    deployments = by_kind(docs, "Deployment")
    assert deployments
    for name, dep in deployments.items():
        pod = dep["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in pod["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["resources"]["requests"], (name, container["name"])
        main = pod["containers"][0]
        assert "livenessProbe" in main, name
        if name.endswith(("-web", "-ws")):
            assert main["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_beat_is_a_single_replica_replaced_not_rolled(rendered):
    _manifest, docs = rendered
    beats = [d for n, d in by_kind(docs, "Deployment").items() if n.endswith("-beat")]
    for beat in beats:
        assert beat["spec"]["replicas"] == 1
        assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert not any(
        h["spec"]["scaleTargetRef"]["name"].endswith("-beat")
        for h in by_kind(docs, "HorizontalPodAutoscaler").values()
    )


def test_migrations_run_as_a_pre_install_and_pre_upgrade_hook(rendered):
    manifest, docs = rendered
    jobs = by_kind(docs, "Job")
    if "minimal" in manifest.name:
        assert jobs == {}
        return
    (job,) = jobs.values()
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["migrate"]  # the entrypoint's migrate_tenants, then fill_spare_pool
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["MIGRATE_POOL"] == "4"
    assert {"name": "metrics", "containerPort": int(env["MIGRATE_METRICS_PORT"]), "protocol": "TCP"} in container["ports"]
    # What the Job reads must exist before it: the ConfigMap (and Secret) are earlier hooks.
    config = next(c for name, c in by_kind(docs, "ConfigMap").items() if not name.endswith("-alertmanager"))
    assert int(config["metadata"]["annotations"]["helm.sh/hook-weight"]) < 0


def test_the_migration_pool_size_is_a_value_and_its_metrics_are_scraped_with_the_others(tool):
    out = run(
        [tool("helm"), "template", "b", str(CHART), "-f", str(CHART / "ci" / "production-values.yaml"),
         "--set", "migrations.pool=12"]
    ).stdout
    docs = [d for d in yaml.safe_load_all(out) if d]
    (job,) = by_kind(docs, "Job").values()
    env = {e["name"]: e.get("value") for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MIGRATE_POOL"] == "12"
    (monitor,) = by_kind(docs, "PodMonitor").values()
    assert monitor["spec"]["selector"]["matchLabels"].items() <= job["spec"]["template"]["metadata"]["labels"].items()
    assert monitor["spec"]["podMetricsEndpoints"][0]["port"] == "metrics"
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"


def test_default_install_autoscales_web_ws_worker_and_protects_them(tool):
    out = run(
        [tool("helm"), "template", "b", str(CHART), "-f", str(CHART / "ci" / "default-values.yaml")]
    ).stdout
    docs = [d for d in yaml.safe_load_all(out) if d]
    hpa_targets = {
        h["spec"]["scaleTargetRef"]["name"] for h in by_kind(docs, "HorizontalPodAutoscaler").values()
    }
    assert {"b-brigade-web", "b-brigade-ws", "b-brigade-worker"} <= hpa_targets
    pdbs = set(by_kind(docs, "PodDisruptionBudget"))
    assert {"b-brigade-web", "b-brigade-ws", "b-brigade-worker", "b-brigade-nginx"} <= pdbs
    ingress = next(iter(by_kind(docs, "Ingress").values()))
    hosts = {r["host"] for r in ingress["spec"]["rules"]}
    assert hosts == {"brigade.example", "*.brigade.example"}
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"] == "3600"


def test_missing_secrets_stop_the_render(tool):
    proc = subprocess.run(
        [tool("helm"), "template", "b", str(CHART)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode != 0
    assert "secrets.secretKey is required" in proc.stderr


@pytest.mark.parametrize("bad", ["web.autoscaling.targetCPUUtilizationPercentage=500", "migrations.pool=0"])
def test_values_schema_rejects_a_bad_value(tool, bad):
    proc = subprocess.run(
        [
            tool("helm"),
            "template",
            "b",
            str(CHART),
            "-f",
            str(CHART / "ci" / "default-values.yaml"),
            "--set",
            bad,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode != 0 and "schema" in proc.stderr


def test_every_value_is_documented_with_a_param():
    text = (CHART / "values.yaml").read_text()
    documented = {line.split()[2] for line in text.splitlines() if line.startswith("## @param ")}

    def leaves(node, prefix=""):
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict) and value and path + "" not in documented:
                yield from leaves(value, path + ".")
            else:
                yield path

    missing = {path for path in leaves(yaml.safe_load(text)) if path not in documented}
    assert missing == set()
