from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tenant_apps.catalog"
    label = "catalog"

    def ready(self):
        from . import signals

        signals.connect()
