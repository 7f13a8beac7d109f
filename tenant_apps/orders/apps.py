from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "tenant_apps.orders"
    label = "orders"

    def ready(self):
        # Imported here, not at the top: Django allows models to be imported only once the app
        # registry is ready.
        from shared_apps.billing.usage import register_counter

        from . import (
            brand_rules,
            tasks,  # noqa: F401  the simulated gateway addresses a task by name (payments.py)
        )
        from .plan_limits import count_orders_this_period

        # Billing shows "orders this period" from our count; it cannot import orders itself.
        register_counter("orders", count_orders_this_period)
        # Cached rules are dropped when their settings, subscription or plan change.
        brand_rules.connect_signals()
