"""What every catalog rule shares: the error, the fixed vocabularies, time zones."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
MAX_RANGES_PER_DAY = 6
MAX_POLYGON_POINTS = 500

# Fixed vocabularies: the 14 allergens of EU Regulation 1169/2011, common dietary tags and the
# tax categories pricing maps to a rate.
ALLERGENS = (
    "gluten", "crustaceans", "eggs", "fish", "peanuts", "soybeans", "milk", "nuts", "celery",
    "mustard", "sesame", "sulphites", "lupin", "molluscs",
)
DIETARY_TAGS = ("vegetarian", "vegan", "gluten_free", "dairy_free", "nut_free", "halal", "kosher", "spicy")
TAX_CATEGORIES = ("standard", "reduced", "zero")


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


class RuleError(ValueError):
    """Input breaks a catalog rule; `fields` maps a field path to its messages."""

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

