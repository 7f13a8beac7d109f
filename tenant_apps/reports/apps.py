from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tenant_apps.reports"
    label = "reports"

    def ready(self):
        from shared_apps.billing.usage import register_meter

        from . import tasks  # noqa: F401  registers the scheduled job wherever Django runs (tick, tests)
        from .metering import placed_between

        register_meter("orders_placed", placed_between)
