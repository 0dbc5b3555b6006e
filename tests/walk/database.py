"""A database with a row in every table: the filler's generic rows plus realistic objects,
made inside a transaction that is rolled back afterwards (for module-scoped fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

from dtapi.engine.registry import api_app_configs

from .filler import Filler
from .realistic import make_realistic_objects


class _Rollback(Exception):
    pass


def api_models() -> list[type[models.Model]]:
    return [model for config in api_app_configs() for model in config.get_models()]


@contextmanager
def filled_database(django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Yields ``{"filler": Filler, "realistic": {name: object}}``; everything is rolled back
    on exit."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                filler = Filler()
                filler.fill(api_models())
                filler.link()
                realistic = make_realistic_objects()
                # Deferred foreign keys are checked at commit, which never comes: check now.
                connection.check_constraints()
                yield {"filler": filler, "realistic": realistic}
                raise _Rollback
        except _Rollback:
            pass
