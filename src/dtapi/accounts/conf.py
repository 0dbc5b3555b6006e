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
    # A client address that presents more than this many invalid keys within a window of
    # APIKEY_FAILURE_WINDOW seconds has its invalid keys answered 429 until the window ends
    # (valid keys still work). Counted in the shared store of dtapi.ratelimit.counters.
    "APIKEY_FAILURE_LIMIT": 20,
    "APIKEY_FAILURE_WINDOW": 300,
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
