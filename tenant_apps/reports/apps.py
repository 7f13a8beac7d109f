from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tenant_apps.reports"
    label = "reports"
