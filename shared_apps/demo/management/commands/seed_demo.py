from django.core.management.base import BaseCommand

from shared_apps.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo platform admin and brands (idempotent) and print every URL and login."

    def handle(self, *args, **options):
        for line in seed_demo():
            self.stdout.write(line)
