"""What a brand uses this period, counted by the apps that own the things counted.

billing sits below catalog and orders, so it cannot import them: those apps register a counter
here (`register_counter("locations", fn)` in their AppConfig.ready) and billing calls it. Until an
app registers, its resource counts 0 — a placeholder, and `usage_of` says so with
`"counted": false`. Staff are users in the brand's schema, which billing may read itself.
"""

from collections.abc import Callable
from datetime import datetime

from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenants.models import Tenant

# resource → fn(tenant, since) → count. `since` is the start of the current period.
Counter = Callable[[Tenant, datetime], int]
_counters: dict[str, Counter] = {}

RESOURCES = ("locations", "staff", "orders")


def register_counter(resource: str, counter: Counter) -> None:
    """Called by the app that owns `resource` (catalog: "locations", orders: "orders")."""
    if resource not in RESOURCES:
        raise ValueError(f"Unknown resource {resource!r}; expected one of {RESOURCES}.")
    _counters[resource] = counter


def count_staff(tenant: Tenant, since: datetime | None = None) -> int:
    """Active staff users (owner, manager, kitchen, courier) in the brand's schema."""
    with schema_context(tenant.schema_name):
        return User.objects.filter(role__in=User.STAFF_ROLES, is_active=True).count()


def count_locations(tenant: Tenant, since: datetime | None = None) -> int:
    """The brand's locations (catalog registers the counter; 0 before it does)."""
    counter = _counters.get("locations")
    return counter(tenant, since) if counter else 0


def count_orders_this_period(tenant: Tenant, since: datetime) -> int:
    """The brand's orders since `since` (orders registers the counter; 0 before it does)."""
    counter = _counters.get("orders")
    return counter(tenant, since) if counter else 0


def is_counted(resource: str) -> bool:
    """False while the resource's count is the placeholder 0."""
    return resource == "staff" or resource in _counters


def usage_of(tenant: Tenant, since: datetime) -> dict[str, dict]:
    """{resource: {"used", "counted"}} for the period starting at `since`."""
    counts = {
        "locations": count_locations(tenant, since),
        "staff": count_staff(tenant, since),
        "orders": count_orders_this_period(tenant, since),
    }
    return {resource: {"used": used, "counted": is_counted(resource)} for resource, used in counts.items()}


# Metered usage for invoices: name → fn(tenant, start, end) → count in [start, end). Registered
# by the app that reads what is metered (reports, a consumer of order events).
Meter = Callable[[Tenant, datetime, datetime], int]
_meters: dict[str, Meter] = {}


def register_meter(name: str, meter: Meter) -> None:
    _meters[name] = meter


def orders_placed(tenant: Tenant, start: datetime, end: datetime) -> int:
    """Orders placed in [start, end), each counted once; 0 until a meter is registered."""
    meter = _meters.get("orders_placed")
    return meter(tenant, start, end) if meter else 0
