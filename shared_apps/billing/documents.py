"""An invoice as a document: HTML (the e-mail's body) and PDF (attached, and downloadable by the
owner and platform admins), one template for both. WeasyPrint draws the PDF from that HTML: it is
maintained, pure Python over Pango (no browser process per invoice), and renders print CSS (page
size, margins) — see docs/decisions.md. Amounts are the currency's own units, in the brand's
locale (core/money.py)."""

from django.template.loader import render_to_string
from django.utils.text import slugify
from weasyprint import HTML

from shared_apps.core.money import format_money
from tenants.selectors import locale_of

from .models import Invoice


def invoice_html(invoice: Invoice) -> str:
    locale = locale_of(invoice.tenant)

    def money(minor: int) -> str:
        return format_money(minor, invoice.currency, locale)

    lines = [{"description": line.description, "quantity": line.quantity, "unit": money(line.unit_amount_cents),
              "amount": money(line.amount_cents)} for line in invoice.lines.all()]
    return render_to_string("billing/invoice.html", {"invoice": invoice, "lines": lines, "total": money(invoice.total_cents)})


def invoice_pdf(invoice: Invoice) -> bytes:
    return HTML(string=invoice_html(invoice)).write_pdf()


def pdf_filename(invoice: Invoice) -> str:
    return f"invoice-{slugify(invoice.number)}.pdf"
