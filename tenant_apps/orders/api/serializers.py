"""Request and response shapes of the ordering API. Money: integer `*_cents` plus `currency`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shared_apps.core import fields as core_fields

from .. import errors, pricing, quotes, selectors, services, states
from ..links import tracking_url
from ..models import Order, OrderEvent, OrderingSettings, OrderLine, PromoCode, SavedAddress

MAX_TIP_CENTS = 100_000


# ---------------------------------------------------------------------------------------------
# Requests


class CartItemSerializer(serializers.Serializer):
    item = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=1, max_value=quotes.MAX_QUANTITY)
    modifiers = serializers.ListField(child=serializers.UUIDField(), required=False, default=list, max_length=50,
                                      help_text="Modifier ids; repeat an id to choose it twice.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AddressSerializer(serializers.Serializer):
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)
    instructions = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TipSerializer(serializers.Serializer):
    amount_cents = serializers.IntegerField(min_value=0, max_value=MAX_TIP_CENTS, required=False)
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False, help_text="Of the items after discount.")

    def validate(self, attrs):
        if ("amount_cents" in attrs) == ("percent" in attrs):
            raise serializers.ValidationError("Give either amount_cents or percent.")
        return attrs


class QuoteRequestSerializer(serializers.Serializer):
    location = serializers.UUIDField()
    fulfillment = serializers.ChoiceField(choices=Order.Fulfillment.choices)
    items = CartItemSerializer(many=True, min_length=1, max_length=quotes.MAX_LINES)
    delivery_address = AddressSerializer(required=False, allow_null=True, default=None)
    delivery_address_id = serializers.UUIDField(
        required=False, allow_null=True, default=None,
        help_text="Instead of `delivery_address`: one of the signed-in customer's saved addresses (`/api/v1/addresses/`). "
        "The order keeps a copy, so editing or deleting the saved address later never changes it. Both fields: 400; "
        "an id that is not one of yours: 400 `unknown_address`; a guest: 401 `not_authenticated`.")
    tip = TipSerializer(required=False, allow_null=True, default=None)
    promo_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    scheduled_for = core_fields.DateTimeField(required=False, allow_null=True, default=None,
                                              help_text="A slot start from /locations/{id}/slots/; empty: as soon as possible.")

    def validate(self, attrs):
        address_id = attrs.pop("delivery_address_id", None)
        if address_id is not None:
            if attrs.get("delivery_address"):
                raise serializers.ValidationError({"delivery_address_id": ["Give delivery_address or delivery_address_id, not both."]})
            attrs["delivery_address"] = self._saved_address(address_id)
        if attrs["fulfillment"] == Order.Fulfillment.DELIVERY and not attrs.get("delivery_address"):
            raise serializers.ValidationError({"delivery_address": ["Required for delivery (or give delivery_address_id)."]})
        return attrs

    def _saved_address(self, address_id) -> dict:
        # DomainErrors, not ValidationError: they keep their own status and code through is_valid().
        user = self.context.get("user")
        if not (user and user.is_authenticated):
            raise errors.SavedAddressNeedsSignIn(fields={"delivery_address_id": [errors.SavedAddressNeedsSignIn.detail]})
        address = selectors.saved_address(user, address_id)
        if address is None:
            raise errors.UnknownSavedAddress(fields={"delivery_address_id": [errors.UnknownSavedAddress.detail]})
        return address.as_delivery_address()

    def to_cart(self) -> quotes.Cart:
        data = self.validated_data
        tip = data.get("tip")
        return quotes.Cart(
            location=data["location"], fulfillment=data["fulfillment"],
            items=tuple(quotes.CartItem(i["item"], i["quantity"], tuple(i["modifiers"]), i["note"]) for i in data["items"]),
            delivery_address=dict(data["delivery_address"]) if data.get("delivery_address") else None,
            tip=(pricing.Tip("amount", tip["amount_cents"]) if "amount_cents" in tip else pricing.Tip("percent", tip["percent"] * 100))
            if tip else None,
            promo_code=data["promo_code"], scheduled_for=data["scheduled_for"],
        )


class ContactSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class CheckoutRequestSerializer(QuoteRequestSerializer):
    payment_method = serializers.ChoiceField(choices=Order.PaymentMethod.choices)
    card_token = serializers.CharField(required=False, allow_blank=True, default="", max_length=100,
                                       help_text="From the card provider's client; the simulator declines `tok_declined`.")
    contact = ContactSerializer(required=False, allow_null=True, default=None,
                                help_text="Required for guests, with `email` and `phone`; a signed-in customer's "
                                "account is used otherwise (a `phone` given here is kept on the order).")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["payment_method"] == Order.PaymentMethod.CARD and not attrs["card_token"]:
            raise serializers.ValidationError({"card_token": ["Required for card payments."]})
        user = self.context.get("user")
        if not (user and user.is_authenticated):
            # A guest has no account to reach them through: the kitchen or courier calls the phone.
            if not attrs.get("contact"):
                raise serializers.ValidationError({"contact": ["Guests give an e-mail and a phone to order."]})
            if not attrs["contact"].get("phone", "").strip():
                raise serializers.ValidationError({"contact": {"phone": ["Guests give a phone number to order."]}})
        return attrs


class StaffOrderFilterSerializer(serializers.Serializer):
    location = serializers.UUIDField(required=False)
    date = core_fields.DateField(required=False)
    fulfillment = serializers.ChoiceField(choices=Order.Fulfillment.choices, required=False)


MAX_DELAY_MINUTES = 240


class EtaFieldsSerializer(serializers.Serializer):
    estimated_ready_at = core_fields.DateTimeField(required=False, help_text="New estimated ready time (future).")
    estimated_delivery_at = core_fields.DateTimeField(
        required=False, help_text="New estimated delivery time (future; delivery orders only).")
    delay_minutes = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_DELAY_MINUTES,
        help_text="Push every estimate still ahead back by this much, from the old estimate or from now if it passed.")

    ETA_FIELDS = ("estimated_ready_at", "estimated_delivery_at", "delay_minutes")

    def validate(self, attrs):
        if "delay_minutes" in attrs and ({"estimated_ready_at", "estimated_delivery_at"} & attrs.keys()):
            raise serializers.ValidationError({"delay_minutes": ["Give either delay_minutes or new times, not both."]})
        return attrs

    def eta(self) -> services.Eta | None:
        data = self.validated_data
        if not any(name in data for name in self.ETA_FIELDS):
            return None
        return services.Eta(ready_at=data.get("estimated_ready_at"), delivery_at=data.get("estimated_delivery_at"),
                            delay_minutes=data.get("delay_minutes"))


class EtaRequestSerializer(EtaFieldsSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500,
                                   help_text="Why, shown on the order's timeline.")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not any(name in attrs for name in self.ETA_FIELDS):
            raise serializers.ValidationError(
                {"estimated_ready_at": ["Give estimated_ready_at, estimated_delivery_at or delay_minutes."]})
        return attrs


class TransitionRequestSerializer(EtaFieldsSerializer):
    to = serializers.CharField(max_length=30, help_text="The status to move to (see the state machine).")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs["to"] != states.Status.ACCEPTED and any(name in attrs for name in self.ETA_FIELDS):
            raise serializers.ValidationError({"to": ["Only accepting an order may carry an estimate."]})
        return attrs


# ---------------------------------------------------------------------------------------------
# Responses


class ModifierLineSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_cents = serializers.IntegerField()
    charged_cents = serializers.IntegerField(help_text="Per unit of the item, after the group's free quantity.")


class TotalsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    prices_include_tax = serializers.BooleanField()
    subtotal_cents = serializers.IntegerField()
    discount_cents = serializers.IntegerField()
    tax_cents = serializers.IntegerField()
    delivery_fee_cents = serializers.IntegerField()
    tip_cents = serializers.IntegerField()
    total_cents = serializers.IntegerField()


class QuoteLineSerializer(serializers.Serializer):
    item = serializers.CharField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_cents = serializers.IntegerField()
    modifiers = ModifierLineSerializer(many=True)
    modifiers_cents = serializers.IntegerField()
    tax_rate_bp = serializers.IntegerField(help_text="Basis points: 1900 = 19 %.")
    subtotal_cents = serializers.IntegerField()
    discount_cents = serializers.IntegerField()
    tax_cents = serializers.IntegerField()
    total_cents = serializers.IntegerField()
    note = serializers.CharField()


class QuoteSerializer(serializers.Serializer):
    location = serializers.CharField()
    fulfillment = serializers.CharField()
    lines = QuoteLineSerializer(many=True)
    totals = TotalsSerializer()
    delivery_zone = serializers.CharField(allow_null=True)
    promo_code = serializers.CharField(allow_blank=True)
    scheduled_for = serializers.DateTimeField(allow_null=True)
    estimated_ready_at = serializers.DateTimeField()

    @staticmethod
    def from_quote(quote: quotes.Quote) -> dict:
        t = quote.totals
        return {
            "location": str(quote.location.pk), "fulfillment": quote.cart.fulfillment,
            "lines": [{
                "item": str(p.line.item_id), "name": p.line.name, "quantity": p.line.quantity,
                "unit_price_cents": p.line.unit_price_cents,
                "modifiers": [m.snapshot() for m in p.line.modifiers],
                "modifiers_cents": p.line.modifiers_cents, "tax_rate_bp": p.line.tax_rate_bp,
                "subtotal_cents": p.subtotal_cents, "discount_cents": p.discount_cents, "tax_cents": p.tax_cents,
                "total_cents": p.total_cents, "note": p.line.note,
            } for p in t.lines],
            "totals": {"currency": quote.currency, "prices_include_tax": t.prices_include_tax, "subtotal_cents": t.subtotal_cents,
                       "discount_cents": t.discount_cents, "tax_cents": t.tax_cents, "delivery_fee_cents": t.delivery_fee_cents,
                       "tip_cents": t.tip_cents, "total_cents": t.total_cents},
            "delivery_zone": quote.zone.name if quote.zone else None,
            "promo_code": quote.promo.code if quote.promo else "",
            "scheduled_for": quote.scheduled_for, "estimated_ready_at": quote.estimated_ready_at,
        }


class OrderLineSerializer(serializers.ModelSerializer):
    modifiers = ModifierLineSerializer(many=True)

    class Meta:
        model = OrderLine
        fields = ["item_id", "name", "quantity", "unit_price_cents", "modifiers", "modifiers_cents", "tax_rate_bp",
                  "subtotal_cents", "discount_cents", "tax_cents", "total_cents", "note"]


class OrderEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["seq", "kind", "from_status", "to_status", "actor_role", "reason", "estimated_ready_at",
                  "estimated_delivery_at", "created"]


class OrderSerializer(serializers.ModelSerializer):
    """An order as its customer and the staff see it."""

    location = serializers.SerializerMethodField()
    lines = OrderLineSerializer(many=True, read_only=True)
    totals = serializers.SerializerMethodField()
    payment = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    delivery_address = serializers.SerializerMethodField()
    tracking_url = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "number", "status", "fulfillment", "location", "business_date", "scheduled_for",
                  "estimated_ready_at", "estimated_delivery_at", "created", "placed_at", "status_changed", "lines", "totals", "promo_code",
                  "payment", "contact", "delivery_address", "note", "tracking_token", "tracking_url"]

    @extend_schema_field(serializers.DictField(child=serializers.CharField(allow_null=True)))
    def get_location(self, order) -> dict:
        return {"id": str(order.location_id) if order.location_id else None, "name": order.location_name}

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, order) -> dict:
        return {"currency": order.currency, "prices_include_tax": order.prices_include_tax,
                "subtotal_cents": order.subtotal_cents, "discount_cents": order.discount_cents, "tax_cents": order.tax_cents,
                "delivery_fee_cents": order.delivery_fee_cents, "tip_cents": order.tip_cents, "total_cents": order.total_cents}

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_payment(self, order) -> dict:
        payment = getattr(order, "payment", None)
        return {"method": order.payment_method, "status": payment.status if payment else ""}

    @extend_schema_field(ContactSerializer)
    def get_contact(self, order) -> dict:
        return {"email": order.contact_email, "name": order.contact_name, "phone": order.contact_phone}

    @extend_schema_field(AddressSerializer(allow_null=True))  # the JSON column holds the checked address
    def get_delivery_address(self, order) -> dict | None:
        return order.delivery_address

    def get_tracking_url(self, order) -> str:
        request = self.context.get("request")
        return tracking_url(order, request.get_host() if request else None)


_datetime = serializers.DateTimeField().to_representation  # DRF's own formatting, without a serializer
_date = serializers.DateField().to_representation


def order_body(order: Order, *, host: str | None) -> dict:
    """Exactly `OrderSerializer(order).data`, built without DRF's per-instance field machinery.

    The checkout response: building a ModelSerializer with nested lines cost ~10 % of a
    checkout's CPU; this costs a tenth of that. `tests/orders/test_order_body.py` checks that
    the two agree for orders of every shape, so a field added to one and not the other fails.
    """
    payment = getattr(order, "payment", None)
    return {
        "id": str(order.id), "number": order.number, "status": order.status, "fulfillment": order.fulfillment,
        "location": {"id": str(order.location_id) if order.location_id else None, "name": order.location_name},
        "business_date": _date(order.business_date),
        "scheduled_for": _datetime(order.scheduled_for) if order.scheduled_for else None,
        "estimated_ready_at": _datetime(order.estimated_ready_at) if order.estimated_ready_at else None,
        "estimated_delivery_at": _datetime(order.estimated_delivery_at) if order.estimated_delivery_at else None,
        "created": _datetime(order.created),
        "placed_at": _datetime(order.placed_at) if order.placed_at else None,
        "status_changed": _datetime(order.status_changed),
        "lines": [{
            "item_id": str(line.item_id) if line.item_id else None, "name": line.name, "quantity": line.quantity,
            "unit_price_cents": line.unit_price_cents,
            "modifiers": [{"id": str(m["id"]), "name": str(m["name"]), "quantity": int(m["quantity"]),
                           "unit_price_cents": int(m["unit_price_cents"]), "charged_cents": int(m["charged_cents"])}
                          for m in line.modifiers],
            "modifiers_cents": line.modifiers_cents, "tax_rate_bp": line.tax_rate_bp,
            "subtotal_cents": line.subtotal_cents, "discount_cents": line.discount_cents, "tax_cents": line.tax_cents,
            "total_cents": line.total_cents, "note": line.note,
        } for line in order.lines.all()],
        "totals": {"currency": order.currency, "prices_include_tax": order.prices_include_tax,
                   "subtotal_cents": order.subtotal_cents, "discount_cents": order.discount_cents,
                   "tax_cents": order.tax_cents, "delivery_fee_cents": order.delivery_fee_cents,
                   "tip_cents": order.tip_cents, "total_cents": order.total_cents},
        "promo_code": order.promo_code,
        "payment": {"method": order.payment_method, "status": payment.status if payment else ""},
        "contact": {"email": order.contact_email, "name": order.contact_name, "phone": order.contact_phone},
        "delivery_address": order.delivery_address, "note": order.note, "tracking_token": order.tracking_token,
        "tracking_url": tracking_url(order, host),
    }


class StaffOrderSerializer(OrderSerializer):
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "allowed_transitions"]

    def get_allowed_transitions(self, order) -> list[str]:
        role = getattr(self.context.get("request").user, "role", "") if self.context.get("request") else ""
        return states.allowed_moves(order.status, order.fulfillment, role)

    @extend_schema_field(ContactSerializer)
    def get_contact(self, order) -> dict:
        contact = super().get_contact(order)
        if hasattr(order, "assigned_to_viewer"):  # a courier (selectors.within_reach_of): no e-mail, and
            contact["email"] = ""                   # whom to call only on their own run
            if not order.assigned_to_viewer:
                contact.update(name="", phone="")
        return contact


class StaffOrderDetailSerializer(StaffOrderSerializer):
    """One order for staff, with its events (status and ETA changes) in order."""

    events = OrderEventSerializer(many=True, read_only=True)

    class Meta(StaffOrderSerializer.Meta):
        fields = [*StaffOrderSerializer.Meta.fields, "events"]


class TrackingSerializer(serializers.ModelSerializer):
    """What the holder of a tracking link sees: no contact details, no address."""

    lines = OrderLineSerializer(many=True, read_only=True)
    events = OrderEventSerializer(many=True, read_only=True)
    total_cents = serializers.IntegerField()

    class Meta:
        model = Order
        fields = ["id", "number", "status", "fulfillment", "location_name", "scheduled_for", "estimated_ready_at",
                  "estimated_delivery_at", "placed_at", "status_changed", "lines", "currency", "total_cents", "events"]


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    capacity = serializers.IntegerField()
    available = serializers.IntegerField()


class SlotsQuerySerializer(serializers.Serializer):
    date = core_fields.DateField(required=False)


class SlotsSerializer(serializers.Serializer):
    location = serializers.CharField()
    date = serializers.DateField()
    timezone = serializers.CharField()
    slots = SlotSerializer(many=True)


class SavedAddressSerializer(serializers.ModelSerializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)

    class Meta:
        model = SavedAddress
        fields = ["id", "label", "line1", "line2", "city", "postcode", "lat", "lng", "instructions", "created"]
        read_only_fields = ["id", "created"]


class OrderingSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderingSettings
        fields = ["prices_include_tax", "tax_rate_standard_bp", "tax_rate_reduced_bp", "tax_rate_zero_bp", "slot_minutes",
                  "slot_capacity", "schedule_days_ahead", "board_amber_minutes", "board_red_minutes"]
        extra_kwargs = {
            "board_amber_minutes": {"min_value": 1, "max_value": 240,
                                    "help_text": "Kitchen board: a card turns amber this many minutes after reaching its column."},
            "board_red_minutes": {"min_value": 2, "max_value": 480,
                                  "help_text": "Kitchen board: a card turns red this many minutes after reaching its column."},
            "tax_rate_standard_bp": {"max_value": 10_000}, "tax_rate_reduced_bp": {"max_value": 10_000},
            "tax_rate_zero_bp": {"max_value": 10_000}, "slot_minutes": {"min_value": 5, "max_value": 120},
            "slot_capacity": {"min_value": 0, "max_value": 1000}, "schedule_days_ahead": {"min_value": 0, "max_value": 60},
        }


    def validate(self, attrs):
        amber = attrs.get("board_amber_minutes", getattr(self.instance, "board_amber_minutes", None))
        red = attrs.get("board_red_minutes", getattr(self.instance, "board_red_minutes", None))
        if amber is not None and red is not None and red <= amber:
            raise serializers.ValidationError({"board_red_minutes": ["Must be more than board_amber_minutes."]})
        return attrs


class BoardSettingsSerializer(serializers.ModelSerializer):
    """What every staff member's kitchen board reads of the brand's settings."""

    class Meta:
        model = OrderingSettings
        fields = ["board_amber_minutes", "board_red_minutes"]
        read_only_fields = fields


class PromoCodeSerializer(serializers.ModelSerializer):
    code = serializers.RegexField(r"^[A-Za-z0-9_-]{3,40}$", max_length=40)
    valid_from = core_fields.DateTimeField(required=False, allow_null=True)
    valid_until = core_fields.DateTimeField(required=False, allow_null=True)

    class Meta:
        model = PromoCode
        fields = ["id", "code", "kind", "value", "min_subtotal_cents", "valid_from", "valid_until", "max_uses",
                  "max_uses_per_customer", "is_active", "created"]
        read_only_fields = ["id", "created"]

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        value = attrs.get("value", getattr(self.instance, "value", 0))
        if kind == PromoCode.Kind.PERCENT and value > 10_000:
            raise serializers.ValidationError({"value": ["A percent value is in basis points: at most 10000 (100 %)."]})
        start = attrs.get("valid_from", getattr(self.instance, "valid_from", None))
        end = attrs.get("valid_until", getattr(self.instance, "valid_until", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"valid_until": ["Must be after valid_from."]})
        return attrs


class WebhookAckSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    applied = serializers.BooleanField()
