from django.db import models

from tenants.models import Tenant


class HandoverCode(models.Model):
    """A one-time code that moves a person from the platform host to a brand's host.

    Tokens are valid only on the host that issued them, so the platform cannot hand the brand's
    tokens over itself; it issues this code instead and the brand's host exchanges it
    (shared_apps/handover/services.py). Only the SHA-256 of the code is stored: a read of this
    table gives nobody a way in. Lives in the public schema (the platform writes it, every brand's
    host reads it); `user_id` names a user in `tenant`'s schema.
    """

    class Purpose(models.TextChoices):
        SIGNUP = "signup"
        IMPERSONATION = "impersonation"

    code_hash = models.CharField(max_length=64, unique=True)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="handover_codes")
    user_id = models.UUIDField()
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    impersonated_by = models.CharField(max_length=254, blank=True)
    created = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.purpose} hand-over to {self.tenant} until {self.expires_at:%H:%M:%S}"
