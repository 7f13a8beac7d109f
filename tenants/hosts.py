"""Which host names reach which tenant, and the URLs a tenant is reached at."""

import re

from django.conf import settings


def is_platform_host(hostname: str) -> bool:
    return hostname in settings.PLATFORM_HOSTS


def subdomain_for(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def tenant_url(domain: str) -> str:
    port = f":{settings.TENANT_URL_PORT}" if settings.TENANT_URL_PORT else ""
    return f"{settings.TENANT_URL_SCHEME}://{domain}{port}"


_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_host(host: str) -> str:
    """Lower case, no trailing dot, internationalised names in their ASCII (punycode) form."""
    host = (host or "").strip().lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def custom_domain_problem(host: str) -> str | None:
    """Why `host` (normalised) cannot be a brand's custom domain, or None when it can."""
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return "Use a full host name such as order.example.com."
    if labels[-1].isdigit():
        return "Use a host name, not an IP address."
    base = settings.BASE_DOMAIN.lower()
    if is_platform_host(host) or host == base or host.endswith(f".{base}"):
        return "That host name belongs to the platform."
    return None
