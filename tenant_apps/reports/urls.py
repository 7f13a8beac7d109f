from django.urls import path

from .views import DailyReportsView

urlpatterns = [
    path("manage/reports/daily/", DailyReportsView.as_view(), name="manage-reports-daily"),
]
