"""Fixtures shared by the differential and the fuzz tests (imported by their conftest.py)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The builder's data, in a transaction rolled back when the module is done."""
    from django.core.cache import cache
    from django.db import transaction

    from .builder import build

    with django_db_blocker.unblock():
        cache.clear()  # tastypie caches objects and related URIs in the default cache
        with transaction.atomic():
            refs = build()
            yield refs
            transaction.set_rollback(True)
        cache.clear()


def dtapi_urlconf() -> str | None:
    """The URLconf that serves dtapi's /api/v1/: the site's (``DTAPI_DIFF_URLCONF`` may name
    another); ``None`` when it does not serve /api/v1/ (then the tests that need dtapi skip)."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    urlconf = os.environ.get("DTAPI_DIFF_URLCONF") or settings.ROOT_URLCONF
    try:
        resolve("/api/v1/doc/document/", urlconf=urlconf)
    except Resolver404:
        return None
    return urlconf


@pytest.fixture(scope="module")
def reference(dataset):
    from tests.reference.client import reference_client

    return reference_client()


@pytest.fixture(scope="module")
def dtapi(dataset):
    urlconf = dtapi_urlconf()
    if urlconf is None:
        pytest.skip("dtapi's /api/v1/ is not mounted in the site's URLconf yet")
    from tests.reference.client import dtapi_client

    return dtapi_client(urlconf)
