import re

import pycountry
from rest_framework import serializers

from .dns import record_name, record_value
from .models import Domain, Theme


class BrandColorsSerializer(serializers.Serializer):
    primary = serializers.CharField(help_text="#rrggbb")
    accent = serializers.CharField(help_text="#rrggbb")
    background = serializers.CharField(help_text="#rrggbb: the page")
    text = serializers.CharField(help_text="#rrggbb: body text on the background")


class BrandSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    logo_url = serializers.CharField(allow_null=True)
    colors = BrandColorsSerializer()
    font = serializers.ChoiceField(choices=Theme.Font.choices, help_text="The front end ships @fontsource/<font> for each.")
    font_family = serializers.CharField(help_text='CSS font-family of `font`, e.g. "Inter", system-ui, sans-serif')
    hero_text = serializers.CharField(allow_blank=True)
    locale = serializers.CharField(help_text="BCP 47 language tag of the storefront, e.g. de-DE")
    currency = serializers.CharField()
    timezone = serializers.CharField()
    status = serializers.CharField()
    accepts_orders = serializers.BooleanField(help_text="false while the brand is suspended or cancelled")
    realtime_url = serializers.CharField()


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class HexColorField(serializers.CharField):
    """#rgb or #rrggbb, stored as lower-case #rrggbb."""

    def __init__(self, **kwargs):
        super().__init__(max_length=7, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not _HEX.match(value):
            raise serializers.ValidationError("Use a hex colour such as #d9480f.")
        value = value.lower()
        if len(value) == 4:
            value = "#" + "".join(ch * 2 for ch in value[1:])
        return value


_LOCALE = re.compile(r"^([a-z]{2,3})(?:-([A-Z]{2}))?$")


class LocaleField(serializers.CharField):
    """A BCP 47 tag of a language and, optionally, a region: `it`, `de-DE`, `en-GB`."""

    def __init__(self, **kwargs):
        super().__init__(max_length=35, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        match = _LOCALE.match(value)
        if not match or not pycountry.languages.get(**{f"alpha_{len(match[1])}": match[1]}) or (
                match[2] and not pycountry.countries.get(alpha_2=match[2])):
            raise serializers.ValidationError("Use a language tag such as de-DE, en-GB or it.")
        return value


class ThemeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    primary_color = HexColorField(required=False)
    accent_color = HexColorField(required=False)
    background_color = HexColorField(required=False)
    text_color = HexColorField(required=False)
    locale = LocaleField(required=False)
    font = serializers.ChoiceField(choices=Theme.Font.choices, required=False)
    hero_text = serializers.CharField(max_length=280, required=False, allow_blank=True)
    logo = serializers.FileField(required=False, allow_null=True,
                                 help_text="PNG, JPEG, WebP or GIF; multipart upload. JSON null removes the logo.")


class TxtRecordSerializer(serializers.Serializer):
    name = serializers.CharField()
    value = serializers.CharField()


class DomainSerializer(serializers.ModelSerializer):
    verification_status = serializers.ChoiceField(choices=["pending", "verified"], read_only=True)
    txt_record = serializers.SerializerMethodField(help_text="Publish this TXT record to verify a custom domain.")

    class Meta:
        model = Domain
        fields = ["id", "domain", "is_primary", "is_custom", "verification_status", "verified_at", "txt_record", "created"]

    def get_txt_record(self, domain) -> TxtRecordSerializer(allow_null=True):
        if not domain.is_custom:
            return None
        return {"name": record_name(domain.domain), "value": record_value(domain.verification_token)}


class DomainCreateSerializer(serializers.Serializer):
    domain = serializers.CharField(max_length=253, help_text="A host name you control, e.g. order.example.com.")
