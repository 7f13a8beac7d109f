"""Brand exports: asked for by the owner, built by a task, fetched when done."""

import traceback
import uuid

from celery import current_app
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant

from . import brand_export
from .errors import ExportInProgress, ExportNotFound, ExportNotReady
from .models import BrandExport

BUILD_TASK = "privacy.build_brand_export"


def request_export(tenant: Tenant, *, fmt: str, by: Actor, user) -> BrandExport:
    """Queue an export of the whole brand (after commit). One at a time: 409 while one is pending or
    running. Audited as `brand.export_requested`. Allowed while the brand is suspended or closed:
    that is when an owner most needs their data."""
    with transaction.atomic():
        Tenant.objects.select_for_update().get(pk=tenant.pk)  # serialises the one-at-a-time check
        if BrandExport.objects.filter(status__in=BrandExport.ACTIVE).exists():
            raise ExportInProgress()
        export = BrandExport.objects.create(format=fmt, requested_by=user)
        audit.record("brand.export_requested", by=by, tenant=tenant, target=f"export:{export.pk}", data={"format": fmt})
        # By name from Celery's registry: tasks.py imports this module, not the other way round.
        transaction.on_commit(lambda: current_app.tasks[BUILD_TASK].delay(str(export.pk)))
    return export


def get_export(export_id) -> BrandExport:
    try:
        return BrandExport.objects.get(pk=uuid.UUID(str(export_id)))
    except (ValueError, BrandExport.DoesNotExist):
        raise ExportNotFound() from None


def progress_of(export: BrandExport) -> dict:
    """Tables and rows written so far: the cache while it runs, the row once it is done."""
    if export.status == BrandExport.Status.RUNNING:
        live = cache.get(brand_export.progress_key(export.pk))
        if live:
            return live
    return {"tables_done": export.tables_done, "tables_total": export.tables_total, "rows_done": export.rows_done}


def build(export_id) -> BrandExport | None:
    """Build the export's file (the task's body). Safe to run twice: a done export is left alone,
    and a run after a worker died starts the file again from scratch. The file is stored before
    the row says `done`, so `done` always has its file."""
    with transaction.atomic():
        export = BrandExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status in (BrandExport.Status.DONE, BrandExport.Status.FAILED):
            return export
        export.status, export.started_at = BrandExport.Status.RUNNING, timezone.now()
        export.save(update_fields=["status", "started_at"])
    tenant = Tenant.objects.get(schema_name=connection.schema_name)
    manifest = {"brand": tenant.slug, "name": tenant.name, "export": str(export.pk), "created": timezone.now().isoformat()}
    try:
        archive, tables, rows = brand_export.build_zip(export.pk, schema=connection.schema_name, fmt=export.format,
                                                       manifest=manifest)
        with archive:
            size = archive.seek(0, 2)
            archive.seek(0)
            name = default_storage.save(f"exports/{connection.schema_name}/{tenant.slug}-{export.pk}.zip", File(archive))
    except Exception as exc:
        BrandExport.objects.filter(pk=export.pk).update(
            status=BrandExport.Status.FAILED, finished_at=timezone.now(), error="".join(traceback.format_exception(exc))[-4000:])
        raise
    BrandExport.objects.filter(pk=export.pk).update(
        status=BrandExport.Status.DONE, finished_at=timezone.now(), file=name, size_bytes=size,
        tables_total=tables, tables_done=tables, rows_done=rows)
    cache.delete(brand_export.progress_key(export.pk))
    export.refresh_from_db()
    return export


def open_file(export: BrandExport):
    """The finished export's file (binary), or ExportNotReady."""
    if export.status != BrandExport.Status.DONE or not export.file:
        raise ExportNotReady(extra={"status": export.status})
    return default_storage.open(export.file, "rb")
