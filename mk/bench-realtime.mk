# Benchmark of issue 6. Included by the main Makefile: `-include mk/*.mk`.
#   make bench-realtime   commit → kitchen socket latency, loss, memory per socket, 500 and 2,000
#                         sockets over uvicorn on loopback → bench/results/realtime.json
.PHONY: bench-realtime

bench-realtime: venv services ## WebSocket latency p50/p99, lost messages, memory per socket (bench/results/realtime.json)
	$(PYTHON) bench/realtime.py $(BENCH_ARGS)
