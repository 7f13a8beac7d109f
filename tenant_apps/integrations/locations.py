"""What an API key bound to one location may call: the operations whose target lies in that
location, checked on the object the path names (an order, a location, a delivery zone) or, where
the view filters or writes by it, on the location the request names. A brand-wide write (menus,
categories, items, modifiers, webhooks) would reach every location, so a bound key cannot make
one; it may read the menu, and set an item's availability or price at its own location.
"""

from django.core.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS

from tenant_apps.catalog.models import DeliveryZone
from tenant_apps.orders.models import Order

MANAGE = "/api/v1/manage/"
CATALOG = ("menus", "categories", "items", "modifier-groups", "modifiers")
AT_ONE_LOCATION = ("availability/", "price-override/", "bulk-price/")  # their body names the location


def may_call(location_id: str, *, method: str, path: str, kwargs: dict, named: set[str]) -> bool:
    """Whether a key bound to `location_id` may call `method path`; `named` is every location the
    request names (path, `?location=`, body `location`)."""
    if not named <= {location_id}:
        return False
    own = named == {location_id}
    area, _, rest = path.removeprefix(MANAGE).partition("/")
    safe = method in SAFE_METHODS
    if area == "orders":
        if "order_id" in kwargs:
            return _within(Order, kwargs["order_id"], location_id)
        return safe and own  # the list, filtered by ?location=
    if area == "locations":
        return str(kwargs.get("pk")) == location_id and method != "DELETE"
    if area == "delivery-zones":
        if "pk" in kwargs:
            return _within(DeliveryZone, kwargs["pk"], location_id)
        return own and not rest  # the list by ?location=, a new zone by its body; not a reorder
    if area == "reports":
        return safe and own
    if area in CATALOG:
        return safe or (own and rest.endswith(AT_ONE_LOCATION))
    return False  # webhooks, and anything added later, until it says otherwise


def _within(model, pk, location_id: str) -> bool:
    """The object is at the location; or there is no such object, and the view answers its 404."""
    try:
        found = list(model.objects.filter(pk=pk).values_list("location_id", flat=True)[:1])
    except ValidationError:  # not an id at all
        return True
    return not found or str(found[0]) == location_id
