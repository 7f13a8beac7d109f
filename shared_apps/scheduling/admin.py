from django.contrib import admin

from tenants.admin import PublicSchemaOnlyAdmin

from .models import PeriodRun, Schedule


class FailingFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("failing", "failing"), ("ok", "ok")]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(attempts__gt=0)
        if self.value() == "ok":
            return queryset.filter(attempts=0)
        return queryset


@admin.register(Schedule)
class ScheduleAdmin(PublicSchemaOnlyAdmin):
    """Platform admins see every brand's jobs here, failing ones with their last error."""

    list_display = ["tenant", "job", "next_run_at", "attempts", "last_success_at", "last_error_at"]
    list_filter = [FailingFilter, "job"]
    search_fields = ["tenant__slug"]
    readonly_fields = ["tenant", "job", "attempts", "last_error", "last_error_at", "last_claimed_at", "last_success_at"]


@admin.register(PeriodRun)
class PeriodRunAdmin(PublicSchemaOnlyAdmin):
    list_display = ["tenant", "job", "period", "done_at"]
    list_filter = ["job"]
    search_fields = ["tenant__slug", "period"]
    readonly_fields = ["tenant", "job", "period", "done_at"]
