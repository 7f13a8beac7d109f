import secrets

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
        # A brand closed by its owner whose grace period ended: its schema was dropped
        # (tenant_apps/privacy/closing.py). The row stays for the platform's invoices and audit trail.
        PURGED = "purged"

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
    # The plan lives on billing.Subscription (billing imports tenants, never the reverse).
    created = models.DateTimeField(auto_now_add=True)
    status_changed = models.DateTimeField(null=True, blank=True)
    # Set when the owner closes the brand: then the schema is dropped (a scheduled job). Cleared
    # by a reactivation.
    purge_after = models.DateTimeField(null=True, blank=True)

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
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("domains")
        if prefetched is not None:  # lists prefetch domains: no query per row
            return next((domain.domain for domain in prefetched if domain.is_primary), None)
        domain = self.domains.filter(is_primary=True).first()
        return domain.domain if domain else None


def _verification_token() -> str:
    return secrets.token_urlsafe(24)


class Domain(DomainMixin):
    """A host name that routes to a tenant: its `<slug>.<BASE_DOMAIN>` or a custom domain.

    A custom domain routes as soon as it is added; ownership is then proven by publishing
    `verification_token` in a DNS TXT record (tenants.dns), which sets `verified_at`.
    """

    is_custom = models.BooleanField(default=False)
    verification_token = models.CharField(max_length=64, default=_verification_token, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.domain

    @property
    def verification_status(self) -> str:
        if not self.is_custom or self.verified_at:
            return "verified"
        return "pending"


def logo_upload_to(theme: "Theme", filename: str) -> str:
    """Logos are stored per tenant, under an unguessable name (the extension is set by the service)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"brands/{theme.tenant.schema_name}/logo-{secrets.token_hex(8)}.{extension}"


class Theme(models.Model):
    """A brand's public look: what `GET /api/v1/brand/` serves. One row per brand, made on first edit."""

    class Font(models.TextChoices):
        SYSTEM = "system"
        INTER = "inter"
        ROBOTO = "roboto"
        LATO = "lato"
        MONTSERRAT = "montserrat"
        POPPINS = "poppins"
        MERRIWEATHER = "merriweather"
        PLAYFAIR = "playfair-display"

    DEFAULT_PRIMARY = "#d9480f"
    DEFAULT_ACCENT = "#1c7ed6"
    DEFAULT_BACKGROUND = "#ffffff"
    DEFAULT_TEXT = "#212529"
    DEFAULT_LOCALE = "en"

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="theme")
    display_name = models.CharField(max_length=120, blank=True, help_text="Shown instead of the tenant's name when set.")
    logo = models.ImageField(upload_to=logo_upload_to, blank=True)
    primary_color = models.CharField(max_length=7, default=DEFAULT_PRIMARY)
    accent_color = models.CharField(max_length=7, default=DEFAULT_ACCENT)
    background_color = models.CharField(max_length=7, default=DEFAULT_BACKGROUND)
    text_color = models.CharField(max_length=7, default=DEFAULT_TEXT)
    locale = models.CharField(max_length=16, default=DEFAULT_LOCALE,
                              help_text="BCP 47 language tag of the storefront (de-DE): its strings, money and dates.")
    font = models.CharField(max_length=24, choices=Font.choices, default=Font.SYSTEM)
    hero_text = models.CharField(max_length=280, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"theme of {self.tenant}"


class AuditEvent(models.Model):
    """One thing that happened to the platform or a brand, and who did it. Append-only.

    Lives in the public schema. Actors are people from any schema (platform admins in `public`,
    owners in their brand's schema), so the actor is copied in (id, e-mail, schema) rather than
    a foreign key; `impersonated_by` names the platform admin when the actor's token was an
    impersonation token. Written by services (tenants.audit.record), never by views.
    """

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)
    tenant = models.ForeignKey(Tenant, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events")
    tenant_slug = models.CharField(max_length=40, blank=True, help_text="Kept if the tenant row is ever deleted.")
    actor_id = models.CharField(max_length=64, blank=True)
    actor_email = models.CharField(max_length=254, blank=True)
    actor_schema = models.CharField(max_length=63, blank=True)
    impersonated_by = models.CharField(max_length=254, blank=True)
    target = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["tenant", "-created"], name="audit_tenant_created")]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.tenant_slug}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
