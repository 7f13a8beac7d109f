"""Serve the Prometheus metrics of a Celery worker or beat container on one port.

Celery has no HTTP server, and a prefork worker records metrics in its child processes. With
PROMETHEUS_MULTIPROC_DIR set (the image sets it), prometheus_client writes every process's
samples there; this server sums them on each scrape. Usage: metrics_server.py PORT
"""

import os
import sys
import time

from prometheus_client import CollectorRegistry, multiprocess, start_http_server


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9808
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        sys.exit("metrics_server: PROMETHEUS_MULTIPROC_DIR is not set")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(port, registry=registry)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
