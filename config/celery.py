"""The Celery app. From tenant-schemas-celery, so a task runs in the schema it was sent from."""

import logging
import os

from celery.worker.consumer import consumer as _consumer
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("brigade")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
_on_connection_error_after_connected = _consumer.Consumer.on_connection_error_after_connected


def _reconnect_even_if_closing_the_lost_connection_fails(self, exc):
    """A worker whose Redis goes away must reconnect when it returns, not exit. With celery 5.7.0
    and kombu 5.7.0, closing the lost connection (after `collect()` dropped its transport) asks
    the dead channel for a new Redis client and raises AttributeError ('NoneType' object has no
    attribute 'hostname'), which the consumer does not expect: "Unrecoverable error", and the
    worker exits. The connection is already detached when that happens; only its cleanup failed,
    so the consumer goes on to restart and reconnect. Found by bench/faults.py (Redis stopped and
    started again); tests/orders/test_redis_down.py keeps it."""
    try:
        _on_connection_error_after_connected(self, exc)
    except AttributeError as error:
        logger.warning("closing the lost broker connection failed (%r); reconnecting anyway", error)


_consumer.Consumer.on_connection_error_after_connected = _reconnect_even_if_closing_the_lost_connection_fails
