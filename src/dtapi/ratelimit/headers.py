"""Response headers of a throttle: ``Retry-After`` (RFC 9110) and ``RateLimit-Policy`` /
``RateLimit`` as the IETF httpapi draft (draft-ietf-httpapi-ratelimit-headers) defines them:
Structured Field lists of named policies, ``q`` the quota, ``w`` the window in seconds, ``r``
what remains of the quota and ``t`` the seconds until it is restored."""

from __future__ import annotations

from .counters import Count


def rate_limit_headers(count: Count, *, refused: bool) -> dict[str, str]:
    policy = count.policy
    headers = {
        "RateLimit-Policy": f'"{policy.name}";q={policy.limit};w={policy.window}',
        "RateLimit": f'"{policy.name}";r={count.remaining};t={count.reset}',
    }
    if refused:
        headers["Retry-After"] = str(count.reset)
    return headers
