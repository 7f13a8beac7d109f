"""`make run`'s demo brands: the invoices of their last three months, the older ones paid."""

from dateutil.relativedelta import relativedelta
from django.db import transaction

from shared_apps.scheduling.periods import claim_period
from tenants.audit import Actor
from tenants.models import Tenant

from . import invoicing
from .dunning import mark_paid
from .models import Subscription
from .services import INVOICE_JOB

MONTHS = 3


def seed_invoices(tenant: Tenant) -> int:
    """Invoice the three months before the current period (idempotent: each period is claimed);
    all but the latest are paid. Trialing brands have none. Returns how many were issued."""
    subscription = Subscription.objects.select_related("plan", "tenant").get(tenant=tenant)
    if subscription.status == Subscription.Status.TRIALING:
        return 0
    issued = []
    for months_back in range(MONTHS, 0, -1):
        start = subscription.current_period_start - relativedelta(months=months_back)
        end = start + relativedelta(months=1)
        with transaction.atomic():
            if claim_period(tenant.pk, INVOICE_JOB, start.isoformat()):
                issued.append(invoicing.issue_invoice(subscription, start, end, now=end))
    for invoice in issued[:-1]:
        mark_paid(invoice, by=Actor.system("seed_demo"), now=invoice.issued_at + relativedelta(days=2))
    return len(issued)
