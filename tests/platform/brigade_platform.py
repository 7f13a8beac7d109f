"""Helpers for the platform tests (tests/platform): the real tools and the repository paths.

Imported as a top-level module (tests/platform has no __init__.py on purpose: a package
named `platform` would shadow the standard library).

The tools come from `make platform-tools` (scripts/platform/install-tools.sh). A missing tool
skips its tests, except under `make test-platform` (BRIGADE_PLATFORM_STRICT=1, as in CI), where
it fails them: CI must never go green by skipping the validation it exists for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS_BIN = Path(os.environ.get("PLATFORM_TOOLS_DIR", ROOT / ".data" / "platform")) / "bin"
STRICT = os.environ.get("BRIGADE_PLATFORM_STRICT") == "1"


def find_tool(name: str) -> str:
    """The path of a validation tool, or skip (fail under BRIGADE_PLATFORM_STRICT=1)."""
    for candidate in (TOOLS_BIN / name, shutil.which(name), Path("/usr/sbin") / name):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    message = f"{name} is not installed: run `make platform-tools`"
    if STRICT:
        pytest.fail(message)
    pytest.skip(message)


def run(cmd: list[str], *, cwd: Path = ROOT, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run a tool; on failure the assertion shows its whole output."""
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


# --- PromQL: which metric names an expression reads -------------------------------------------
_PROMQL_WORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "and",
    "or",
    "unless",
    "bool",
    "inf",
    "nan",
    "time",
    "vector",
    "scalar",
}
_HIST_SUFFIXES = ("_bucket", "_sum", "_count")


def promql_metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (functions, labels, keywords removed)."""
    import re

    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)  # strings
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges, subqueries
    names = set()
    for m in re.finditer(r"(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?", text):
        name, call = m.group(1), m.group(2)
        if call or name.lower() in _PROMQL_WORDS:
            continue
        names.add(name)
    return names


def metric_catalog() -> dict[str, set[str]]:
    import yaml

    data = yaml.safe_load((ROOT / "platform" / "prometheus" / "metrics.yml").read_text())
    return {source: set(names) for source, names in data.items()}


def known_metric(name: str, known: set[str]) -> bool:
    if name in known or ":" in name:  # recording rules (brigade:...) are defined in the rules file
        return True
    return any(name.endswith(s) and name.removesuffix(s) in known for s in _HIST_SUFFIXES)
