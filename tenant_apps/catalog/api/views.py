"""The catalog API: the public storefront reads and the staff's `manage/` endpoints. Views are thin:
they validate, call one service or selector, and serialise."""

import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import User
from shared_apps.core.openapi import errors, paginated
from tenants.audit import actor_from_request

from .. import cache, rules, selectors, services
from ..errors import LocationNotFound, NotFoundHere
from ..models import Category, DeliveryZone, Item, Location, Menu, Modifier, ModifierGroup
from . import serializers as s

# --- public ----------------------------------------------------------------------------------


def _json(data) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def _etag_matches(request, *etags: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") in etags for tag in header.split(","))


def _accepts_gzip(request) -> bool:
    return any(part.split(";")[0].strip() == "gzip" and not part.replace(" ", "").endswith(";q=0")
               for part in request.headers.get("Accept-Encoding", "").split(","))


def _cached_response(request, entry: cache.Entry) -> HttpResponse:
    """200 with the cached body (pre-compressed when the client takes gzip), or 304 when the client
    already has it (If-None-Match). Each encoding has its own ETag, as RFC 9110 asks."""
    gzipped = bool(entry.gzip_body) and _accepts_gzip(request)
    etag = entry.etag[:-1] + '-gz"' if gzipped else entry.etag
    if _etag_matches(request, entry.etag, entry.etag[:-1] + '-gz"'):
        response = HttpResponse(status=304)
    elif gzipped:
        response = HttpResponse(entry.gzip_body, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry.body, content_type="application/json")
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "no-cache"  # clients may keep it, but revalidate each time (cheap: 304)
    return response


NOT_MODIFIED = OpenApiResponse(description="Not modified: the If-None-Match ETag is current.")
ETAG_PARAM = OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                              description="An ETag from an earlier response; 304 if it is still current.")


class LocationListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["storefront"], operation_id="locations_list", parameters=[ETAG_PARAM],
        responses={200: paginated(s.LocationPublicSerializer), 304: NOT_MODIFIED},
        description="The brand's active locations with hours, address, fulfilment and delivery settings, "
        "`open_now` at the time of the request. Every location in one page. Served from cache; ETag/304.",
    )
    def get(self, request):
        def build():
            now = timezone.now()
            results, valid_until = selectors.locations_list(now)
            body = {"count": len(results), "next": None, "previous": None, "results": results}
            return cache.make_entry(_json(body), valid_until)

        return _cached_response(request, cache.cached("locations", build))


class LocationMenuView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["storefront"], operation_id="location_menu_read", parameters=[ETAG_PARAM],
        responses={200: s.PublicMenuSerializer, 304: NOT_MODIFIED, **errors(404)},
        description="The whole current menu of a location at the time of the request: menus and categories on "
        "their schedules (local time), items with this location's prices and sold-out state, modifier groups "
        "and modifiers. Prices are integer minor units of `currency`. Served from a per-brand cache that any "
        "catalog change invalidates; a warm read does not touch the database. ETag/If-None-Match gives 304.",
    )
    def get(self, request, location_id):
        currency = request.tenant.currency

        def build():
            location = selectors.active_locations().filter(pk=location_id).first()
            if location is None:
                raise LocationNotFound()
            now = timezone.now()
            tree = selectors.location_menu_tree(location, now, currency=currency)
            return cache.make_entry(_json(tree.data), tree.valid_until)

        # The currency is part of the name: a brand that changes it must not get a tree priced in the old one.
        return _cached_response(request, cache.cached(f"menu:{location_id}:{currency}", build))


class DeliveryCheckView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["storefront"], operation_id="location_delivery_check", request=s.DeliveryCheckSerializer,
        responses={200: s.DeliveryCheckResultSerializer, **errors(400, 404)},
        description="Does this location deliver to the point? The first of its zones (in order) that contains "
        "the point gives the fee and the minimum order.",
    )
    def post(self, request, location_id):
        serializer = s.DeliveryCheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lat, lng = serializer.validated_data["lat"], serializer.validated_data["lng"]
        location = selectors.active_locations().filter(pk=location_id).first()
        if location is None:
            raise LocationNotFound()
        zone = selectors.delivery_zone_for(location, lat, lng) if location.delivery_enabled else None
        return Response({
            "deliverable": zone is not None,
            "zone": {"id": str(zone.id), "name": zone.name} if zone else None,
            "delivery_fee_cents": zone.fee_cents if zone else None,
            "minimum_order_cents": zone.min_order_cents if zone else None,
            "currency": request.tenant.currency,
            "distance_m": round(rules.distance_m(location.latitude, location.longitude, lat, lng)),
        })


# --- staff -----------------------------------------------------------------------------------


class IsCatalogManager(BasePermission):
    """Owners and managers edit the catalog; kitchen, courier and customers may not."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role in (User.Role.OWNER, User.Role.MANAGER))


class IsKitchenStaff(BasePermission):
    """What a kitchen does on the board during service: sell out ("86") and busy mode. Owners,
    managers and kitchen staff; couriers and customers may not."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role in (User.Role.OWNER, User.Role.MANAGER, User.Role.KITCHEN))


TAG = "manage-catalog"


def _filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.QUERY, required=False, description=description)


def crud_schema(resource: str, serializer, *, label: str, filters: tuple = ()):
    """Full documentation of the six CRUD operations of one staff resource."""
    return extend_schema_view(
        list=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_list", parameters=list(filters),
                           responses={200: serializer(many=True), **errors(400, 401, 403)},
                           description=f"List {label} (owner, manager)."),
        create=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_create", request=serializer,
                             responses={201: serializer, **errors(400, 401, 403)}, description=f"Create one of {label}."),
        retrieve=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_read",
                               responses={200: serializer, **errors(401, 403, 404)}, description=f"One of {label}."),
        update=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_update", request=serializer,
                             responses={200: serializer, **errors(400, 401, 403, 404)}, description=f"Replace one of {label}."),
        partial_update=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_partial_update", request=serializer,
                                     responses={200: serializer, **errors(400, 401, 403, 404)},
                                     description=f"Change fields of one of {label}."),
        destroy=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_delete",
                              responses={204: None, **errors(401, 403, 404)},
                              description=f"Delete one of {label} and everything under it."),
        reorder=extend_schema(tags=[TAG], operation_id=f"manage_{resource}_reorder", request=s.ReorderSerializer,
                              responses={204: None, **errors(400, 401, 403, 404)},
                              description=f"Put sibling {label} (same parent) in the given order; list every sibling once."),
    )


class ManageViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                    mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """CRUD through the services. Subclasses name the services and how to find an object's siblings."""

    permission_classes = [IsCatalogManager]
    filters: dict[str, str] = {}  # query parameter → field

    def get_queryset(self):
        queryset = self.queryset.all()
        if self.action == "list":
            for param, field in self.filters.items():
                value = self.request.query_params.get(param)
                if value:
                    try:
                        queryset = queryset.filter(**{field: uuid.UUID(value)})
                    except ValueError:
                        raise ValidationError({param: ["Not a valid id."]}) from None
        return queryset

    def perform_create(self, serializer):
        serializer.instance = self.create_object(dict(serializer.validated_data), actor=actor_from_request(self.request))

    def perform_update(self, serializer):
        serializer.instance = self.update_object(serializer.instance, dict(serializer.validated_data), actor=actor_from_request(self.request))

    def perform_destroy(self, instance):
        self.delete_object(instance, actor=actor_from_request(self.request))

    def siblings(self, obj):
        raise NotImplementedError

    @action(detail=False, methods=["post"])
    def reorder(self, request):
        serializer = s.ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["ids"]
        first = self.queryset.filter(pk=ids[0]).first()
        if first is None:
            raise NotFoundHere(f"No {self.queryset.model._meta.verbose_name} {ids[0]} here.")
        services.reorder(self.siblings(first), ids, actor=actor_from_request(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@crud_schema("locations", s.LocationSerializer, label="locations")
class LocationViewSet(ManageViewSet):
    queryset = Location.objects.all()
    serializer_class = s.LocationSerializer

    def create_object(self, data, *, actor):
        return services.create_location(actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        return services.update_location(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_location(obj, actor=actor)

    def siblings(self, obj):
        return Location.objects.all()

    @extend_schema(tags=[TAG], operation_id="manage_locations_busy", request=s.BusyModeSerializer,
                   responses={200: s.LocationSerializer, **errors(400, 401, 403, 404)},
                   description="Busy mode from the kitchen board (owner, manager, kitchen): `extra_time` adds "
                   "`busy_extra_minutes` (1-120) to quoted times, `paused` takes no new orders, `off`. Audited.")
    @action(detail=True, methods=["post"], permission_classes=[IsKitchenStaff])
    def busy(self, request, pk=None):
        location = self.get_object()
        serializer = s.BusyModeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        location = services.set_busy_mode(location, data["busy_mode"], extra_minutes=data["busy_extra_minutes"],
                                          actor=actor_from_request(request))
        return Response(s.LocationSerializer(location).data)


@crud_schema("delivery_zones", s.DeliveryZoneSerializer, label="delivery zones",
             filters=(_filter("location", "Only this location's zones."),))
class DeliveryZoneViewSet(ManageViewSet):
    queryset = DeliveryZone.objects.all()
    serializer_class = s.DeliveryZoneSerializer
    filters = {"location": "location_id"}

    def create_object(self, data, *, actor):
        return services.create_zone(data.pop("location"), actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        data.pop("location", None)
        return services.update_zone(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_zone(obj, actor=actor)

    def siblings(self, obj):
        return DeliveryZone.objects.filter(location_id=obj.location_id)


@crud_schema("menus", s.MenuSerializer, label="menus")
class MenuViewSet(ManageViewSet):
    queryset = Menu.objects.prefetch_related("locations")
    serializer_class = s.MenuSerializer

    def create_object(self, data, *, actor):
        return services.create_menu(actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        return services.update_menu(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_menu(obj, actor=actor)

    def siblings(self, obj):
        return Menu.objects.all()

    @extend_schema(tags=[TAG], operation_id="manage_menus_export", responses={200: s.MenuExportSerializer, **errors(401, 403, 404)},
                   description="The whole menu as JSON, in the shape of a menu of the public tree (base prices), "
                   "for `import` into this or another brand.")
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        return Response(selectors.menu_export(self.get_object()))

    @extend_schema(tags=[TAG], operation_id="manage_menus_import", request=s.MenuImportSerializer,
                   responses={201: s.MenuSerializer, **errors(400, 401, 403)},
                   description="Create a menu from an exported tree (ids in it are ignored), all or nothing, and "
                   "serve it at `locations`. To copy a menu to other locations, export it and import it with them.")
    @action(detail=False, methods=["post"], url_path="import")
    def import_(self, request):
        serializer = s.MenuImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        menu = services.import_menu(data, locations=data.pop("locations"), actor=actor_from_request(request))
        return Response(s.MenuSerializer(menu).data, status=status.HTTP_201_CREATED)


@crud_schema("categories", s.CategorySerializer, label="categories", filters=(_filter("menu", "Only this menu's categories."),))
class CategoryViewSet(ManageViewSet):
    queryset = Category.objects.all()
    serializer_class = s.CategorySerializer
    filters = {"menu": "menu_id"}

    def create_object(self, data, *, actor):
        return services.create_category(data.pop("menu"), actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        return services.update_category(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_category(obj, actor=actor)

    def siblings(self, obj):
        return Category.objects.filter(menu_id=obj.menu_id)


@crud_schema("items", s.ItemSerializer, label="items",
             filters=(_filter("category", "Only this category's items."), _filter("menu", "Only this menu's items.")))
class ItemViewSet(ManageViewSet):
    queryset = Item.objects.all()
    serializer_class = s.ItemSerializer
    filters = {"category": "category_id", "menu": "category__menu_id"}

    def create_object(self, data, *, actor):
        return services.create_item(data.pop("category"), actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        return services.update_item(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_item(obj, actor=actor)

    def siblings(self, obj):
        return Item.objects.filter(category_id=obj.category_id)

    @extend_schema(tags=[TAG], operation_id="manage_items_availability", request=s.AvailabilitySerializer,
                   responses={200: s.ItemSerializer, **errors(400, 401, 403, 404)},
                   description='Mark the item sold out ("86") or back, everywhere or at one `location`. With '
                   "`until`, it comes back by itself at that instant (evaluated on read; no job runs). Owner, "
                   "manager and kitchen (the board's 86).")
    @action(detail=True, methods=["post"], permission_classes=[IsKitchenStaff])
    def availability(self, request, pk=None):
        item = self.get_object()
        serializer = s.AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_item_availability(item, actor=actor_from_request(request), **serializer.validated_data)
        item.refresh_from_db()
        return Response(s.ItemSerializer(item).data)

    @extend_schema(tags=[TAG], operation_id="manage_items_price_override", request=s.PriceOverrideSerializer,
                   responses={200: s.PriceOverrideSerializer, **errors(400, 401, 403, 404)},
                   description="Set or clear (null) the item's price at one location.")
    @action(detail=True, methods=["post"], url_path="price-override")
    def price_override(self, request, pk=None):
        item = self.get_object()
        serializer = s.PriceOverrideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.set_price_override(item, data["location"], data["price_cents"], actor=actor_from_request(request))
        return Response(serializer.data)

    @extend_schema(tags=[TAG], operation_id="manage_items_bulk_price", request=s.BulkPriceSerializer,
                   responses={200: s.BulkPriceResultSerializer, **errors(400, 401, 403)},
                   description="Set many prices at once, all or nothing: base prices, or one location's overrides.")
    @action(detail=False, methods=["post"], url_path="bulk-price")
    def bulk_price(self, request):
        serializer = s.BulkPriceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changes = {change["item"]: change["price_cents"] for change in data["prices"]}
        updated = services.bulk_update_prices(changes, location=data.get("location"), actor=actor_from_request(request))
        return Response({"updated": updated})

    @extend_schema(tags=[TAG], operation_id="manage_items_image", request={"multipart/form-data": s.ImageUploadSerializer},
                   responses={200: s.ItemSerializer, **errors(400, 401, 403, 404)},
                   description="Upload the item's image: JPEG, PNG or WebP, at most 2 MB (multipart field `image`).")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def image(self, request, pk=None):
        item = self.get_object()
        serializer = s.ImageUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_item_image(item, serializer.validated_data["image"], actor=actor_from_request(request))
        return Response(s.ItemSerializer(item).data)


@crud_schema("modifier_groups", s.ModifierGroupSerializer, label="modifier groups",
             filters=(_filter("item", "Only this item's groups."), _filter("parent_modifier", "Only groups nested under this modifier.")))
class ModifierGroupViewSet(ManageViewSet):
    queryset = ModifierGroup.objects.all()
    serializer_class = s.ModifierGroupSerializer
    filters = {"item": "item_id", "parent_modifier": "parent_modifier_id"}

    def create_object(self, data, *, actor):
        return services.create_modifier_group(actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        data.pop("item", None)
        data.pop("parent_modifier", None)
        return services.update_modifier_group(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_modifier_group(obj, actor=actor)

    def siblings(self, obj):
        return ModifierGroup.objects.filter(item_id=obj.item_id, parent_modifier_id=obj.parent_modifier_id)


@crud_schema("modifiers", s.ModifierSerializer, label="modifiers", filters=(_filter("group", "Only this group's modifiers."),))
class ModifierViewSet(ManageViewSet):
    queryset = Modifier.objects.all()
    serializer_class = s.ModifierSerializer
    filters = {"group": "group_id"}

    def create_object(self, data, *, actor):
        return services.create_modifier(data.pop("group"), actor=actor, **data)

    def update_object(self, obj, data, *, actor):
        data.pop("group", None)
        return services.update_modifier(obj, actor=actor, **data)

    def delete_object(self, obj, *, actor):
        services.delete_modifier(obj, actor=actor)

    def siblings(self, obj):
        return Modifier.objects.filter(group_id=obj.group_id)

    @extend_schema(tags=[TAG], operation_id="manage_modifiers_availability", request=s.ModifierAvailabilitySerializer,
                   responses={200: s.ModifierSerializer, **errors(400, 401, 403, 404)},
                   description='Mark the modifier sold out ("86") or back, everywhere (owner, manager, kitchen).')
    @action(detail=True, methods=["post"], permission_classes=[IsKitchenStaff])
    def availability(self, request, pk=None):
        modifier = self.get_object()
        serializer = s.ModifierAvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_modifier_availability(modifier, available=serializer.validated_data["available"],
                                           actor=actor_from_request(request))
        return Response(s.ModifierSerializer(modifier).data)

