from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "tenant_apps.integrations"
    label = "integrations"

    def ready(self):
        from . import openapi, receivers  # noqa: F401  (openapi registers the Api-Key scheme)

        receivers.connect()
