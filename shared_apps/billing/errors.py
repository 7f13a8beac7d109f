from rest_framework import status

from shared_apps.core.errors import DomainError


class UnknownPlan(DomainError):
    code = "unknown_plan"
    detail = "There is no such plan."


class PlanLimitReached(DomainError):
    code = "plan_limit"
    status_code = status.HTTP_403_FORBIDDEN
    detail = "Your plan's limit is reached; upgrade the plan to add more."


class SamePlan(DomainError):
    code = "same_plan"
    status_code = status.HTTP_409_CONFLICT
    detail = "The subscription is already on that plan."


class NoSubscription(DomainError):
    code = "no_subscription"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "This brand has no subscription."


class UnknownInvoice(DomainError):
    code = "unknown_invoice"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "There is no such invoice."
