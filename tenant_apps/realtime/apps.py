from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "tenant_apps.realtime"
    label = "realtime"

    def ready(self):
        from tenant_apps.orders.event_bus import order_event_committed

        from .publish import on_order_event

        order_event_committed.connect(on_order_event, dispatch_uid="realtime.on_order_event")
