import factory

from shared_apps.billing.models import Invoice, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.LazyAttribute(lambda plan: plan.code.title())
    monthly_price_cents = 4900
    per_order_fee_cents = 20
    max_locations = 2
    max_staff = 3
    max_orders_per_month = 100


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    number = factory.Sequence(lambda n: f"INV-{n:06d}")
    period_start = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
    period_end = factory.LazyAttribute(lambda invoice: invoice.period_start)
    total_cents = 2900
    currency = "EUR"
