from shared_apps.accounts.models import User
from tenants.models import Tenant
from tenants.slugs import slug_problem


def slug_availability(slug: str) -> dict:
    """{"slug", "available", "reason"?}: a well-formed, unreserved slug no brand has taken."""
    problem = slug_problem(slug)
    if problem is None and Tenant.objects.filter(slug=slug).exists():
        problem = "That address is already taken."
    return {"slug": slug, "available": False, "reason": problem} if problem else {"slug": slug, "available": True}


def staff_members():
    """The brand's staff (owner, managers, kitchen, couriers) in the current schema, oldest first."""
    return User.objects.filter(role__in=User.STAFF_ROLES).order_by("date_joined", "email")
