# Reports and scheduling benchmark (issue 17). Included by the main Makefile: `-include mk/*.mk`.
#   make bench-reports   one scheduler tick over 1,000 due tenants vs sending as many messages;
#                        a daily report over 10,000 and 100,000 orders vs SELECT count(*)
#                        -> bench/results/reports.json
.PHONY: bench-reports

bench-reports: venv services ## scheduler fan-out over 1,000 tenants, report build at 10k/100k orders -> bench/results/reports.json
	$(PYTHON) bench/reports.py $(BENCH_ARGS)
