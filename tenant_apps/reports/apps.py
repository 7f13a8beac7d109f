from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tenant_apps.reports"
    label = "reports"

    def ready(self):
        from . import tasks  # noqa: F401  registers the scheduled job wherever Django runs (tick, tests)
