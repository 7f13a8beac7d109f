"""Locations, menus and what is on them. Every table lives in the brand's own schema.

Money is integer minor units (`*_cents`) in the brand's currency (`Tenant.currency`). Primary
keys are UUIDs, so an id from one brand never names an object of another. Rules about one row
live here; writes across rows live in services.py; the rules themselves are pure functions in
rules.py, which ordering reuses.
"""

import uuid
from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from . import rules

# Menus, categories and items: enough for a paragraph or two, not a novel (a probe sent 100,000).
DESCRIPTION_MAX_LENGTH = 2000


def _empty_week() -> dict:
    return {day: [] for day in rules.WEEKDAYS}


class Positioned(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "created"]


class Location(Positioned):
    class BusyMode(models.TextChoices):
        OFF = "off"
        EXTRA_TIME = "extra_time", "Extra minutes on quoted times"
        PAUSED = "paused", "Ordering paused"

    name = models.CharField(max_length=120)
    address = models.CharField(max_length=300)
    latitude = models.FloatField()
    longitude = models.FloatField()
    phone = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    hours = models.JSONField(default=_empty_week, help_text="Weekday → [[open, close], ...] in local time.")
    hours_exceptions = models.JSONField(default=list, blank=True, help_text="[{date, ranges, note}] replacing a day.")
    pickup_enabled = models.BooleanField(default=True)
    delivery_enabled = models.BooleanField(default=False)
    prep_time_minutes = models.PositiveSmallIntegerField(default=15)
    busy_mode = models.CharField(max_length=12, choices=BusyMode.choices, default=BusyMode.OFF)
    busy_extra_minutes = models.PositiveSmallIntegerField(default=0)
    # Ordering reads it (catalog never imports orders): a kitchen's throughput is a property of
    # the location, like its prep time.
    slot_capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Scheduled orders per time slot here; empty: the brand's default.")
    is_active = models.BooleanField(default=True, help_text="Shown on the storefront.")

    class Meta(Positioned.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                                   name="catalog_location_coordinates"),
        ]

    def __str__(self):
        return self.name

    @property
    def origin(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)

    def opening_hours(self) -> rules.Hours:
        return rules.Hours.from_data(self.hours, self.hours_exceptions)

    def is_open_at(self, at: datetime) -> bool:
        return self.opening_hours().is_open(at, self.timezone)

    @property
    def is_paused(self) -> bool:
        return self.busy_mode == self.BusyMode.PAUSED

    def accepts_orders_at(self, at: datetime) -> bool:
        """Active, not paused by busy mode, and open at `at`."""
        return self.is_active and not self.is_paused and self.is_open_at(at)

    @property
    def quoted_prep_minutes(self) -> int:
        """Preparation time a customer is quoted, with busy mode's extra minutes."""
        extra = self.busy_extra_minutes if self.busy_mode == self.BusyMode.EXTRA_TIME else 0
        return self.prep_time_minutes + extra

    def fulfillment_options(self) -> list[str]:
        return [name for name, on in (("pickup", self.pickup_enabled), ("delivery", self.delivery_enabled)) if on]


class DeliveryZone(Positioned):
    """Where a location delivers: a radius around it or a polygon; zones are tried in order."""

    class Kind(models.TextChoices):
        RADIUS = "radius"
        POLYGON = "polygon"

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    radius_m = models.PositiveIntegerField(null=True, blank=True)
    polygon = models.JSONField(null=True, blank=True, help_text="Closed ring of [lat, lng] points.")
    fee_cents = models.PositiveIntegerField(default=0)
    min_order_cents = models.PositiveIntegerField(default=0)

    class Meta(Positioned.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="radius", radius_m__isnull=False, radius_m__gt=0) | Q(kind="polygon", polygon__isnull=False)),
                name="catalog_zone_shape",
            ),
        ]

    def __str__(self):
        return f"{self.location} / {self.name}"

    def as_rule(self) -> rules.Zone:
        return rules.Zone(
            id=self.id, name=self.name, kind=self.kind, fee_cents=self.fee_cents, min_order_cents=self.min_order_cents,
            radius_m=self.radius_m, polygon=tuple(tuple(p) for p in self.polygon) if self.polygon else None,
        )


class Menu(Positioned):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    is_active = models.BooleanField(default=True)
    availability = models.JSONField(null=True, blank=True, help_text="Weekly schedule in local time; empty: always.")
    locations = models.ManyToManyField(Location, through="MenuLocation", related_name="menus", blank=True)

    def __str__(self):
        return self.name

    def schedule(self) -> rules.Hours:
        return rules.Hours.from_data(self.availability)


class MenuLocation(models.Model):
    """A location serves a menu."""

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="assignments")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["menu", "location"], name="catalog_menu_location_unique")]

    def __str__(self):
        return f"{self.menu_id} @ {self.location_id}"


class Category(Positioned):
    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    is_active = models.BooleanField(default=True)
    availability = models.JSONField(null=True, blank=True, help_text="Weekly schedule in local time; empty: always.")

    class Meta(Positioned.Meta):
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def schedule(self) -> rules.Hours:
        return rules.Hours.from_data(self.availability)


def sold_out_at(sold_out: bool, until: datetime | None, at: datetime) -> bool:
    # Evaluated on read: an item 86'd until 15:00 is back at 15:00 without any job running.
    return sold_out and (until is None or at < until)


class Item(Positioned):
    TaxCategory = models.TextChoices("TaxCategory", [(c, c) for c in rules.TAX_CATEGORIES])

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    price_cents = models.PositiveIntegerField()
    image = models.FileField(upload_to="catalog/items/", blank=True)
    tax_category = models.CharField(max_length=12, choices=TaxCategory.choices, default="standard")
    allergens = ArrayField(models.CharField(max_length=20, choices=[(a, a) for a in rules.ALLERGENS]), default=list, blank=True)
    dietary_tags = ArrayField(models.CharField(max_length=20, choices=[(t, t) for t in rules.DIETARY_TAGS]), default=list, blank=True)
    calories = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Sold out everywhere ("86"), optionally until a time; per location: ItemLocation.
    sold_out = models.BooleanField(default=False)
    sold_out_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name

    def is_sold_out_at(self, at: datetime) -> bool:
        return sold_out_at(self.sold_out, self.sold_out_until, at)


class ItemLocation(models.Model):
    """One location's price override and sold-out state for an item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="location_settings")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="item_settings")
    price_cents = models.PositiveIntegerField(null=True, blank=True, help_text="Overrides the item's price here.")
    sold_out = models.BooleanField(default=False)
    sold_out_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "location"], name="catalog_item_location_unique")]

    def __str__(self):
        return f"{self.item_id} @ {self.location_id}"

    def is_sold_out_at(self, at: datetime) -> bool:
        return sold_out_at(self.sold_out, self.sold_out_until, at)


class ModifierGroup(Positioned):
    """Choices on an item ("Size", "Extras"), or nested under one modifier ("Which sauce?").

    Exactly one of `item` and `parent_modifier` is set; nesting is one level deep.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="modifier_groups", null=True, blank=True)
    parent_modifier = models.ForeignKey("Modifier", on_delete=models.CASCADE, related_name="groups", null=True, blank=True)
    name = models.CharField(max_length=120)
    min_select = models.PositiveSmallIntegerField(default=0)
    max_select = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no upper limit.")
    required = models.BooleanField(default=False)
    free_quantity = models.PositiveSmallIntegerField(default=0, help_text="This many of the cheapest choices are free.")

    class Meta(Positioned.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(item__isnull=False) ^ Q(parent_modifier__isnull=False), name="catalog_group_one_parent"),
            models.CheckConstraint(condition=Q(max_select__isnull=True) | Q(min_select__lte=models.F("max_select")),
                                   name="catalog_group_min_le_max"),
        ]

    def __str__(self):
        return self.name


class Modifier(Positioned):
    group = models.ForeignKey(ModifierGroup, on_delete=models.CASCADE, related_name="modifiers")
    name = models.CharField(max_length=120)
    price_delta_cents = models.PositiveIntegerField(default=0)
    max_quantity = models.PositiveSmallIntegerField(default=1)
    is_available = models.BooleanField(default=True)
    allergens = ArrayField(models.CharField(max_length=20, choices=[(a, a) for a in rules.ALLERGENS]), default=list, blank=True)
    dietary_tags = ArrayField(models.CharField(max_length=20, choices=[(t, t) for t in rules.DIETARY_TAGS]), default=list, blank=True)

    def __str__(self):
        return self.name
