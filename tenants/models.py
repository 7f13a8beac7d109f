from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Tenant(TenantMixin):
    """A restaurant brand, or one of the schemas the platform keeps to make brands from.

    `kind` separates real brands from the platform's own schemas: `platform` is the public
    schema, `template` is the schema whose DDL new tenants replay, `spare` is a migrated, empty
    schema waiting to be claimed by a sign-up. All of them are rows here so that
    `migrate_schemas` keeps every one of them current.
    """

    class Kind(models.TextChoices):
        BRAND = "brand"
        SPARE = "spare"
        TEMPLATE = "template"
        PLATFORM = "platform"

    class Status(models.TextChoices):
        TRIAL = "trial"
        ACTIVE = "active"
        PAST_DUE = "past_due"
        SUSPENDED = "suspended"
        CANCELLED = "cancelled"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BRAND, db_index=True)
    slug = models.SlugField(max_length=40, unique=True, null=True, blank=True)
    name = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TRIAL, db_index=True)
    currency = models.CharField(max_length=3, default="EUR")
    timezone = models.CharField(max_length=64, default="UTC")
    # The billing app (issue 3) owns plans; until then a tenant names its plan by code.
    plan_code = models.CharField(max_length=32, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    status_changed = models.DateTimeField(null=True, blank=True)

    # Schemas are made by tenants.provisioning (DDL replay or a claimed spare), never by save().
    auto_create_schema = False
    auto_drop_schema = True

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return self.slug or f"{self.kind}:{self.schema_name}"

    @property
    def is_brand(self) -> bool:
        return self.kind == self.Kind.BRAND

    @property
    def accepts_writes(self) -> bool:
        """A suspended or cancelled brand keeps its data and serves reads, but changes nothing."""
        return self.status not in (self.Status.SUSPENDED, self.Status.CANCELLED)

    @property
    def primary_domain(self) -> str | None:
        domain = self.domains.filter(is_primary=True).first()
        return domain.domain if domain else None


class Domain(DomainMixin):
    """A host name that routes to a tenant: its `<slug>.<BASE_DOMAIN>` or a custom domain."""

    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.domain
