from rest_framework import status

from shared_apps.core.errors import DomainError


class ReportRangeTooLong(DomainError):
    code = "report_range_too_long"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "Ask for at most 93 days at a time."
