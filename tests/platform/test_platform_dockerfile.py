"""platform/docker/Dockerfile, linted by hadolint, and the build context it relies on."""

from brigade_platform import ROOT, run

DOCKERFILE = ROOT / "platform" / "docker" / "Dockerfile"


def test_dockerfile_passes_hadolint(tool):
    run([tool("hadolint"), "--failure-threshold", "info", str(DOCKERFILE)])


def test_runtime_stage_is_non_root_without_build_tools():
    text = DOCKERFILE.read_text()
    runtime = text.split("AS runtime", 1)[1].split("AS nginx", 1)[0]
    assert "USER 10001:10001" in runtime
    assert "build-essential" not in runtime and "gcc" not in runtime
    assert "HEALTHCHECK" in runtime
    assert 'ENTRYPOINT ["tini", "--", "/usr/local/lib/brigade/entrypoint.sh"]' in runtime


def test_entrypoint_knows_every_process(tmp_path):
    text = (ROOT / "platform" / "docker" / "entrypoint.sh").read_text()
    for command in (
        "web)",
        "ws)",
        "worker)",
        "beat)",
        "migrate)",
        "fill-spare-pool)",
        "seed-demo)",
        "manage)",
    ):
        assert f"    {command}" in text
    run(["sh", "-n", str(ROOT / "platform" / "docker" / "entrypoint.sh")])


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_context():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", ".data", ".env", "frontend/node_modules"):
        assert entry in ignored
