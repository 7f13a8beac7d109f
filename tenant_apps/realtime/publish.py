"""After an order event commits, push it to the kitchen and tracking groups of its brand.

Orders announces committed events with `order_event_committed` (orders never imports realtime);
this receiver re-reads the event row, builds one message per audience and sends it to
`t.<schema>.kitchen.<location>` and `t.<schema>.order.<id>`. Each message carries `prev`, the
seq of the stream's previous event, so a consumer that sees `prev` above what it has sent knows
a message went missing and re-reads the database (stream.py). A failure here (Redis down) is
logged, never raised: the order has committed, and the streams' periodic check finds the event
in the database.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from tenant_apps.orders.models import OrderEvent

from . import selectors
from .groups import kitchen_group, order_group
from .metrics import PUBLISHED
from .payloads import event_message

logger = logging.getLogger(__name__)


async def _group_send_all(layer, messages: list[tuple[str, dict]]) -> None:
    for group, message in messages:
        await layer.group_send(group, message)


def messages_for_event(schema_name: str, event_id: int) -> list[tuple[str, dict]]:
    """(group, message) pairs for one committed event; reads the current schema."""
    event = OrderEvent.objects.select_related("order").prefetch_related("order__lines").get(pk=event_id)
    order_id = event.order_id
    messages = [
        (order_group(schema_name, order_id),
         {**event_message(event, audience="tracking"), "prev": selectors.order_head(order_id, below=event.seq)}),
    ]
    location_id = event.order.location_id
    if location_id is not None:
        messages.append(
            (kitchen_group(schema_name, location_id),
             {**event_message(event, audience="kitchen"), "prev": selectors.kitchen_head(location_id, below=event.seq)}),
        )
    return messages


def on_order_event(sender, *, schema_name: str, event_id: int, seq: int, **kwargs) -> None:
    """Receiver of `orders.signals.order_event_committed` (runs after commit, in the brand's schema)."""
    try:
        messages = messages_for_event(schema_name, event_id)
        # One event loop for both sends: each async_to_sync call from a plain thread opens its own.
        async_to_sync(_group_send_all)(get_channel_layer(), messages)
    except Exception:
        PUBLISHED.labels(outcome="failed").inc()
        logger.exception("publishing event seq %s failed; streams will find it in the database", seq)
        return
    PUBLISHED.labels(outcome="sent").inc()
