#!/usr/bin/env python3
"""Write platform/grafana/dashboards/*.json from the panel lists below.

Dashboards are committed as JSON (Grafana provisions them as they are); this script is how they
are edited: change a panel here, run it, commit both. tests/platform checks that the JSON is
what this script writes and that every query names a metric from platform/prometheus/metrics.yml.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "platform" / "grafana" / "dashboards"
DS = {"type": "prometheus", "uid": "brigade-prometheus"}


def ts(title, *targets, unit="short", w=12, desc=""):
    return {
        "type": "timeseries",
        "title": title,
        "description": desc,
        "w": w,
        "unit": unit,
        "targets": targets,
    }


def stat(title, expr, unit="short", w=6, desc=""):
    return {
        "type": "stat",
        "title": title,
        "description": desc,
        "w": w,
        "unit": unit,
        "targets": [(expr, title)],
    }


def build(uid, title, description, panels):
    out, x, y, row_h = [], 0, 0, 0
    for i, p in enumerate(panels, start=1):
        h = 4 if p["type"] == "stat" else 8
        if x + p["w"] > 24:
            x, y = 0, y + row_h
            row_h = 0
        out.append(
            {
                "id": i,
                "type": p["type"],
                "title": p["title"],
                "description": p["description"],
                "datasource": DS,
                "gridPos": {"h": h, "w": p["w"], "x": x, "y": y},
                "fieldConfig": {"defaults": {"unit": p["unit"]}, "overrides": []},
                "options": {"legend": {"displayMode": "list", "placement": "bottom"}}
                if p["type"] == "timeseries"
                else {},
                "targets": [
                    {"datasource": DS, "expr": expr, "legendFormat": legend, "refId": chr(ord("A") + n)}
                    for n, (expr, legend) in enumerate(p["targets"])
                ],
            }
        )
        x += p["w"]
        row_h = max(row_h, h)
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["brigade"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": []},
        "annotations": {"list": []},
        "panels": out,
    }


RESP = "django_http_responses_total_by_status_total"
LAT = "django_http_requests_latency_seconds_by_view_method_bucket"

DASHBOARDS = {
    "platform-overview": build(
        "brigade-overview",
        "Brigade / Platform overview",
        "Requests, errors, latency and the business at a glance. No per-tenant labels.",
        [
            stat("Requests/s", f"sum(rate({RESP}[5m]))", "reqps"),
            stat(
                "5xx ratio", f'sum(rate({RESP}{{status=~"5.."}}[5m])) / sum(rate({RESP}[5m]))', "percentunit"
            ),
            stat("p95 latency", f"histogram_quantile(0.95, sum by (le) (rate({LAT}[5m])))", "s"),
            stat("Orders/min", "sum(rate(brigade_orders_placed_total[5m])) * 60"),
            ts(
                "Requests by status class",
                (f"sum by (status) (rate({RESP}[5m]))", "{{status}}"),
                unit="reqps",
            ),
            ts(
                "Latency percentiles",
                (f"histogram_quantile(0.50, sum by (le) (rate({LAT}[5m])))", "p50"),
                (f"histogram_quantile(0.95, sum by (le) (rate({LAT}[5m])))", "p95"),
                (f"histogram_quantile(0.99, sum by (le) (rate({LAT}[5m])))", "p99"),
                unit="s",
            ),
            ts(
                "Orders placed per minute",
                ("sum by (fulfillment) (rate(brigade_orders_placed_total[5m])) * 60", "{{fulfillment}}"),
            ),
            ts(
                "Order status changes per minute",
                ("sum by (status) (rate(brigade_order_status_changes_total[5m])) * 60", "{{status}}"),
            ),
            ts("Sign-ups per hour", ("sum(increase(brigade_signups_total[1h]))", "sign-ups")),
            ts(
                "Tenants by status",
                ("max by (status) (brigade_tenants)", "{{status}}"),
                # Each worker replica holds the count of the last refresh it ran: max, not sum.
                desc="Brands by status, counted every minute by a worker; the largest count across worker replicas.",
            ),
            ts(
                "Exceptions by type",
                ("sum by (type) (rate(django_http_exceptions_total_by_type_total[5m]))", "{{type}}"),
            ),
            ts("Targets up", ("up", "{{job}} {{instance}}")),
        ],
    ),
    "celery": build(
        "brigade-celery",
        "Brigade / Celery",
        "Task throughput, failures, durations, the queue backlog and beat's heartbeat.",
        [
            stat("Queue backlog", 'max(redis_key_size{key="celery"})'),
            stat("Failed tasks (1h)", 'sum(increase(brigade_celery_tasks_total{state="failed"}[1h]))'),
            stat("Seconds since beat tick", "time() - max(brigade_beat_heartbeat_timestamp_seconds)", "s"),
            stat("Workers up", 'sum(up{job="brigade-worker"})'),
            ts(
                "Task runs by state",
                ("sum by (state) (rate(brigade_celery_tasks_total[5m]))", "{{state}}"),
                unit="ops",
            ),
            ts(
                "Task failures by task",
                ('sum by (task) (rate(brigade_celery_tasks_total{state="failed"}[5m]))', "{{task}}"),
                unit="ops",
            ),
            ts(
                "Task duration p95 by task",
                (
                    "histogram_quantile(0.95, sum by (le, task) (rate(brigade_celery_task_duration_seconds_bucket[5m])))",
                    "{{task}}",
                ),
                unit="s",
            ),
            ts("Queue backlog", ('max(redis_key_size{key="celery"})', "celery queue")),
        ],
    ),
    "websockets": build(
        "brigade-websockets",
        "Brigade / WebSockets",
        "Open sockets on the ASGI servers, closes by code, and the proxy's connections.",
        [
            stat("Open WebSockets", "sum(brigade_ws_open_connections)"),
            stat(
                "Abnormal closes/s", 'sum(rate(brigade_ws_disconnects_total{code!~"1000|1001"}[5m]))'
            ),
            stat("Nginx active connections", "sum(nginx_connections_active)"),
            stat("ws servers up", 'sum(up{job="brigade-ws"})'),
            ts("Open WebSockets", ("sum(brigade_ws_open_connections)", "open")),
            ts(
                "Closes by code",
                ("sum by (code) (rate(brigade_ws_disconnects_total[5m]))", "{{code}}"),
                unit="ops",
            ),
            ts(
                "Nginx connections",
                ("sum(nginx_connections_active)", "active"),
                ("sum(rate(nginx_connections_accepted[5m]))", "accepted/s"),
                ("sum(rate(nginx_http_requests_total[5m]))", "requests/s"),
            ),
            ts(
                "WebSocket handshakes through Nginx",
                (
                    'sum(rate(django_http_requests_total_by_method_total{job="brigade-ws"}[5m]))',
                    "ws server HTTP requests/s",
                ),
                ('sum(up{job="brigade-ws"})', "ws servers up"),
            ),
        ],
    ),
    "postgres-redis": build(
        "brigade-datastores",
        "Brigade / PostgreSQL and Redis",
        "Connections, transactions, query time, size; Redis memory, clients and hit rate.",
        [
            stat("PostgreSQL up", "min(pg_up)"),
            stat(
                "Connections used",
                "sum(pg_stat_database_numbackends) / max(pg_settings_max_connections)",
                "percentunit",
            ),
            stat("Redis up", "min(redis_up)"),
            stat(
                "Redis memory used",
                "max(redis_memory_used_bytes) / max(redis_memory_max_bytes)",
                "percentunit",
            ),
            ts(
                "PostgreSQL connections",
                ("sum(pg_stat_database_numbackends)", "in use"),
                ("max(pg_settings_max_connections)", "max"),
            ),
            ts(
                "Transactions/s",
                ("sum(rate(pg_stat_database_xact_commit[5m]))", "commit"),
                ("sum(rate(pg_stat_database_xact_rollback[5m]))", "rollback"),
                unit="ops",
            ),
            ts(
                "App query time p95",
                (
                    "histogram_quantile(0.95, sum by (le) (rate(django_db_query_duration_seconds_bucket[5m])))",
                    "p95",
                ),
                unit="s",
            ),
            ts("Database size", ("sum by (datname) (pg_database_size_bytes)", "{{datname}}"), unit="bytes"),
            ts(
                "Cache hit ratio (PostgreSQL)",
                (
                    "sum(rate(pg_stat_database_blks_hit[5m])) / (sum(rate(pg_stat_database_blks_hit[5m])) + sum(rate(pg_stat_database_blks_read[5m])))",
                    "hit ratio",
                ),
                unit="percentunit",
            ),
            ts(
                "Deadlocks and DB errors",
                ("sum(rate(pg_stat_database_deadlocks[5m]))", "deadlocks"),
                ("sum(rate(django_db_errors_total[5m]))", "app DB errors"),
                unit="ops",
            ),
            ts(
                "Redis memory",
                ("max(redis_memory_used_bytes)", "used"),
                ("max(redis_memory_max_bytes)", "max"),
                unit="bytes",
            ),
            ts(
                "Redis clients and commands",
                ("max(redis_connected_clients)", "clients"),
                ("sum(rate(redis_commands_processed_total[5m]))", "commands/s"),
            ),
            ts(
                "Redis keyspace hit ratio",
                (
                    "sum(rate(redis_keyspace_hits_total[5m])) / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))",
                    "hits",
                ),
                unit="percentunit",
            ),
            ts(
                "Disk free",
                (
                    'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}',
                    "{{mountpoint}}",
                ),
                unit="percentunit",
            ),
        ],
    ),
}


def render() -> dict[str, str]:
    return {f"{name}.json": json.dumps(dash, indent=2) + "\n" for name, dash in DASHBOARDS.items()}


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in render().items():
        (OUT / name).write_text(text)
        print(OUT / name)
