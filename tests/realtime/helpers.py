"""Brands' rows for WebSocket tests, made and committed in each brand's schema (sync; call via sync_to_async)."""

from django.db import transaction
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.accounts.tokens import SchemaBoundRefreshToken
from tenant_apps.catalog.models import Location
from tenant_apps.orders.events import record_event
from tenant_apps.orders.models import Order
from tenant_apps.orders.services import Eta, change_eta, transition_order
from tenants.models import Tenant
from tests.catalog.factories import LocationFactory
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory


def brand(slug: str) -> Tenant:
    return Tenant.objects.get(slug=slug)


def make_location(slug: str, **fields) -> Location:
    with tenant_context(brand(slug)):
        return LocationFactory(**fields)


def make_user(slug: str, role: str) -> tuple[User, str]:
    """A user of the brand and an access token for it."""
    with tenant_context(brand(slug)):
        user = UserFactory(role=role)
        return user, str(SchemaBoundRefreshToken.for_user(user).access_token)


def place_order(slug: str, location: Location, *, customer: User | None = None, fulfillment="pickup",
                status=Order.Status.PLACED) -> Order:
    """An order as checkout leaves it (`placed`, or `pending_payment` for a card), with a line and
    its `created` event, committed."""
    with tenant_context(brand(slug)), transaction.atomic():
        order = OrderFactory(location=location, location_name=location.name, customer=customer, fulfillment=fulfillment,
                             status=status)
        OrderLineFactory(order=order, name="Margherita", quantity=2)
        record_event(order, kind="created", from_status="", to_status=status, actor=customer)
    return order


def move(slug: str, order: Order, to: str, *, actor, reason: str | None = None) -> Order:
    with tenant_context(brand(slug)):
        return transition_order(order, to, actor=actor, reason=reason)


def reread(slug: str, order: Order) -> Order:
    with tenant_context(brand(slug)):
        return Order.objects.get(pk=order.pk)


def set_eta(slug: str, order: Order, eta: Eta, *, actor) -> Order:
    with tenant_context(brand(slug)):
        return change_eta(order, eta, actor=actor)


def forget(slug: str, *, orders=(), users=(), locations=()) -> None:
    with tenant_context(brand(slug)):
        Order.objects.filter(pk__in=[o.pk for o in orders]).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
        Location.objects.filter(pk__in=[loc.pk for loc in locations]).delete()
