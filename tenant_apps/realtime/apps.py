from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "tenant_apps.realtime"
    label = "realtime"
