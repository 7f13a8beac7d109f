"""Prometheus metrics of the WebSocket server, served on its /metrics (platform Host).

No tenant label, on purpose: thousands of brands would make thousands of series per metric.
Per-brand questions are answered from logs, which carry the schema.
"""

from prometheus_client import Counter, Gauge

OPEN_CONNECTIONS = Gauge(
    "brigade_ws_open_connections", "WebSockets accepted and not yet closed.", ["stream"]
)
MESSAGES_SENT = Counter(
    "brigade_ws_messages_sent_total", "Messages sent to WebSocket clients.", ["stream", "kind"]
)
DISCONNECTS = Counter(
    "brigade_ws_disconnects_total", "Accepted WebSockets that closed, by close code.", ["stream", "code"]
)
REFUSED = Counter(
    "brigade_ws_refused_total", "WebSockets closed at connect, by close reason.", ["stream", "reason"]
)
GAP_FILLS = Counter(
    "brigade_ws_gap_fills_total",
    "Times a stream re-read events from the database because a live message was missing, late, "
    "found by the periodic check, or dropped by the stream's full inbox (cause inbox_full).",
    ["stream", "cause"],
)
DUPLICATES_DROPPED = Counter(
    "brigade_ws_duplicates_dropped_total", "Live messages dropped because their seq was already sent.", ["stream"]
)
PUBLISHED = Counter(
    "brigade_ws_events_published_total", "Order events published to channel groups after commit.", ["outcome"]
)
