"""The floor for bench/realtime.py: a bare Channels consumer on the same layer and server, no
database, no auth — what moving one message through channels-redis and uvicorn costs on this
machine right now. bench/realtime.py measures it in the same run and reports ratios to it.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from channels.consumer import get_handler_name  # noqa: E402
from channels.generic.websocket import AsyncJsonWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class FloorConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = f"floor.{self.scope['url_route']['kwargs']['location_id']}"
        await self.accept("bearer" if "bearer" in (self.scope.get("subprotocols") or ()) else None)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json({"type": "snapshot", "seq": 0})

    async def dispatch(self, message):  # as EventStreamConsumer: no per-message thread hop
        await getattr(self, get_handler_name(message))(message)

    async def order_event(self, message):
        await self.send_json(message)

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/kitchen/<str:location_id>/", FloorConsumer.as_asgi())])}
)
