from django.urls import path

from . import views

urlpatterns = [
    path("tenants/", views.TenantListView.as_view(), name="admin-tenants"),
    path("tenants/<slug:slug>/", views.TenantDetailView.as_view(), name="admin-tenant"),
    path("tenants/<slug:slug>/suspend/", views.SuspendView.as_view(), name="admin-tenant-suspend"),
    path("tenants/<slug:slug>/reactivate/", views.ReactivateView.as_view(), name="admin-tenant-reactivate"),
    path("tenants/<slug:slug>/cancel/", views.CancelView.as_view(), name="admin-tenant-cancel"),
    path("tenants/<slug:slug>/impersonate/", views.ImpersonateView.as_view(), name="admin-tenant-impersonate"),
    path("overview/", views.OverviewView.as_view(), name="admin-overview"),
    path("audit/", views.AuditListView.as_view(), name="admin-audit"),
    path("invoices/", views.InvoiceListView.as_view(), name="admin-invoices"),
    path("invoices/<str:number>/paid/", views.InvoicePaidView.as_view(), name="admin-invoice-paid"),
    path("invoices/<str:number>/pdf/", views.InvoicePdfView.as_view(), name="admin-invoice-pdf"),
    path("schedules/", views.ScheduleListView.as_view(), name="admin-schedules"),
]
