# Ordering benchmark (issue 5). Included by the main Makefile: `-include mk/*.mk`.
#   make bench-orders   checkout throughput and latency at 20 connections on a real gunicorn with 100
#                       brands present, a run with 10 % retried requests (0 duplicates), queries per
#                       checkout, and a trivial DRF endpoint as the floor -> bench/results/orders.json
.PHONY: bench-orders

bench-orders: venv services ## checkout orders/s, p50/p99, retries without duplicates (needs wrk) -> bench/results/orders.json
	$(PYTHON) bench/orders.py $(BENCH_ARGS)
