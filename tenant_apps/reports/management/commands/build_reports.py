"""manage.py build_reports --tenant SLUG --from DATE --to DATE [--location UUID]

Fills every missing daily report of the range (days already built are left as they are), for
one brand or, without --tenant, every brand. Safe next to the scheduler: both claim each
(location, date) in the report's own transaction.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from shared_apps.scheduling import clock
from tenant_apps.catalog.models import Location
from tenant_apps.reports import build
from tenants.models import Tenant


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Build the missing daily reports of a date range (backfill)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="The brand's slug (default: every brand).")
        parser.add_argument("--from", dest="first", required=True, type=_date)
        parser.add_argument("--to", dest="last", required=True, type=_date)
        parser.add_argument("--location", help="One location's id only.")

    def handle(self, *args, first, last, tenant=None, location=None, **options):
        if first > last:
            raise CommandError("--from is after --to.")
        brands = Tenant.objects.filter(kind=Tenant.Kind.BRAND)
        if tenant:
            brands = brands.filter(slug=tenant)
            if not brands.exists():
                raise CommandError(f"No brand {tenant!r}.")
        now = clock.now()
        for brand in brands:
            with tenant_context(brand):
                locations = Location.objects.filter(pk=location) if location else None
                written = build.build_missing(tenant_id=brand.pk, now=now, first=first, last=last, locations=locations)
            self.stdout.write(f"{brand.slug}: {written} reports built")
