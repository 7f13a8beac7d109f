"""A brand's team: the owner adds staff (manager, kitchen, courier) within the plan's staff limit.

Lives in onboarding because it needs billing (the limit) and accounts (the users), and accounts
sits below billing. Every function runs in the current brand's schema (the tenant host's
request) and is audited.
"""

from django.contrib.auth import password_validation
from django.db import IntegrityError, connection, transaction

from shared_apps.accounts.errors import EmailTaken
from shared_apps.accounts.models import User
from shared_apps.billing.services import ensure_within_plan_limit
from shared_apps.core.errors import DomainError
from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant

ASSIGNABLE_ROLES = (User.Role.MANAGER, User.Role.KITCHEN, User.Role.COURIER)


class StaffMemberNotFound(DomainError):
    code = "staff_not_found"
    status_code = 404
    detail = "This brand has no such staff member."


def _lock_team() -> None:
    # Two concurrent additions must not both pass the count: a transaction-scoped advisory
    # lock per schema, released at commit or rollback.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:accounts.staff"])


def _active_staff_count() -> int:
    return User.objects.filter(role__in=User.STAFF_ROLES, is_active=True).count()


def add_staff_member(tenant: Tenant, email: str, password: str, *, role: str, name: str = "", by: Actor) -> User:
    """Create a staff user in the brand's schema; 403 `plan_limit` past the plan's staff limit."""
    email = email.strip().lower()
    if role not in ASSIGNABLE_ROLES:
        raise ValueError(f"role must be one of {ASSIGNABLE_ROLES}")
    password_validation.validate_password(password, User(email=email, name=name))
    try:
        with transaction.atomic():
            _lock_team()
            ensure_within_plan_limit(tenant, "staff", _active_staff_count())
            if User.objects.filter(email=email).exists():
                raise EmailTaken(fields={"email": [EmailTaken.detail]})
            user = User.objects.create_user(email, password, name=name, role=role)
            audit.record("staff.added", by=by, tenant=tenant, target=f"user:{email}", data={"role": role})
    except IntegrityError:  # the same e-mail added concurrently
        raise EmailTaken(fields={"email": [EmailTaken.detail]}) from None
    return user


def _member(user_id) -> User:
    user = User.objects.filter(pk=user_id, role__in=ASSIGNABLE_ROLES).first()
    if user is None:
        raise StaffMemberNotFound()
    return user


def update_staff_member(tenant: Tenant, user_id, *, by: Actor, role: str | None = None, name: str | None = None,
                        is_active: bool | None = None) -> User:
    """Change a staff member's role or name, or (de)activate them. The owner cannot be changed here;
    reactivating counts against the plan's staff limit. A deactivated user's tokens stop working."""
    with transaction.atomic():
        _lock_team()
        user = _member(user_id)
        changed = {}
        if is_active is True and not user.is_active:
            ensure_within_plan_limit(tenant, "staff", _active_staff_count())
        for field, value in (("role", role), ("name", name), ("is_active", is_active)):
            if value is not None and getattr(user, field) != value:
                changed[field] = value
                setattr(user, field, value)
        if changed:
            user.save(update_fields=list(changed))
            audit.record("staff.updated", by=by, tenant=tenant, target=f"user:{user.email}", data=changed)
    return user
