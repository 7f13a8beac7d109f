from django.urls import path

from .api import checkout, customer, manage, webhooks

urlpatterns = [
    path("orders/quote/", checkout.QuoteView.as_view(), name="orders-quote"),
    path("orders/", checkout.OrdersView.as_view(), name="orders"),
    path("orders/<uuid:order_id>/", customer.OrderDetailView.as_view(), name="order-detail"),
    path("orders/<uuid:order_id>/cancel/", customer.OrderCancelView.as_view(), name="order-cancel"),
    path("addresses/", customer.SavedAddressesView.as_view(), name="addresses"),
    path("addresses/<uuid:address_id>/", customer.SavedAddressDetailView.as_view(), name="address-detail"),
    path("track/<str:token>/", customer.TrackingView.as_view(), name="order-track"),
    path("locations/<uuid:location_id>/slots/", customer.SlotsView.as_view(), name="location-slots"),
    path("manage/orders/", manage.ManageOrdersView.as_view(), name="manage-orders"),
    path("manage/orders/<uuid:order_id>/", manage.ManageOrderDetailView.as_view(), name="manage-order-detail"),
    path("manage/orders/<uuid:order_id>/transition/", manage.ManageOrderTransitionView.as_view(),
         name="manage-order-transition"),
    path("manage/orders/<uuid:order_id>/eta/", manage.ManageOrderEtaView.as_view(), name="manage-order-eta"),
    path("manage/ordering-settings/", manage.OrderingSettingsView.as_view(), name="manage-ordering-settings"),
    path("manage/board-settings/", manage.BoardSettingsView.as_view(), name="manage-board-settings"),
    path("manage/promo-codes/", manage.PromoCodesView.as_view(), name="manage-promo-codes"),
    path("manage/promo-codes/<int:promo_id>/", manage.PromoCodeDetailView.as_view(), name="manage-promo-code-detail"),
    path("payments/webhooks/<str:provider>/", webhooks.PaymentWebhookView.as_view(), name="payments-webhook"),
]
