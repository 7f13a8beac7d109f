"""A brand's exports: every table of its schema in one file, built in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class BrandExport(models.Model):
    class Format(models.TextChoices):
        JSON = "json"
        CSV = "csv"

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    ACTIVE = (Status.PENDING, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Progress: written per table while it runs (a snapshot transaction cannot commit it midway,
    # so it also goes to the cache; see brand_export.py), final once done.
    tables_total = models.PositiveIntegerField(default=0)
    tables_done = models.PositiveIntegerField(default=0)
    rows_done = models.BigIntegerField(default=0)
    file = models.CharField(max_length=255, blank=True, help_text="Name in the default storage, once done.")
    size_bytes = models.BigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.format} export {self.status} ({self.created:%Y-%m-%d %H:%M})"
