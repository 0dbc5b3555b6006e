"""django-axes' check in front of the authentication backends, for requests only.

Axes refuses ``authenticate()`` calls that carry no request; those (``Client.login`` in tests,
a script in ``dtapi shell``) have no address to count and no login page to limit, so they pass.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginAttemptsBackend(AxesStandaloneBackend):
    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
