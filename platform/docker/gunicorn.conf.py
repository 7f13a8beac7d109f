"""gunicorn settings for the web process (WSGI). Every value can be overridden by environment.

Passed with `-c`; this file is not part of a Python package.
"""

import os

from prometheus_client import multiprocess

bind = f"0.0.0.0:{os.environ.get('WEB_PORT', '8000')}"
# gunicorn reads WEB_CONCURRENCY itself; 2 x cores + 1 is its guide for sync workers.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "25"))
keepalive = 75  # longer than Nginx's upstream keepalive_timeout (60s), so Nginx closes first
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm"  # heartbeat files off the (possibly read-only) root filesystem
accesslog = "-"
errorlog = "-"
# Only Nginx reaches gunicorn; Django reads X-Forwarded-Proto through SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")


def child_exit(server, worker):
    # prometheus_client multiprocess mode: drop the gauges of a worker that is gone.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
