# Benchmarks of issue 3. Included by the main Makefile: `-include mk/*.mk`.
#   make bench-signup   sign-up over HTTP with 0/100/500 brands → bench/results/signup.json
.PHONY: bench-signup

bench-signup: venv services ## sign-up p50/p95 over HTTP with 0/100/500 brands (bench/results/signup.json)
	$(PYTHON) bench/signup.py $(BENCH_ARGS)

# Issue 20: make bench-migrate   migrate_tenants across 1,000 (BENCH_TENANT_COUNTS) tenant schemas:
#   no-op vs migrate_schemas, a new column + index, a failure in one schema and its re-run
.PHONY: bench-migrate
bench-migrate: venv services ## migrate_tenants no-op / new migration / failure across many schemas -> bench/results/migrate.json
	$(PYTHON) bench/migrate.py $(BENCH_ARGS)

# Issue 19: make bench-faults   Redis stopped, PostgreSQL backends terminated and the WebSocket
#   server killed under load, on real processes and an own redis-server -> bench/results/faults.json
.PHONY: bench-faults
bench-faults: venv services ## faults injected under load: requests, orders, duplicates, lost events (bench/results/faults.json)
	$(PYTHON) bench/faults.py $(BENCH_ARGS)
