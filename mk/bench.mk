# Benchmarks of issue 3. Included by the main Makefile: `-include mk/*.mk`.
#   make bench-signup   sign-up over HTTP with 0/100/500 brands → bench/results/signup.json
.PHONY: bench-signup

bench-signup: venv services ## sign-up p50/p95 over HTTP with 0/100/500 brands (bench/results/signup.json)
	$(PYTHON) bench/signup.py $(BENCH_ARGS)
