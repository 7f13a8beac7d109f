from django.urls import path

from . import views

urlpatterns = [
    path("account/data/", views.CustomerDataView.as_view(), name="account-data"),
    path("account/delete/", views.AccountDeleteView.as_view(), name="account-delete"),
    path("manage/exports/", views.BrandExportsView.as_view(), name="brand-exports"),
    path("manage/exports/<uuid:export_id>/", views.BrandExportDetailView.as_view(), name="brand-export"),
    path("manage/exports/<uuid:export_id>/download/", views.BrandExportDownloadView.as_view(), name="brand-export-download"),
    path("manage/brand/close/", views.BrandCloseView.as_view(), name="brand-close"),
]
