"""Fixtures for the platform tests; the helpers live in brigade_platform.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from brigade_platform import ROOT, find_tool, run

# The renderer in scripts/platform is shared by the tests and the command line.
sys.path.insert(0, str(ROOT / "scripts" / "platform"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def tool():
    return find_tool


@pytest.fixture(scope="session")
def self_signed_cert(tmp_path_factory) -> tuple[Path, Path]:
    """A throwaway wildcard certificate for brigade.example and *.brigade.example."""
    openssl = find_tool("openssl")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "tls.crt", d / "tls.key"
    run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=brigade.example",
            "-addext",
            "subjectAltName=DNS:brigade.example,DNS:*.brigade.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ]
    )
    return cert, key
