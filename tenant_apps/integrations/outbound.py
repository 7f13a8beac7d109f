"""HTTP requests to addresses integrators give us, which must never reach our own network (SSRF).

The check sits where the connection is opened (an httpcore network backend): the name is resolved
once, every address it resolves to must be public, and the socket connects to the address that
was checked — so a name that resolves to loopback and a DNS answer that changes between a check
and the connect (rebinding) are both covered. Redirects are not followed: a 3xx is a failed attempt
(retried), as with Stripe's and Svix's webhooks; following one would forward the signature headers
to another origin, or from https to http.
TLS still verifies the certificate against the URL's host name: httpcore takes that from the URL,
not from the address connected to.

`WEBHOOK_ALLOWED_TARGETS` lets named non-public addresses through ("127.0.0.1:8123" one port,
"10.1.0.0/16" a network), for development and for the tests' own receiver; empty in production.
"""

import ipaddress
import os
import socket
import ssl
import time
from dataclasses import dataclass

import certifi
import httpcore
import httpx
from django.conf import settings

RESPONSE_KEEP_BYTES = 4096


class BlockedAddress(httpcore.ConnectError):
    """The destination is not a public address."""


def _allowed_targets() -> list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, int | None]]:
    """WEBHOOK_ALLOWED_TARGETS as (network, port or None): "10.1.0.0/16", "127.0.0.1:8123", "[::1]:8123"."""
    targets = []
    for entry in settings.WEBHOOK_ALLOWED_TARGETS:
        if "/" in entry:
            targets.append((ipaddress.ip_network(entry), None))
        else:
            address, _, port = entry.rpartition(":")
            targets.append((ipaddress.ip_network(address.strip("[]")), int(port)))
    return targets


def address_allowed(ip: str, port: int) -> bool:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_global and not address.is_multicast:
        return True
    return any(address in network and allowed_port in (None, port) for network, allowed_port in _allowed_targets())


def resolve_public(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, if all of them may be reached; BlockedAddress if not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    blocked = [a for a in addresses if not address_allowed(a, port)]
    if blocked:
        raise BlockedAddress(f"blocked_address: {host} resolves to {blocked[0]}, which is not a public address")
    return addresses


class _GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve_public(host, port)
        return super().connect_tcp(addresses[0], port, timeout=timeout, local_address=local_address,
                                   socket_options=socket_options)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self):
        context = ssl.create_default_context(cafile=certifi.where())
        super().__init__(verify=context)
        # httpx has no parameter for the network backend, so its pool is replaced by one with ours
        # (and no proxy: a proxy would open the connection instead of us, unchecked).
        self._pool = httpcore.ConnectionPool(ssl_context=context, network_backend=_GuardedBackend(),
                                             max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)


_clients: dict[int, httpx.Client] = {}


def _client() -> httpx.Client:
    """One client per process (made after a fork), so connections to a receiver are kept alive
    between deliveries; each new connection is checked where it is opened."""
    pid = os.getpid()
    if pid not in _clients:
        _clients[pid] = httpx.Client(transport=_GuardedTransport(), follow_redirects=False, trust_env=False)
    return _clients[pid]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    body: str = ""
    error: str = ""
    retry_after: float | None = None


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Outcome:
    """POST once (a redirect is an answer, not followed); never raises for the network."""
    started = time.monotonic()
    try:
        with _client().stream("POST", url, content=body, headers=headers, timeout=timeout) as response:
            kept = b""
            for chunk in response.iter_raw():
                kept += chunk
                if len(kept) >= RESPONSE_KEEP_BYTES:
                    break
            return Outcome(response.status_code, _ms_since(started), kept[:RESPONSE_KEEP_BYTES].decode("utf-8", "replace"),
                           retry_after=_retry_after(response.headers.get("retry-after")))
    except httpx.HTTPError as exc:
        return Outcome(None, _ms_since(started), error=f"{type(exc).__name__}: {exc}"[:300])


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delay-seconds form; an HTTP date is not honoured)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
