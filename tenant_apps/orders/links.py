"""Links to an order that leave Brigade: the storefront's tracking page, in API responses and
e-mails. Its own module so that serializers and e-mails share it without importing Celery tasks."""

from django.db import connection
from django.http.request import split_domain_port

from tenants.hosts import tenant_url
from tenants.models import Domain

from .models import Order


def tracking_url(order: Order, host: str | None = None) -> str:
    """The storefront's tracking page of `order`, on `host` (a port in it is dropped: the URL
    carries the configured one, TENANT_URL_PORT) or the brand's primary domain."""
    if host is not None:
        host = split_domain_port(host)[0] or None
    if host is None:
        domain = Domain.objects.filter(tenant__schema_name=connection.schema_name, is_primary=True).first()
        if domain is None:
            return ""
        host = domain.domain
    return f"{tenant_url(host)}/track/{order.tracking_token}"
