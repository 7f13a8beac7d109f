"""Orders made directly in the database, for tests of what happens after checkout."""

import factory
from django.utils import timezone

from tenant_apps.orders.models import Order, OrderLine, Payment
from tests.catalog.factories import LocationFactory


class OrderFactory(factory.django.DjangoModelFactory):
    """An order in the current schema (wrap in tenant_context), `placed` unless told otherwise."""

    class Meta:
        model = Order

    location = factory.SubFactory(LocationFactory)
    location_name = factory.LazyAttribute(lambda o: o.location.name)
    number = factory.Sequence(lambda n: n + 1)
    business_date = factory.LazyFunction(lambda: timezone.now().date())
    status = Order.Status.PLACED
    fulfillment = Order.Fulfillment.DELIVERY
    contact_name = "Ada Customer"
    contact_email = factory.Sequence(lambda n: f"customer{n}@example.test")
    currency = "EUR"
    prices_include_tax = True
    subtotal_cents = 1200
    tax_cents = 192
    total_cents = 1200
    payment_method = Order.PaymentMethod.CASH
    placed_at = factory.LazyFunction(timezone.now)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    position = factory.Sequence(lambda n: n)
    name = "Cheeseburger"
    quantity = 1
    unit_price_cents = 1200
    tax_category = "standard"
    tax_rate_bp = 1900
    subtotal_cents = 1200
    tax_cents = 192
    total_cents = 1200


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    order = factory.SubFactory(OrderFactory)
    provider = "cash"
    amount_cents = factory.LazyAttribute(lambda p: p.order.total_cents)
    currency = "EUR"
