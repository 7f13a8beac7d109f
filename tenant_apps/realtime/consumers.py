"""The kitchen board and the order tracking streams (API.md, "WebSockets").

Permission is checked before any group is joined; every database read runs in a worker thread
inside the brand's schema (EventStreamConsumer.in_tenant). The replay-then-live mechanism, the
gap filling and the heartbeat live in stream.py.
"""

import secrets

from shared_apps.accounts.models import User
from shared_apps.core.errors import DomainError, error_body, flatten_fields
from tenant_apps.orders import errors as order_errors
from tenant_apps.orders.api.serializers import TransitionRequestSerializer
from tenant_apps.orders.models import Order
from tenant_apps.orders.services import accept_order, transition_order
from tenants.models import Tenant
from tenants.services import ensure_accepts_writes

from . import selectors
from .auth import query_params
from .groups import kitchen_group, order_group
from .stream import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, EventStreamConsumer, Refused

TRANSITION_FIELDS = ("to", "reason", "estimated_ready_at", "estimated_delivery_at", "delay_minutes")
KITCHEN_ROLES = (User.Role.OWNER, User.Role.MANAGER, User.Role.KITCHEN, User.Role.COURIER)


class KitchenConsumer(EventStreamConsumer):
    """`/ws/kitchen/<location_id>/`: the live board of one location, for its staff.

    Owners, managers and kitchen staff see every order of the location; couriers see delivery
    orders from `ready` on. Staff of a brand work at all of its locations (there is no
    per-location staff assignment yet). Staff can move orders over the socket:
    `{"type": "transition", "order": <id>, "to": <status>, "reason"?, "ref"?}` (accepting may carry
    the kitchen's estimate: `estimated_ready_at`, `estimated_delivery_at` or `delay_minutes`) is
    validated and run as `POST /api/v1/manage/orders/{id}/transition/` is, and answers
    `{"type": "transition.ok", "ref", "order", "status"}` or `{"type": "error", "ref", "error":
    <the REST error body>}`. The event itself arrives on the stream like any other.
    """

    stream = "kitchen"

    async def authorize(self) -> list[str]:
        if not self.user.is_authenticated:
            raise Refused(CLOSE_UNAUTHENTICATED, "unauthenticated")
        if self.user.role not in KITCHEN_ROLES:
            raise Refused(CLOSE_FORBIDDEN, "forbidden")
        self.location_id = selectors.as_uuid(self.scope["url_route"]["kwargs"]["location_id"])
        if self.location_id is None or not await self.in_tenant(selectors.location_exists, self.location_id):
            raise Refused(CLOSE_NOT_FOUND, "not_found")
        self.courier = self.user.role == User.Role.COURIER
        return [kitchen_group(self.tenant.schema_name, self.location_id)]

    def read_snapshot(self) -> dict:
        return selectors.kitchen_snapshot(self.location_id, courier=self.courier)

    def read_events_after(self, seq: int, limit: int) -> list[dict]:
        return selectors.kitchen_events_after(self.location_id, seq, limit)

    def read_stream_head(self) -> int:
        return selectors.kitchen_head(self.location_id)

    def read_brand_head(self) -> int:
        return selectors.brand_head()

    def visible(self, message: dict) -> bool:
        if message["event"]["to"] in selectors.UNPAID_STATUSES:
            return False  # a card order reaches the kitchen when paid (its move to `placed`)
        if not self.courier:
            return True
        order = message["order"]
        return order["fulfillment"] == Order.Fulfillment.DELIVERY and message["event"]["to"] in selectors.COURIER_STATUSES

    async def handle(self, content: dict) -> None:
        if content.get("type") != "transition":
            await super().handle(content)
            return
        # The REST endpoint's own request serializer: the same fields, limits and messages.
        request = TransitionRequestSerializer(data={k: v for k, v in content.items() if k in TRANSITION_FIELDS and v is not None})
        if not request.is_valid():
            body = error_body(status_code=400, code="invalid_input", detail="Some fields are invalid.",
                              fields=flatten_fields(request.errors))
            await self.send_error(body, content)
            return
        try:
            order = await self.in_tenant(self._transition, content.get("order"), request)
        except DomainError as exc:
            await self.send_domain_error(exc, content)
            return
        await self.send_message(
            {"type": "transition.ok", "ref": content.get("ref"), "order": str(order.id), "status": order.status},
            kind="reply",
        )

    def _transition(self, order_id, request: TransitionRequestSerializer) -> Order:
        # The brand may have been suspended since this socket opened: read its status now.
        ensure_accepts_writes(Tenant.objects.get(pk=self.tenant.pk))
        order_uuid = selectors.as_uuid(order_id)
        order = Order.objects.filter(pk=order_uuid, location_id=self.location_id).first() if order_uuid else None
        if order is None or (self.courier and order.fulfillment != Order.Fulfillment.DELIVERY):
            raise order_errors.OrderNotFound()
        if request.eta() is not None:  # accepting with the kitchen's estimate: both happen or neither
            return accept_order(order, actor=self.user, eta=request.eta())
        data = request.validated_data
        return transition_order(order, data["to"], actor=self.user, reason=data["reason"])


class OrderTrackingConsumer(EventStreamConsumer):
    """`/ws/orders/<order_id>/`: one order's progress, for its customer or a tracking-link holder.

    A JWT of the order's customer, or the order's tracking token in `?tracking=` (what the
    tracking URL carries). An order that is not yours reads as not found (4404), exactly as on
    HTTP, so ids reveal nothing; no credentials at all is 4401.
    """

    stream = "order"

    async def authorize(self) -> list[str]:
        self.order_id = selectors.as_uuid(self.scope["url_route"]["kwargs"]["order_id"])
        order = await self.in_tenant(selectors.order_by_id, self.order_id) if self.order_id else None
        tracking = query_params(self.scope).get("tracking")
        if not self.user.is_authenticated and not tracking:
            raise Refused(CLOSE_UNAUTHENTICATED, "unauthenticated")
        if order is None:
            raise Refused(CLOSE_NOT_FOUND, "not_found")
        if tracking:
            allowed = secrets.compare_digest(tracking.encode(), order.tracking_token.encode())
        else:
            allowed = order.customer_id is not None and order.customer_id == self.user.pk
        if not allowed:
            raise Refused(CLOSE_NOT_FOUND, "not_found")
        return [order_group(self.tenant.schema_name, self.order_id)]

    def read_snapshot(self) -> dict:
        return selectors.order_snapshot(self.order_id)

    def read_events_after(self, seq: int, limit: int) -> list[dict]:
        return selectors.order_events_after(self.order_id, seq, limit)

    def read_stream_head(self) -> int:
        return selectors.order_head(self.order_id)

    def read_brand_head(self) -> int:
        return selectors.brand_head()
