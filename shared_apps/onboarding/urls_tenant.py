"""Brand host, under /api/v1/manage/: the owner's team."""

from django.urls import path

from .views import StaffDetailView, StaffListView

urlpatterns = [
    path("staff/", StaffListView.as_view(), name="manage-staff"),
    path("staff/<uuid:user_id>/", StaffDetailView.as_view(), name="manage-staff-member"),
]
