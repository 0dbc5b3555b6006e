"""System checks: the issuer is set (``oidc.E001``) and the ID-token keys load (``oidc.E002``)."""

from __future__ import annotations

from typing import Any

from django.core import checks

from dtapi.oidc import keys
from dtapi.oidc.issuer import issuer


@checks.register(checks.Tags.security)
def check_oidc(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    if not issuer().startswith(("https://", "http://")):
        problems.append(
            checks.Error(
                "The OpenID Connect issuer is not an absolute URL.",
                hint='Set DTAPI_BASE_URL; OAUTH2_PROVIDER["OIDC_ISS_ENDPOINT"] derives from it.',
                id="oidc.E001",
            )
        )
    for alg in keys.ALGORITHMS:
        try:
            keys.private_key(alg)
        except keys.KeyNotAvailable as exc:
            problems.append(
                checks.Error(
                    f"The OpenID Connect {alg} key is not available: {exc}",
                    hint="Run `dtapi oidc-key generate`, or set the key in the environment.",
                    id="oidc.E002",
                )
            )
    return problems
