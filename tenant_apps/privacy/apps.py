from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "tenant_apps.privacy"
    label = "privacy"
    verbose_name = "Data rights"

    def ready(self):
        from . import tasks  # noqa: F401  registers the export task and the scheduled purge job (tick, tests)
