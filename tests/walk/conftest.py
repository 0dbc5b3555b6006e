"""Fixtures of the walk: a database with a row in every table, for the tests of a module."""

from __future__ import annotations

import pytest

from .database import filled_database


@pytest.fixture(scope="module")
def filled(django_db_setup, django_db_blocker):
    with filled_database(django_db_blocker) as data:
        yield data
