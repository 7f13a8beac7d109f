from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    """Business metrics (metrics.py), what feeds them (receivers.py) and the beat tasks (tasks.py).

    No models. It sits with the consumers of orders in the dependency order: it subscribes to
    orders' events and reads tenants; only onboarding imports it (the sign-up counter).
    """

    name = "shared_apps.observability"
    label = "observability"
    verbose_name = "Observability"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
