from django.db.models import QuerySet

from .models import Schedule


def schedules(*, tenant_slug: str = "", failing: bool = False) -> QuerySet[Schedule]:
    """Schedule rows across brands, for platform admins: failing ones first, then by next run."""
    rows = Schedule.objects.select_related("tenant").order_by("-attempts", "next_run_at", "id")
    if tenant_slug:
        rows = rows.filter(tenant__slug=tenant_slug)
    return rows.filter(attempts__gt=0) if failing else rows
