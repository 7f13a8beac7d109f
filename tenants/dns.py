"""Proving a custom domain belongs to the brand: a DNS TXT record holding its token.

The owner publishes `brigade-verify=<token>` as a TXT record at `_brigade-verify.<domain>`.
`verify_domain` asks the resolver named by settings.DOMAIN_TXT_RESOLVER — a function
`(name) -> list[str]` — for that record. The default, `resolve_txt`, asks real DNS through
dnspython; tests and offline development point the setting at a function of their own
(the interface is that one function).
"""

from django.conf import settings
from django.utils.module_loading import import_string

RECORD_PREFIX = "_brigade-verify."
VALUE_PREFIX = "brigade-verify="


def record_name(domain: str) -> str:
    return f"{RECORD_PREFIX}{domain}"


def record_value(token: str) -> str:
    return f"{VALUE_PREFIX}{token}"


def resolve_txt(name: str) -> list[str]:
    """TXT strings published at `name`; [] when there are none or DNS cannot be reached."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=3.0)
    except (dns.exception.DNSException, OSError):
        return []
    return [b"".join(rdata.strings).decode("utf-8", "replace") for rdata in answer]


def txt_record_matches(domain: str, token: str) -> bool:
    resolver = import_string(settings.DOMAIN_TXT_RESOLVER)
    return record_value(token) in resolver(record_name(domain))
