from django.core.management.base import BaseCommand

from tenants import provisioning


class Command(BaseCommand):
    help = "Drop spare schemas older than the template and top the pool up (beat does this every minute)."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=None, help="Pool size (default TENANT_SPARE_POOL_SIZE).")

    def handle(self, *args, **options):
        dropped = provisioning.discard_stale_spares()
        made = provisioning.fill_spare_pool(options["size"])
        self.stdout.write(f"Spare schemas: {dropped} stale dropped, {made} made.")
