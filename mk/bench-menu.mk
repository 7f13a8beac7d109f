# Catalog benchmark (issue 4). Included by the main Makefile: `-include mk/*.mk`.
#   make bench-menu   the cached public menu vs a trivial DRF endpoint on a real gunicorn under wrk,
#                     100 brands present, plus cold (rebuild) latency -> bench/results/menu.json
.PHONY: bench-menu

bench-menu: venv services ## cached menu vs trivial DRF endpoint under wrk (needs the Debian package wrk) -> bench/results/menu.json
	$(PYTHON) bench/menu.py $(BENCH_ARGS)
