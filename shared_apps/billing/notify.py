"""E-mails to a brand's owner about its invoices, sent after the transaction that caused them commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.core.money import format_money
from tenants.selectors import locale_of

from . import documents
from .models import Invoice

logger = logging.getLogger(__name__)

SUBJECTS = {
    "issued": "Your Brigade invoice {number}",
    "past_due": "Invoice {number} is overdue",
    "suspended": "Invoice {number} is unpaid: ordering is suspended",
}


def owner_emails(invoice: Invoice) -> list[str]:
    with schema_context(invoice.tenant.schema_name):
        return list(User.objects.filter(role=User.Role.OWNER, is_active=True).values_list("email", flat=True))


def _send(invoice_id: int, kind: str) -> None:
    invoice = Invoice.objects.select_related("tenant").get(pk=invoice_id)
    recipients = owner_emails(invoice)
    if not recipients:
        return
    total = format_money(invoice.total_cents, invoice.currency, locale_of(invoice.tenant))
    text = f"{SUBJECTS[kind].format(number=invoice.number)}\n\nTotal: {total}, due {invoice.due_at:%d %b %Y}.\n"
    message = EmailMultiAlternatives(SUBJECTS[kind].format(number=invoice.number), text, settings.DEFAULT_FROM_EMAIL,
                                     recipients)
    message.attach_alternative(documents.invoice_html(invoice), "text/html")
    message.attach(documents.pdf_filename(invoice), documents.invoice_pdf(invoice), "application/pdf")
    try:
        message.send()
    except OSError:  # the invoice stands; the owner also sees it on the billing page
        logger.exception("could not e-mail invoice %s (%s)", invoice.number, kind)


def _on_commit(invoice: Invoice, kind: str) -> None:
    invoice_id = invoice.pk
    transaction.on_commit(lambda: _send(invoice_id, kind))


def issued_on_commit(invoice: Invoice) -> None:
    _on_commit(invoice, "issued")


def reminder_on_commit(invoice: Invoice, status: str) -> None:
    _on_commit(invoice, status)
