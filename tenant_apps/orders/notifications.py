"""E-mails to the customer about their order: the confirmation and each status change.

`send_order_status_email_on_commit` is what a transition calls; the task runs in the brand's
schema it was sent from (`tenant_task`) and is idempotent: the e-mail is recorded in
`OrderNotification` (unique per order and kind) before it is sent.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction

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
            # sends; if it succeeds and the commit then fails, the customer may get it twice.
            send_mail(SUBJECTS[kind].format(number=order.number), _body(order, kind), settings.DEFAULT_FROM_EMAIL,
                      [order.contact_email])
    except IntegrityError:
        return False  # already sent
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from None
    return True


def send_order_status_email_on_commit(order: Order, status: str) -> None:
    kind = "confirmation" if status == Status.PLACED else status
    order_id = str(order.pk)
    transaction.on_commit(lambda: send_order_email.delay(order_id, kind))
