"""Catalog factories: build rows in the current schema (use inside a tenant's context)."""

import factory

from tenant_apps.catalog import models

ALL_WEEK = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    name = factory.Sequence(lambda n: f"Location {n}")
    address = "1 Main Street"
    latitude = 52.52
    longitude = 13.405
    timezone = "Europe/Berlin"
    hours = factory.LazyFunction(lambda: dict(ALL_WEEK))
    pickup_enabled = True
    delivery_enabled = True


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeliveryZone

    location = factory.SubFactory(LocationFactory)
    name = "Near"
    kind = "radius"
    radius_m = 3000
    fee_cents = 250
    min_order_cents = 1500


class MenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Menu
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Menu {n}")

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        for location in extracted or ():
            models.MenuLocation.objects.create(menu=self, location=location)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Category

    menu = factory.SubFactory(MenuFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    position = factory.Sequence(int)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Item

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Item {n}")
    price_cents = 990
    position = factory.Sequence(int)


class ModifierGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ModifierGroup

    item = factory.SubFactory(ItemFactory)
    name = "Extras"
    min_select = 0
    max_select = 3


class ModifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Modifier

    group = factory.SubFactory(ModifierGroupFactory)
    name = factory.Sequence(lambda n: f"Modifier {n}")
    price_delta_cents = 100
