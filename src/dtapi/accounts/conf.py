"""Settings of the accounts app, read from the ``DTAPI`` dict with defaults.

from dtapi.accounts.conf import accounts_settings
accounts_settings.APIKEY_LOGIN_LIMIT_DAYS
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A key only works while its owner has logged in interactively within this many days
    # (staff users are exempt).
    "APIKEY_LOGIN_LIMIT_DAYS": 30,
    # A client that presents this many invalid keys within APIKEY_FAILURE_WINDOW seconds is
    # answered 429 until the window ends. Counted in the cache named APIKEY_THROTTLE_CACHE;
    # use a shared cache (not the per-process default) when running several workers.
    "APIKEY_FAILURE_LIMIT": 20,
    "APIKEY_FAILURE_WINDOW": 300,
    "APIKEY_THROTTLE_CACHE": "default",
}


class AccountsSettings:
    """Attribute access to ``settings.DTAPI`` for the keys in :data:`DEFAULTS`.

    Read on each access, so ``override_settings`` in tests takes effect at once.
    """

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"unknown DTAPI accounts setting {name!r}")
        return getattr(settings, "DTAPI", {}).get(name, DEFAULTS[name])


accounts_settings = AccountsSettings()
