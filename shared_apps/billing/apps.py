from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "shared_apps.billing"
    label = "billing"

    def ready(self):
        from tenants.signals import tenant_provisioned

        from . import tasks  # noqa: F401  registers the scheduled billing cycle
        from .services import on_tenant_provisioned

        tenant_provisioned.connect(on_tenant_provisioned, dispatch_uid="billing.start_subscription")
