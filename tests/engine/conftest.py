"""Fixtures of the engine tests: the engine's URLs, a fresh cache, and the API client."""

from __future__ import annotations

import pytest

from dtapi.engine.conf import engine_settings


@pytest.fixture(autouse=True)
def _engine_urls(settings):
    settings.ROOT_URLCONF = f"{__package__}.urlconf"
    settings.DTAPI = {**getattr(settings, "DTAPI", {}), "GZIP": True}
    engine_settings.reload()
    yield
    engine_settings.reload()
