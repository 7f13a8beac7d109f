from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "tenant_apps.integrations"
    label = "integrations"

    def ready(self):
        # openapi registers the Api-Key scheme; tasks registers the tasks that outbox queues by name.
        from . import openapi, receivers, tasks  # noqa: F401

        receivers.connect()
