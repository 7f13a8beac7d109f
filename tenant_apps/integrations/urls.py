from django.urls import path

from .api import views

urlpatterns = [
    path("manage/api-keys/", views.ApiKeyListView.as_view(), name="manage-api-keys"),
    path("manage/api-keys/<uuid:key_id>/", views.ApiKeyDetailView.as_view(), name="manage-api-key"),
    path("manage/api-keys/<uuid:key_id>/revoke/", views.ApiKeyRevokeView.as_view(), name="manage-api-key-revoke"),
    path("manage/webhooks/", views.EndpointListView.as_view(), name="manage-webhooks"),
    path("manage/webhooks/<uuid:endpoint_id>/", views.EndpointDetailView.as_view(), name="manage-webhook"),
    path("manage/webhooks/<uuid:endpoint_id>/rotate-secret/", views.EndpointRotateView.as_view(),
         name="manage-webhook-rotate"),
    path("manage/webhooks/<uuid:endpoint_id>/test/", views.EndpointTestView.as_view(), name="manage-webhook-test"),
    path("manage/webhooks/<uuid:endpoint_id>/redeliver/", views.EndpointRedeliverView.as_view(),
         name="manage-webhook-redeliver"),
    path("manage/webhooks/<uuid:endpoint_id>/deliveries/", views.DeliveryListView.as_view(),
         name="manage-webhook-deliveries"),
    path("manage/webhooks/<uuid:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
         views.DeliveryRedeliverView.as_view(), name="manage-webhook-delivery-redeliver"),
]
