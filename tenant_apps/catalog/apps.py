from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tenant_apps.catalog"
    label = "catalog"

    def ready(self):
        from shared_apps.billing.usage import register_counter

        from . import signals
        from .selectors import count_locations

        signals.connect()
        register_counter("locations", count_locations)
