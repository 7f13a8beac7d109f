from django.contrib import admin
from django.db import connection
from django_tenants.utils import get_public_schema_name

from .models import AuditEvent, Domain, Tenant


class PublicSchemaOnlyAdmin(admin.ModelAdmin):
    """Tenant rows live in the public schema; the admin is served on the platform host only."""

    def has_module_permission(self, request):
        return connection.schema_name == get_public_schema_name() and super().has_module_permission(request)


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(PublicSchemaOnlyAdmin):
    list_display = ["slug", "name", "kind", "status", "schema_name", "created"]
    list_filter = ["kind", "status"]
    search_fields = ["slug", "name", "schema_name"]
    readonly_fields = ["schema_name", "kind", "created"]
    inlines = [DomainInline]


@admin.register(AuditEvent)
class AuditEventAdmin(PublicSchemaOnlyAdmin):
    """Append-only: readable, never editable or deletable here."""

    list_display = ["created", "action", "tenant_slug", "actor_email", "impersonated_by", "target", "ip"]
    list_filter = ["action"]
    search_fields = ["tenant_slug", "actor_email", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
