"""Channel group names. Every group carries the schema, so no group is shared by two brands.

Location and order ids are UUIDs today, but ids of two brands may still be equal (a restore, a
copied menu, a test that forces it): the schema prefix, not the id, is what keeps brands apart.
"""

import re

# channels-redis accepts ASCII letters, digits, hyphens, periods and underscores, < 100 chars.
_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _part(value) -> str:
    text = str(value)
    if not _SAFE.match(text):
        raise ValueError(f"Not usable in a group name: {text!r}")
    return text


def kitchen_group(schema: str, location_id) -> str:
    return f"t.{_part(schema)}.kitchen.{_part(location_id)}"


def order_group(schema: str, order_id) -> str:
    return f"t.{_part(schema)}.order.{_part(order_id)}"
