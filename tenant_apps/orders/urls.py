from django.urls import path

from . import views

urlpatterns = [
    path("orders/quote/", views.QuoteView.as_view(), name="orders-quote"),
    path("orders/", views.OrdersView.as_view(), name="orders"),
    path("orders/<uuid:order_id>/", views.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<uuid:order_id>/cancel/", views.OrderCancelView.as_view(), name="order-cancel"),
    path("addresses/", views.SavedAddressesView.as_view(), name="addresses"),
    path("addresses/<uuid:address_id>/", views.SavedAddressDetailView.as_view(), name="address-detail"),
    path("track/<str:token>/", views.TrackingView.as_view(), name="order-track"),
    path("locations/<uuid:location_id>/slots/", views.SlotsView.as_view(), name="location-slots"),
    path("manage/orders/", views.ManageOrdersView.as_view(), name="manage-orders"),
    path("manage/orders/<uuid:order_id>/", views.ManageOrderDetailView.as_view(), name="manage-order-detail"),
    path("manage/orders/<uuid:order_id>/transition/", views.ManageOrderTransitionView.as_view(),
         name="manage-order-transition"),
    path("manage/orders/<uuid:order_id>/eta/", views.ManageOrderEtaView.as_view(), name="manage-order-eta"),
    path("manage/ordering-settings/", views.OrderingSettingsView.as_view(), name="manage-ordering-settings"),
    path("manage/promo-codes/", views.PromoCodesView.as_view(), name="manage-promo-codes"),
    path("manage/promo-codes/<int:promo_id>/", views.PromoCodeDetailView.as_view(), name="manage-promo-code-detail"),
    path("payments/webhooks/<str:provider>/", views.PaymentWebhookView.as_view(), name="payments-webhook"),
]
