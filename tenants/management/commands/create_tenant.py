from django.core.management.base import BaseCommand, CommandError

from shared_apps.core.errors import DomainError
from tenants.hosts import tenant_url
from tenants.services import provision_tenant


class Command(BaseCommand):
    help = "Create a brand (tenant, schema, domain and owner) through the provisioning service."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-password", required=True)
        parser.add_argument("--currency", default="EUR")
        parser.add_argument("--timezone", default="UTC")
        parser.add_argument("--plan", default="")

    def handle(self, *args, **options):
        try:
            tenant = provision_tenant(
                options["slug"], options["name"], owner_email=options["owner_email"],
                owner_password=options["owner_password"], currency=options["currency"],
                timezone=options["timezone"], plan_code=options["plan"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.detail} {exc.fields or ''}".strip()) from None
        self.stdout.write(f"Created {tenant.slug} in schema {tenant.schema_name}: {tenant_url(tenant.primary_domain)}")
