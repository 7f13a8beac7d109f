# Webhooks benchmark (issue 18). Included by the main Makefile: `-include mk/*.mk`.
#   make bench-webhooks   events/s delivered to a loopback receiver and commit → delivery latency
#                         p50/p99 next to a bare HTTP POST loop (the floor); checkout CPU with 3
#                         subscribed endpoints vs none -> bench/results/webhooks.json
.PHONY: bench-webhooks

bench-webhooks: venv services ## webhook events/s and commit→delivery p50/p99 vs a bare POST loop (bench/results/webhooks.json)
	$(PYTHON) bench/webhooks.py $(BENCH_ARGS)
