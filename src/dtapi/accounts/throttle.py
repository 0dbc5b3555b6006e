"""Refuse, for a while, clients that keep presenting invalid API keys.

Each invalid key counts one for the client's address (:func:`dtapi.ratelimit.clients.
client_address`) in a fixed window of ``APIKEY_FAILURE_WINDOW`` seconds, with an atomic
increment in the store every worker and node shares (:mod:`dtapi.ratelimit.counters`). Past
``APIKEY_FAILURE_LIMIT`` invalid keys in the window, invalid keys are answered 429 (with
``Retry-After`` and the RateLimit headers) until it ends. A valid key is never refused: people
behind the same address (a proxy, a NAT) are not locked out by someone else's mistakes.
"""

from __future__ import annotations

from django.http import HttpRequest

from dtapi.accounts.conf import accounts_settings
from dtapi.ratelimit.clients import client_address
from dtapi.ratelimit.counters import Count, Policy, hit

__all__ = ["policy", "record_failure"]


def policy() -> Policy:
    return Policy(
        "apikey-failures",
        int(accounts_settings.APIKEY_FAILURE_LIMIT),
        int(accounts_settings.APIKEY_FAILURE_WINDOW),
    )


def record_failure(request: HttpRequest) -> Count:
    """Count one invalid key presented by the client; its count in the window, this one included."""
    return hit(policy(), client_address(request))
