from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "shared_apps.scheduling"
    label = "scheduling"
    verbose_name = "Per-tenant schedules"
