"""The address a request comes from, as throttles count it.

``REMOTE_ADDR`` (the peer of the connection) unless that peer is a reverse proxy named in
``settings.DTAPI_TRUSTED_PROXIES`` (addresses or networks): then the ``X-Forwarded-For`` header,
read from the right, skipping the trusted proxies, gives the client. Without the setting the
header is ignored: anyone can write it.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "DTAPI_TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The client's address (``"unknown"`` if there is none)."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        if not _valid(hop):
            break  # not written by a proxy we trust: the last trusted hop is the client
        client = hop
        if not _is_trusted(hop, networks):
            break
    return client


def login_client_address(request: HttpRequest) -> str | None:
    """django-axes' ``AXES_CLIENT_IP_CALLABLE``: the client's address, None if it is not one
    (axes stores it in an address column)."""
    address = client_address(request)
    return address if _valid(address) else None
