"""WebSocket paths of a brand host (API.md, "WebSockets")."""

from django.urls import path

from .consumers import KitchenConsumer, OrderTrackingConsumer

websocket_urlpatterns = [
    path("ws/kitchen/<str:location_id>/", KitchenConsumer.as_asgi()),
    path("ws/orders/<str:order_id>/", OrderTrackingConsumer.as_asgi()),
]
