"""Shapes of the catalog API. Field-level checks only; the rules are in services and rules.py."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shared_apps.core import fields as core_fields

from .. import rules
from ..models import (
    DESCRIPTION_MAX_LENGTH,
    Category,
    DeliveryZone,
    Item,
    Location,
    Menu,
    Modifier,
    ModifierGroup,
)

HOURS_HELP = ('Weekday ("mon".."sun") → list of ["HH:MM", "HH:MM"] ranges in local time; a range whose '
              'close is earlier than its open runs past midnight. "24:00" closes at midnight.')
SCHEDULE_HELP = "Weekly schedule (same shape as location hours) in the location's local time; null: always."


@extend_schema_field({"type": "object", "additionalProperties": {"type": "array", "items": {
    "type": "array", "items": {"type": "string", "pattern": r"^\d\d:\d\d$"}, "minItems": 2, "maxItems": 2}}})
class WeeklyField(serializers.JSONField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "object", "properties": {
    "date": {"type": "string", "format": "date"}, "note": {"type": "string"},
    "ranges": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}}}})
class ExceptionsField(serializers.JSONField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}})
class PolygonField(serializers.JSONField):
    pass


class LocationSerializer(serializers.ModelSerializer):
    hours = WeeklyField(required=False, help_text=HOURS_HELP)
    hours_exceptions = ExceptionsField(required=False, help_text="Dates whose ranges replace the weekday's; [] closes the day.")
    timezone = serializers.CharField(max_length=64, required=False, help_text="IANA time zone, e.g. Europe/Berlin.")

    class Meta:
        model = Location
        fields = ["id", "name", "address", "latitude", "longitude", "phone", "timezone", "hours", "hours_exceptions",
                  "pickup_enabled", "delivery_enabled", "prep_time_minutes", "busy_mode", "busy_extra_minutes",
                  "slot_capacity", "is_active", "position", "created", "updated"]
        read_only_fields = ["id", "position", "created", "updated"]
        extra_kwargs = {"latitude": {"min_value": -90, "max_value": 90}, "longitude": {"min_value": -180, "max_value": 180},
                        "slot_capacity": {"min_value": 0, "max_value": 1000}}

    def validate_timezone(self, value):
        if value not in rules.time_zones():
            raise serializers.ValidationError(f"Unknown time zone {value!r}.")
        return value


class DeliveryZoneSerializer(serializers.ModelSerializer):
    polygon = PolygonField(required=False, allow_null=True, help_text="Closed ring of [lat, lng]: the last point repeats the first.")

    class Meta:
        model = DeliveryZone
        fields = ["id", "location", "name", "kind", "radius_m", "polygon", "fee_cents", "min_order_cents", "position"]
        read_only_fields = ["id", "position"]


class MenuSerializer(serializers.ModelSerializer):
    availability = WeeklyField(required=False, allow_null=True, help_text=SCHEDULE_HELP)
    locations = serializers.PrimaryKeyRelatedField(many=True, queryset=Location.objects.all(), required=False,
                                                   help_text="Locations that serve this menu.")

    class Meta:
        model = Menu
        fields = ["id", "name", "description", "is_active", "availability", "locations", "position", "created", "updated"]
        read_only_fields = ["id", "position", "created", "updated"]


# A row's parent (`fixed_once_made`) is chosen when it is made; an update cannot move it. (A comment,
# not a docstring: drf-spectacular would print a docstring into every subclass's schema.)
class ParentFixedOnUpdate(serializers.ModelSerializer):
    fixed_once_made: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in self.fixed_once_made:
                fields[name].read_only = True
        return fields


class CategorySerializer(ParentFixedOnUpdate):
    availability = WeeklyField(required=False, allow_null=True, help_text=SCHEDULE_HELP)

    class Meta:
        model = Category
        fields = ["id", "menu", "name", "description", "is_active", "availability", "position", "created", "updated"]
        read_only_fields = ["id", "position", "created", "updated"]

    fixed_once_made = ("menu",)  # a category does not move between menus


class ItemSerializer(serializers.ModelSerializer):
    allergens = serializers.ListField(child=serializers.ChoiceField(choices=rules.ALLERGENS), required=False)
    dietary_tags = serializers.ListField(child=serializers.ChoiceField(choices=rules.DIETARY_TAGS), required=False)
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = ["id", "category", "name", "description", "price_cents", "image_url", "tax_category", "allergens",
                  "dietary_tags", "calories", "is_active", "sold_out", "sold_out_until", "position", "created", "updated"]
        read_only_fields = ["id", "image_url", "sold_out", "sold_out_until", "position", "created", "updated"]

    def get_image_url(self, item) -> str | None:
        return item.image.url if item.image else None

    def validate_allergens(self, value):
        return sorted(set(value))

    def validate_dietary_tags(self, value):
        return sorted(set(value))


class ModifierGroupSerializer(ParentFixedOnUpdate):
    class Meta:
        model = ModifierGroup
        fields = ["id", "item", "parent_modifier", "name", "min_select", "max_select", "required", "free_quantity", "position"]
        read_only_fields = ["id", "position"]

    fixed_once_made = ("item", "parent_modifier")


class ModifierSerializer(ParentFixedOnUpdate):
    allergens = serializers.ListField(child=serializers.ChoiceField(choices=rules.ALLERGENS), required=False)
    dietary_tags = serializers.ListField(child=serializers.ChoiceField(choices=rules.DIETARY_TAGS), required=False)

    class Meta:
        model = Modifier
        fields = ["id", "group", "name", "price_delta_cents", "max_quantity", "is_available", "allergens", "dietary_tags", "position"]
        read_only_fields = ["id", "position"]

    fixed_once_made = ("group",)


class ReorderSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=1000,
                                help_text="Every sibling's id, in the new order.")


class AvailabilitySerializer(serializers.Serializer):
    available = serializers.BooleanField()
    until = core_fields.DateTimeField(required=False, allow_null=True,
                                      help_text="Sold out until this instant; it comes back by itself then.")
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True,
                                                  help_text="Only at this location; omitted: everywhere.")


class ModifierAvailabilitySerializer(serializers.Serializer):
    available = serializers.BooleanField(help_text="false: sold out (\"86\") everywhere; true: back.")


class BusyModeSerializer(serializers.Serializer):
    busy_mode = serializers.ChoiceField(choices=Location.BusyMode.choices)
    busy_extra_minutes = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=120,
        help_text="With `extra_time`: minutes added to quoted times (1-120).")

    def validate(self, attrs):
        if attrs["busy_mode"] == Location.BusyMode.EXTRA_TIME and not attrs["busy_extra_minutes"]:
            raise serializers.ValidationError({"busy_extra_minutes": ["Give the extra minutes (1-120) for extra_time."]})
        if attrs["busy_mode"] != Location.BusyMode.EXTRA_TIME:
            attrs["busy_extra_minutes"] = 0
        return attrs


class PriceChangeSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    price_cents = serializers.IntegerField(min_value=0, max_value=10_000_000)


class BulkPriceSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True,
                                                  help_text="Set this location's overrides; omitted: base prices.")
    prices = PriceChangeSerializer(many=True, allow_empty=False)

    def validate_prices(self, value):
        ids = [change["item"].pk for change in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Each item at most once.")
        return value


class BulkPriceResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()


class PriceOverrideSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    price_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, allow_null=True,
                                           help_text="null: back to the item's own price.")


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField()


# --- the menu tree (public menu, export and import share it) ----------------------------------


class TreeModifierSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=120)
    price_delta_cents = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    max_quantity = serializers.IntegerField(min_value=1, max_value=100, default=1)
    available = serializers.BooleanField(default=True)
    allergens = serializers.ListField(child=serializers.ChoiceField(choices=rules.ALLERGENS), default=list)
    dietary_tags = serializers.ListField(child=serializers.ChoiceField(choices=rules.DIETARY_TAGS), default=list)


class TreeNestedGroupSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=120)
    min_select = serializers.IntegerField(min_value=0, max_value=100, default=0)
    max_select = serializers.IntegerField(min_value=1, max_value=100, allow_null=True, default=None)
    required = serializers.BooleanField(default=False)
    free_quantity = serializers.IntegerField(min_value=0, max_value=100, default=0)
    modifiers = TreeModifierSerializer(many=True, max_length=200)


class TreeTopModifierSerializer(TreeModifierSerializer):
    groups = TreeNestedGroupSerializer(many=True, default=list, max_length=20, help_text="Nested groups (one level).")


class TreeGroupSerializer(TreeNestedGroupSerializer):
    modifiers = TreeTopModifierSerializer(many=True, max_length=200)


class TreeItemSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, default="", max_length=DESCRIPTION_MAX_LENGTH)
    price_cents = serializers.IntegerField(min_value=0, max_value=10_000_000)
    image_url = serializers.CharField(read_only=True, allow_null=True)
    tax_category = serializers.ChoiceField(choices=rules.TAX_CATEGORIES, default="standard")
    allergens = serializers.ListField(child=serializers.ChoiceField(choices=rules.ALLERGENS), default=list)
    dietary_tags = serializers.ListField(child=serializers.ChoiceField(choices=rules.DIETARY_TAGS), default=list)
    calories = serializers.IntegerField(min_value=0, max_value=100_000, allow_null=True, default=None)
    available = serializers.BooleanField(read_only=True)
    available_again_at = serializers.DateTimeField(read_only=True, allow_null=True)
    modifier_groups = TreeGroupSerializer(many=True, default=list, max_length=50)


class TreeCategorySerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, default="", max_length=DESCRIPTION_MAX_LENGTH)
    availability = WeeklyField(allow_null=True, default=None, help_text=SCHEDULE_HELP)
    items = TreeItemSerializer(many=True, max_length=1000)


class TreeMenuSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(allow_blank=True, default="", max_length=DESCRIPTION_MAX_LENGTH)
    availability = WeeklyField(allow_null=True, default=None, help_text=SCHEDULE_HELP)
    categories = TreeCategorySerializer(many=True, max_length=200)


class MenuImportSerializer(TreeMenuSerializer):
    locations = serializers.PrimaryKeyRelatedField(many=True, queryset=Location.objects.all(), default=list,
                                                   help_text="Serve the imported menu at these locations.")


class MenuExportSerializer(TreeMenuSerializer):
    locations = serializers.ListField(child=serializers.UUIDField(), read_only=True)


class DeliveryZonePublicSerializer(DeliveryZoneSerializer):
    """A zone as customers see it, inside its location (so without `location` and `position`)."""

    class Meta(DeliveryZoneSerializer.Meta):
        fields = ["id", "name", "kind", "radius_m", "polygon", "fee_cents", "min_order_cents"]


class LocationSummarySerializer(serializers.Serializer):
    """Documentation of the public location summary (the response is built in selectors.py)."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField()
    timezone = serializers.CharField()
    hours = WeeklyField(help_text=HOURS_HELP)
    hours_exceptions = ExceptionsField()
    open_now = serializers.BooleanField()
    accepts_orders = serializers.BooleanField(help_text="Open now, active, and not paused by busy mode.")
    # Labelled as Order.Fulfillment is, so the document names one enum (OrderFulfillmentEnum) for both.
    fulfillment = serializers.ListField(child=serializers.ChoiceField(choices=[("pickup", "Pickup"), ("delivery", "Delivery")]))
    prep_time_minutes = serializers.IntegerField(help_text="Quoted preparation time, busy mode included.")
    busy_mode = serializers.ChoiceField(choices=Location.BusyMode.choices)


class LocationPublicSerializer(LocationSummarySerializer):
    """A location of the public list: the summary and its delivery zones (empty when it does not deliver)."""

    delivery_zones = DeliveryZonePublicSerializer(many=True)


class PublicMenuSerializer(serializers.Serializer):
    location = LocationSummarySerializer(help_text="The location, without its zones (they are in the locations list).")
    currency = serializers.CharField(help_text="ISO 4217 code of every *_cents amount.")
    generated_at = serializers.DateTimeField()
    menus = TreeMenuSerializer(many=True)


class DeliveryCheckSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)


class DeliveryCheckResultSerializer(serializers.Serializer):
    deliverable = serializers.BooleanField()
    zone = serializers.DictField(allow_null=True, help_text="{id, name} of the zone, or null.")
    delivery_fee_cents = serializers.IntegerField(allow_null=True)
    minimum_order_cents = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    distance_m = serializers.IntegerField(help_text="Straight-line distance from the location.")
