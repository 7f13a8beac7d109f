from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "shared_apps.handover"
    label = "handover"
    verbose_name = "Hand-over between hosts"
