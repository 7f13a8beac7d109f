"""What feeds the business metrics: order events after commit, and Celery's task signals.

Connected once in ObservabilityConfig.ready(). Orders knows nothing of metrics: it announces
each committed OrderEvent (tenant_apps/orders/event_bus.py) and this module counts it.
"""

import time

from celery import signals as celery_signals

from tenant_apps.orders.event_bus import order_event_committed
from tenant_apps.orders.models import Order, OrderEvent
from tenant_apps.orders.states import Status

from .metrics import CELERY_TASK_DURATION, CELERY_TASKS, ORDER_STATUS_CHANGES, ORDERS_PLACED

SUCCEEDED, FAILED, RETRIED = "succeeded", "failed", "retried"
# The events that give an order a status (its first, or a new one).
STATUS_KINDS = (OrderEvent.Kind.CREATED, OrderEvent.Kind.STATUS_CHANGED)
# Celery task id -> monotonic start, in the process that runs the task (prerun and postrun
# are sent by the same process, around the task body).
_started: dict[str, float] = {}


def count_order_event(sender, *, kind, to_status, fulfillment, **kwargs) -> None:
    if kind not in STATUS_KINDS:
        return  # e.g. `eta_changed`: the order's status did not move
    ORDER_STATUS_CHANGES.labels(status=to_status).inc()
    if to_status == Status.PLACED:
        ORDERS_PLACED.labels(fulfillment=fulfillment).inc()


def task_started(sender=None, task_id=None, **kwargs) -> None:
    name = sender.name
    for state in (SUCCEEDED, FAILED, RETRIED):
        # A series that exists at 0 before its first increment makes rate() see that increment.
        CELERY_TASKS.labels(task=name, state=state)
    _started[task_id] = time.monotonic()


def task_finished(sender=None, task_id=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    if started is not None:
        CELERY_TASK_DURATION.labels(task=sender.name).observe(time.monotonic() - started)
    if state == "SUCCESS":
        CELERY_TASKS.labels(task=sender.name, state=SUCCEEDED).inc()


def task_failed(sender=None, **kwargs) -> None:
    # Sent by the child for an exception, and by the worker's main process for a hard time
    # limit or a lost child; postrun sees only the first, so failures are counted here.
    CELERY_TASKS.labels(task=sender.name, state=FAILED).inc()


def task_retried(sender=None, **kwargs) -> None:
    CELERY_TASKS.labels(task=sender.name, state=RETRIED).inc()


def connect() -> None:
    order_event_committed.connect(count_order_event, dispatch_uid="observability.count_order_event")
    celery_signals.task_prerun.connect(task_started, dispatch_uid="observability.task_started")
    celery_signals.task_postrun.connect(task_finished, dispatch_uid="observability.task_finished")
    celery_signals.task_failure.connect(task_failed, dispatch_uid="observability.task_failed")
    celery_signals.task_retry.connect(task_retried, dispatch_uid="observability.task_retried")
    # Every series the dashboards plot exists from the start, at 0 (see task_started).
    for status in Status.values:
        ORDER_STATUS_CHANGES.labels(status=status)
    for fulfillment in Order.Fulfillment.values:
        ORDERS_PLACED.labels(fulfillment=fulfillment)
