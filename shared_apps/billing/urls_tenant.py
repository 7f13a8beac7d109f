"""Brand host: the owner's billing page."""

from django.urls import path

from .views import BillingView, InvoicePdfView

urlpatterns = [
    path("billing/", BillingView.as_view(), name="billing"),
    path("billing/invoices/<str:number>/pdf/", InvoicePdfView.as_view(), name="billing-invoice-pdf"),
]
