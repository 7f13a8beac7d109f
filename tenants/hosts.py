"""Which host names reach which tenant, and the URLs a tenant is reached at."""

from django.conf import settings


def is_platform_host(hostname: str) -> bool:
    return hostname in settings.PLATFORM_HOSTS


def subdomain_for(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def tenant_url(domain: str) -> str:
    port = f":{settings.TENANT_URL_PORT}" if settings.TENANT_URL_PORT else ""
    return f"{settings.TENANT_URL_SCHEME}://{domain}{port}"
