"""Where webhook events come from. Connected in IntegrationsConfig.ready(); orders and catalog
never import this app.

- `order_event_committed` (after commit, at most once per process): wake the collector, which
  reads the committed `OrderEvent` rows themselves (outbox.collect_order_events). Only a brand
  with an enabled endpoint pays for the wake-up: one cached flag read, then one Celery message.
- The catalog's audit entries for an 86 and for busy mode, and any catalog row saved or deleted:
  written into the outbox in the catalog's own transaction, so they commit or roll back with it.
"""

import logging

from django.db import connection
from django.db.models.signals import post_delete, post_save

from tenant_apps.catalog.signals import CATALOG_MODELS
from tenants.models import AuditEvent

from . import outbox

logger = logging.getLogger(__name__)


def on_order_event(sender, **kwargs) -> None:
    if outbox.has_endpoints():
        outbox.send_collect()


def on_audit_entry(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if not created or connection.schema_name == "public":
        return
    data = instance.data or {}
    if instance.action == "catalog.item.availability":
        outbox.emit("item.availability_changed", source=f"audit:{instance.pk}", data={
            "item_id": instance.target.removeprefix("item:"), "available": data.get("available"),
            "until": data.get("until"), "location_id": data.get("location")})
    elif instance.action == "catalog.location.busy_mode":
        paused = data.get("busy_mode") == "paused"
        outbox.emit("location.paused" if paused else "location.resumed", source=f"audit:{instance.pk}", data={
            "location_id": instance.target.removeprefix("location:"), "paused": paused,
            "busy_mode": data.get("busy_mode")})


def on_catalog_change(sender, **kwargs) -> None:
    """One `menu.updated` per transaction, however many rows it changes."""
    if not outbox.has_endpoints():
        return
    # The outermost block of the application (a test case's own blocks wrap every test).
    outermost = next((b for b in connection.atomic_blocks if not getattr(b, "_from_testcase", False)), None)
    if outermost is not None:
        if getattr(outermost, "_menu_updated_emitted", False):
            return
        outermost._menu_updated_emitted = True
    outbox.emit("menu.updated", source=f"menu:{outbox.new_event_id()}", data={"change": sender.__name__.lower()})


def connect() -> None:
    from tenant_apps.orders.event_bus import order_event_committed

    order_event_committed.connect(on_order_event, dispatch_uid="integrations.on_order_event")
    post_save.connect(on_audit_entry, sender=AuditEvent, dispatch_uid="integrations.on_audit_entry")
    for model in CATALOG_MODELS:
        post_save.connect(on_catalog_change, sender=model, dispatch_uid=f"integrations.menu-save-{model.__name__}")
        post_delete.connect(on_catalog_change, sender=model, dispatch_uid=f"integrations.menu-delete-{model.__name__}")
