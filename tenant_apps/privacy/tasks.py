from shared_apps.core.tasks import tenant_task

from . import (
    exports,
    jobs,  # noqa: F401  registers the scheduled purge job wherever tasks are loaded
)


@tenant_task(name=exports.BUILD_TASK, acks_late=True, ignore_result=True)
def build_brand_export(export_id: str) -> str | None:
    """Build one export in the brand's schema. Redelivered after a worker dies (acks_late), it
    builds the file again; a finished export is not rebuilt."""
    export = exports.build(export_id)
    return export.status if export else None
