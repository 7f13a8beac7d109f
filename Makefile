# Brigade — developer commands. `make help` lists them; `make run` and `make test` are the two
# that matter. Everything installs what it is missing and is quick the second time.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
PYTHON := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/brigade
export REDIS_URL ?= redis://127.0.0.1:6379/0
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
export PYTHONUNBUFFERED := 1

PYTEST_ARGS ?=
BENCH_ARGS ?=

# Area-specific targets (mk/platform.mk: platform-tools, test-platform).
-include mk/*.mk

.PHONY: help run test lint migrate bench-provision services stop-services clean-data venv

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: venv services frontend-build ## build the front end if stale, migrate, seed the demo brands, start web, ws, worker and beat (Ctrl-C stops all)
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PYTHON) manage.py migrate_tenants
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PYTHON) manage.py fill_spare_pool
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PYTHON) manage.py seed_demo
	@echo "Starting: HTTP on http://localhost:8000, WebSockets on ws://localhost:8001. Ctrl-C stops them all."
	DJANGO_SETTINGS_MODULE=config.settings.dev exec $(VENV)/bin/honcho start -f Procfile

test: venv services lint test-frontend frontend-build ## ruff, the front end's checks and Vitest, then the whole pytest suite (PYTEST_ARGS="-k name -x" to narrow)
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv ## ruff check, and lint-imports: the layers and import contracts in pyproject.toml
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

migrate: venv services ## apply migrations to the public and every tenant schema (migrate_tenants; POOL=N processes)
	$(PYTHON) manage.py migrate_tenants --pool $(or $(POOL),2)

bench-provision: venv services ## run bench/provision.py (BENCH_ARGS="..." passes arguments)
	$(PYTHON) bench/provision.py $(BENCH_ARGS)

services: ## make sure PostgreSQL and Redis answer; start project-local ones under .data/ if not
	@scripts/dev-services.sh up

stop-services: ## stop the project-local PostgreSQL and Redis (not system ones)
	@scripts/dev-services.sh stop

clean-data: ## stop the project-local servers and delete their data (.data/pg)
	@scripts/dev-services.sh clean

venv: $(STAMP)
	@:

# Reinstalls only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	@if [[ ! -x $(PYTHON) ]]; then \
	  command -v python3 >/dev/null || { echo "python3 (3.11+) is required" >&2; exit 1; }; \
	  echo "creating $(VENV) with $$(python3 --version)"; \
	  python3 -m venv --clear $(VENV); \
	fi
	@echo "installing Brigade and its dependencies into $(VENV)"
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
	  | { grep -v -e 'is ignored: it is neither a file nor a directory' || true; }
	@touch $@
