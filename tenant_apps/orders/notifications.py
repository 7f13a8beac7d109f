"""E-mails to the customer about their order: the confirmation and each status change.

`send_order_status_email_on_commit` is what a transition calls; the task runs in the brand's
schema it was sent from (`tenant_task`) and is idempotent: the e-mail is recorded in
`OrderNotification` (unique per order and kind) before it is sent.

The order is the truth, not the queue: when the task cannot be queued (Redis down) the order
goes on without it, and `missed_emails` finds the e-mails its events call for that were never
recorded; beat's sweep (orders.send_missed_emails_everywhere) sends them, once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from shared_apps.core.money import format_money
from shared_apps.core.tasks import tenant_task
from tenants.selectors import locale_of

from .links import tracking_url
from .models import Order, OrderEvent, OrderNotification
from .states import Status

SUBJECTS = {
    "confirmation": "Your order #{number} is in",
    Status.PLACED: "Your order #{number} is in",
    Status.ACCEPTED: "Order #{number} accepted",
    Status.PREPARING: "Order #{number} is being prepared",
    Status.READY: "Order #{number} is ready",
    Status.OUT_FOR_DELIVERY: "Order #{number} is on its way",
    Status.DELIVERED: "Order #{number} delivered",
    Status.PICKED_UP: "Order #{number} picked up — enjoy",
    Status.CANCELLED: "Order #{number} cancelled",
    Status.REJECTED: "Order #{number} could not be accepted",
}


def _body(order: Order, kind: str) -> str:
    total = format_money(order.total_cents, order.currency, locale_of(connection.tenant))
    lines = "\n".join(f"  {line.quantity} × {line.name}" for line in order.lines.all())
    track = tracking_url(order)
    reason = ""
    if kind in (Status.CANCELLED, Status.REJECTED):
        event = order.events.filter(kind=OrderEvent.Kind.STATUS_CHANGED, to_status=kind).last()
        reason = f"\nReason: {event.reason}\n" if event and event.reason else ""
    return (f"Order #{order.number} at {order.location_name}: {kind.replace('_', ' ')}.\n{reason}\n{lines}\n\n"
            f"Total: {total}\n{('Track it: ' + track) if track else ''}\n")


def message_id(order: Order, kind: str) -> str:
    """The same for every send of one e-mail (order, kind): a repeat is recognisably the same."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "brigade.invalid"
    return f"<order-{order.pk}-{kind}@{domain}>"


# No result is stored for these (ignore_result): nobody reads it, and with a result backend
# configured Celery's sender subscribes to (then unsubscribes from) each task's result channel in
# Redis — two round trips and pub/sub bookkeeping in every checkout's request thread.
@tenant_task(name="orders.send_order_email", bind=True, ignore_result=True, max_retries=5, default_retry_delay=30)
def send_order_email(self, order_id: str, kind: str) -> bool:
    """E-mail the customer about their order (confirmation or a status change), once."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or not order.contact_email or kind not in SUBJECTS:
        return False
    try:
        with transaction.atomic():
            OrderNotification.objects.create(order=order, kind=kind)
            # Sent inside the transaction: if sending fails the record rolls back and the retry
            # sends; if it succeeds and the commit then fails (the database connection lost at
            # that moment), the customer may get it twice: with the same Message-ID, which mail
            # systems and clients recognise as one message.
            EmailMessage(SUBJECTS[kind].format(number=order.number), _body(order, kind), settings.DEFAULT_FROM_EMAIL,
                         [order.contact_email], headers={"Message-ID": message_id(order, kind)}).send()
    except IntegrityError:
        return False  # already sent
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from None
    return True


logger = logging.getLogger(__name__)


def kind_of(status: str) -> str:
    return "confirmation" if status == Status.PLACED else status


def send_order_status_email_on_commit(order: Order, status: str) -> None:
    order_id, kind = str(order.pk), kind_of(status)
    transaction.on_commit(lambda: queue_order_email(order_id, kind))


def queue_order_email(order_id: str, kind: str) -> bool:
    """Queue the e-mail task; False when the broker is unreachable (the sweep sends it later)."""
    try:
        send_order_email.delay(order_id, kind)
    except (BrokerError, RedisError, OSError) as exc:
        logger.warning("order e-mail not queued (broker unreachable), the sweep sends it: %s %s: %r",
                       order_id, kind, exc)
        return False
    return True


def missed_emails(*, now=None, limit: int | None = None) -> list[tuple[str, str]]:
    """(order id, kind) of the e-mails that the brand's recent events call for and that were
    never recorded as sent: the newest `limit` events (ORDER_EMAIL_SWEEP_LIMIT) from the last
    ORDER_EMAIL_SWEEP_HOURS, older than ORDER_EMAIL_SWEEP_GRACE_SECONDS (a queued task is
    usually done by then; one that is not sends nothing twice: the record is unique)."""
    now = now or timezone.now()
    events = (OrderEvent.objects
              .filter(kind__in=[OrderEvent.Kind.CREATED, OrderEvent.Kind.STATUS_CHANGED], to_status__in=list(SUBJECTS),
                      created__gte=now - timedelta(hours=settings.ORDER_EMAIL_SWEEP_HOURS),
                      created__lte=now - timedelta(seconds=settings.ORDER_EMAIL_SWEEP_GRACE_SECONDS))
              .exclude(to_status=Status.PAYMENT_FAILED).exclude(order__contact_email="")
              .order_by("-seq").values_list("order_id", "to_status")[:limit or settings.ORDER_EMAIL_SWEEP_LIMIT])
    wanted = {(str(order_id), kind_of(to)) for order_id, to in events}
    if not wanted:
        return []
    sent = {(str(order_id), kind) for order_id, kind in OrderNotification.objects
            .filter(order_id__in={order_id for order_id, _ in wanted}).values_list("order_id", "kind")}
    return sorted(wanted - sent)
