"""How invoices get paid: a provider is asked to collect each invoice when it is issued.

`manual` (the default) collects nothing: the brand pays by bank transfer and a platform admin
records it (`POST /api/v1/admin/invoices/{number}/paid/` → `dunning.mark_paid`). `test` pays
every invoice at once, for development and tests of the paid path. A card provider would
implement `collect` (charge the saved method) and report later payments through `mark_paid`.
"""

from typing import Protocol

from django.conf import settings

from .models import Invoice


class PaymentProvider(Protocol):
    code: str

    def collect(self, invoice: Invoice) -> bool:
        """Try to take the invoice's payment now; True when it is paid."""


class ManualProvider:
    code = "manual"

    def collect(self, invoice: Invoice) -> bool:
        return False


class TestProvider:
    code = "test"

    def collect(self, invoice: Invoice) -> bool:
        return True


PROVIDERS: dict[str, PaymentProvider] = {provider.code: provider for provider in (ManualProvider(), TestProvider())}


def provider() -> PaymentProvider:
    return PROVIDERS[settings.BILLING_PAYMENT_PROVIDER]
