from django.apps import AppConfig


class PlatformAdminConfig(AppConfig):
    name = "shared_apps.platform_admin"
    label = "platform_admin"
