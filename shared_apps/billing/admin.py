from django.contrib import admin

from tenants.admin import PublicSchemaOnlyAdmin

from .models import Invoice, Plan, PlanChange, Subscription


@admin.register(Plan)
class PlanAdmin(PublicSchemaOnlyAdmin):
    list_display = ["code", "name", "monthly_price_cents", "currency", "max_locations", "max_staff",
                    "max_orders_per_month", "is_active"]
    list_filter = ["is_active"]


class PlanChangeInline(admin.TabularInline):
    model = PlanChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_plan", "to_plan", "changed_at", "changed_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(PublicSchemaOnlyAdmin):
    """Read here; change plans and statuses through the platform admin API, which audits them."""

    list_display = ["tenant", "plan", "status", "trial_end", "current_period_end"]
    list_filter = ["status", "plan"]
    search_fields = ["tenant__slug", "tenant__name"]
    readonly_fields = ["tenant", "plan", "status", "trial_end", "current_period_start", "current_period_end",
                       "cancelled_at", "created", "updated"]
    inlines = [PlanChangeInline]


@admin.register(Invoice)
class InvoiceAdmin(PublicSchemaOnlyAdmin):
    list_display = ["number", "tenant", "period_start", "total_cents", "currency", "status"]
    list_filter = ["status"]
    search_fields = ["number", "tenant__slug"]
