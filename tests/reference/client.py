"""Test clients that send a request to one server of the comparison, in one process.

:func:`reference_client` talks to the tastypie reference (its URLconf and the original's
middleware stack), :func:`dtapi_client` to dtapi (its own URLconf and middleware). Both:

* report errors as responses (``raise_request_exception=False``), as a server would;
* use a server name other than ``testserver`` -- tastypie re-raises exceptions for that name
  instead of answering 500 as it does in production;
* enforce CSRF checks, as a real server does.
"""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings
from django.test.client import ClientHandler

from .middleware import reference_middleware

SERVER_NAME = "api.example.test"


class _Handler(ClientHandler):
    """A client handler with its own middleware stack and URLconf."""

    def __init__(self, middleware: list[str], urlconf: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._stack = middleware
        self._urlconf = urlconf

    def load_middleware(self, is_async: bool = False) -> None:
        with override_settings(MIDDLEWARE=self._stack):
            super().load_middleware(is_async)

    def get_response(self, request: Any) -> Any:
        request.urlconf = self._urlconf
        return super().get_response(request)


class ServerClient(Client):
    def __init__(self, urlconf: str, middleware: list[str], **defaults: Any) -> None:
        defaults.setdefault("SERVER_NAME", SERVER_NAME)
        super().__init__(enforce_csrf_checks=True, raise_request_exception=False, **defaults)
        self.urlconf = urlconf
        self.handler = _Handler(middleware, urlconf, enforce_csrf_checks=True)


def reference_client(variant: str = "original", **defaults: Any) -> ServerClient:
    urlconf = "tests.reference.urls" if variant == "original" else "tests.reference.urls_optimized"
    return ServerClient(urlconf, reference_middleware(), **defaults)


def dtapi_client(urlconf: str | None = None, **defaults: Any) -> ServerClient:
    from django.conf import settings

    return ServerClient(urlconf or settings.ROOT_URLCONF, list(settings.MIDDLEWARE), **defaults)
