"""Any committed change to a catalog row makes the brand's cached trees stale (cache.py).

Signals rather than calls in each service, so the admin, the shell and cascaded deletes are
covered too; bulk writes that bypass signals (`QuerySet.update`) bump explicitly.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import models
from .cache import bump_version_on_commit

CATALOG_MODELS = (
    models.Location, models.DeliveryZone, models.Menu, models.MenuLocation, models.Category,
    models.Item, models.ItemLocation, models.ModifierGroup, models.Modifier,
)


def _changed(sender, **kwargs):
    bump_version_on_commit()


def connect() -> None:
    for model in CATALOG_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalog-version-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"catalog-version-delete-{model.__name__}")
    m2m_changed.connect(_changed, sender=models.Menu.locations.through, dispatch_uid="catalog-version-m2m")
