"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real IETF data beside the project; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not available: {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _test_hosts(settings) -> None:
    # ALLOWED_HOSTS comes from DTAPI_BASE_URL (make exports a loopback one); the differential
    # clients name a host of their own, as a real server sees one (tests/reference/client.py).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "api.example.test"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # The default hasher costs about a second per user on a small machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Caches (the invalid-key throttle counts in them, the engine's detail objects) must not
    # carry state between tests: a rolled-back test database sends no signals.
    from django.core.cache import caches

    from dtapi.engine import detail_cache

    for cache in caches.all():
        cache.clear()
    detail_cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
    detail_cache.clear()
