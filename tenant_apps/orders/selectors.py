"""Reads of orders, each starting from the scope that owns them."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from .models import Order, OrderEvent, OrderLine, SavedAddress


def _with_details(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.select_related("payment").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("position")))


def saved_address(customer, address_id) -> SavedAddress | None:
    """One of `customer`'s saved addresses (never anyone else's)."""
    return SavedAddress.objects.filter(customer=customer, pk=address_id).first()


def customer_orders(customer) -> QuerySet[Order]:
    """A customer's own orders, newest first (never anyone else's)."""
    return _with_details(Order.objects.filter(customer=customer).exclude(status=Order.Status.PENDING_PAYMENT))


def within_reach_of(queryset: QuerySet[Order], staff) -> QuerySet[Order]:
    """The part of `queryset` a staff member may see. A courier sees delivery orders only: those
    ready to go out (offered to every courier) and those they took out themselves (assigned),
    annotated `assigned_to_viewer`; pickups and other couriers' runs are not theirs (OWASP API3)."""
    if getattr(staff, "role", None) != "courier":
        return queryset
    took_out = OrderEvent.objects.filter(order_id=OuterRef("pk"), kind=OrderEvent.Kind.STATUS_CHANGED,
                                         to_status=Order.Status.OUT_FOR_DELIVERY, actor_id=staff.pk)
    return queryset.filter(fulfillment=Order.Fulfillment.DELIVERY).annotate(assigned_to_viewer=Exists(took_out)).filter(
        Q(status=Order.Status.READY) | Q(assigned_to_viewer=True))


def staff_orders(*, status: list[str] | None = None, location=None, day: date | None = None,
                 fulfillment: str | None = None, viewer=None) -> QuerySet[Order]:
    """The brand's orders for staff; unpaid card checkouts are not the kitchen's business, and a
    courier `viewer` sees only their deliveries (`within_reach_of`)."""
    queryset = Order.objects.exclude(status__in=(Order.Status.PENDING_PAYMENT, Order.Status.PAYMENT_FAILED))
    queryset = within_reach_of(queryset, viewer)
    if status:
        queryset = queryset.filter(status__in=status)
    if location is not None:
        queryset = queryset.filter(location_id=location)
    if day is not None:
        queryset = queryset.filter(business_date=day)
    if fulfillment:
        queryset = queryset.filter(fulfillment=fulfillment)
    return _with_details(queryset)


def order_by_tracking_token(token: str) -> Order | None:
    if not token or len(token) > 64:
        return None
    return _with_details(Order.objects.filter(tracking_token=token)).prefetch_related(
        Prefetch("events", queryset=OrderEvent.objects.order_by("seq"))).first()


def order_for_event(event_id: int) -> Order | None:
    """The order an `OrderEvent` belongs to, with its lines (for `order_event_committed` receivers)."""
    return _with_details(Order.objects.filter(events__id=event_id)).first()


def events_after(seq: int, *, order=None, location=None) -> QuerySet[OrderEvent]:
    """Events with a larger `seq`, in order: what a resuming client missed."""
    queryset = OrderEvent.objects.filter(seq__gt=seq).select_related("order")
    if order is not None:
        queryset = queryset.filter(order=order)
    if location is not None:
        queryset = queryset.filter(order__location_id=location)
    return queryset.order_by("seq")
