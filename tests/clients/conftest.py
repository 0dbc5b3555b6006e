"""Fixtures of the client tests."""

from __future__ import annotations

import pytest

from tests.walk.database import filled_database


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    """Every model with at least one row (see tests/walk), for the tests of a module."""
    with filled_database(django_db_blocker) as data:
        yield data
