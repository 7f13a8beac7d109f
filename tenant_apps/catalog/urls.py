from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import views

router = SimpleRouter(trailing_slash=True)
router.register("manage/locations", views.LocationViewSet, basename="manage-location")
router.register("manage/delivery-zones", views.DeliveryZoneViewSet, basename="manage-delivery-zone")
router.register("manage/menus", views.MenuViewSet, basename="manage-menu")
router.register("manage/categories", views.CategoryViewSet, basename="manage-category")
router.register("manage/items", views.ItemViewSet, basename="manage-item")
router.register("manage/modifier-groups", views.ModifierGroupViewSet, basename="manage-modifier-group")
router.register("manage/modifiers", views.ModifierViewSet, basename="manage-modifier")

urlpatterns = [
    path("locations/", views.LocationListView.as_view(), name="locations"),
    path("locations/<uuid:location_id>/menu/", views.LocationMenuView.as_view(), name="location-menu"),
    path("locations/<uuid:location_id>/delivery-check/", views.DeliveryCheckView.as_view(), name="location-delivery-check"),
    *router.urls,
]
