""""Sign in to my brand" from the platform site: the brands an e-mail address works at, by e-mail.

The platform host cannot sign anyone in to a brand (tokens belong to the host that issues them),
and it must not tell a visitor whether an address is known. So the request is answered the same
way for every address, and a task looks the address up in every brand's schema and, when it is
staff somewhere, e-mails that address the console link of each of its brands: only the owner of
the mailbox learns anything, and each brand's own login then signs them in.
"""

from django.conf import settings
from django.core.mail import send_mail

from shared_apps.accounts.selectors import schemas_with_staff
from shared_apps.handover.services import console_url
from tenants.models import Tenant

SUBJECT = "Your Brigade brands"


def brands_with_staff_email(email: str) -> list[Tenant]:
    """Brands where `email` belongs to an active owner, manager, kitchen or courier account."""
    brands = Tenant.objects.filter(kind=Tenant.Kind.BRAND).order_by("name").prefetch_related("domains")
    schemas = schemas_with_staff(list(brands.values_list("schema_name", flat=True)), email=email)
    return [brand for brand in brands if brand.schema_name in schemas]


def _body(brands: list[Tenant]) -> str:
    links = "\n".join(f"  {brand.name}: {console_url(brand)}" for brand in brands)
    return ("Someone (hopefully you) asked where to sign in to Brigade with this address.\n\n"
            f"{links}\n\nSign in there with this e-mail address and your password. "
            "If you did not ask, ignore this message.\n")


def send_signin_links(email: str) -> int:
    """E-mail `email` its brands' console links; nothing when it is nobody's. Returns how many."""
    brands = brands_with_staff_email(email)
    if brands:
        send_mail(SUBJECT, _body(brands), settings.DEFAULT_FROM_EMAIL, [email])
    return len(brands)
