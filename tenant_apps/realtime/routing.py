"""WebSocket paths of a brand host (API.md, "WebSockets")."""

websocket_urlpatterns: list = []
