"""Brigade's business metrics: the names platform/prometheus/metrics.yml promises (`app_contract`).

Only prometheus_client here, so any app may import this module. The WebSocket server's metrics
(`brigade_ws_*`) live beside the code that counts them, in tenant_apps/realtime/metrics.py.

No tenant label, on purpose: thousands of brands would make thousands of series per metric.
Per-brand questions are answered from logs, which carry the schema.

Multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set in the image): every process writes its samples
to that directory and /metrics (web, ws) or platform/docker/metrics_server.py (worker, beat)
merges them. Counters and histograms are summed across processes; gauges say how below.
"""

from prometheus_client import Counter, Gauge, Histogram

ORDERS_PLACED = Counter(
    "brigade_orders_placed_total",
    "Orders that became placed: a cash order at checkout, a card order once its payment is authorised.",
    ["fulfillment"],
)
ORDER_STATUS_CHANGES = Counter(
    "brigade_order_status_changes_total",
    "Order events, by the status the order moved into (its creation counts as entering its first status).",
    ["status"],
)
SIGNUPS = Counter("brigade_signups_total", "Brands created by a successful self-serve sign-up.")

# Set only by the refresh task in a worker. `mostrecent`: the value of the latest refresh in this
# container wins, whichever prefork child ran it. `all`/`liveall` would add a pid label and show
# one series per child (older children keep older counts); `max` would keep a count that has
# since fallen (a suspended brand would stay "active") until a larger one replaced it.
TENANTS = Gauge(
    "brigade_tenants", "Brands by status, counted by a beat task every minute.", ["status"],
    multiprocess_mode="mostrecent",
)

CELERY_TASKS = Counter(
    "brigade_celery_tasks_total",
    "Celery task runs by outcome: succeeded, failed (an exception, a time limit, a lost worker) or retried.",
    ["task", "state"],
)
CELERY_TASK_DURATION = Histogram(
    "brigade_celery_task_duration_seconds",
    "Time a task's body ran in a worker, whatever its outcome.",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)

# A Unix time, so the largest value across processes is the latest tick.
BEAT_HEARTBEAT = Gauge(
    "brigade_beat_heartbeat_timestamp_seconds",
    "When a worker last ran the heartbeat task that beat sends every minute.",
    multiprocess_mode="max",
)
