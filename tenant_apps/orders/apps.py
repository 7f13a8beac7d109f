from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "tenant_apps.orders"
    label = "orders"

    def ready(self):
        from shared_apps.billing.usage import register_counter

        from . import brand_rules
        from .plan_limits import count_orders_this_period

        # Billing shows "orders this period" from our count; it cannot import orders itself.
        register_counter("orders", count_orders_this_period)
        # Cached rules are dropped when their settings, subscription or plan change.
        brand_rules.connect_signals()
