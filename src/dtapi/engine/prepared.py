"""Keyed queries: compiled to SQL by Django once, then re-run with new keys on a plain cursor.

Django compiles a queryset to SQL every time it runs (about 0.4 ms of CPU for a small query),
which for the to-many queries of a list page was a third of the page's Python time. Those
queries differ from one page to the next only in the keys of one ``__in`` filter, so a
:class:`KeyedQuery` lets Django compile it once per number of keys (the SQL has one placeholder
per key) and afterwards only executes that SQL. This is the one place the engine bypasses the
ORM for speed; it does so only when it can check that the SQL is reusable: the query's
parameters must be exactly the keys, in order, and no selected column may need a Python-side
conversion. Anything else runs through the ORM as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

Build = Callable[[list[Any]], QuerySet[Any]]

# Compiled statements kept per query: one per distinct page size, in practice a handful.
MAX_STATEMENTS = 32


class KeyedQuery:
    """``build(keys)`` is a ``values_list`` queryset filtered by ``<field>__in=keys``."""

    def __init__(self, model: type[Model], build: Build) -> None:
        self.model = model
        self.build = build
        # (database alias, number of keys) -> SQL, or None where the ORM must run the query
        self._statements: OrderedDict[tuple[str, int], str | None] = OrderedDict()

    def rows(self, keys: list[Any]) -> list[tuple[Any, ...]]:
        # Distinct and without None, as Django's ``__in`` makes them (its SQL has one
        # placeholder per remaining key).
        keys = [key for key in dict.fromkeys(keys) if key is not None]
        if not keys:
            return []
        alias = router.db_for_read(self.model)
        slot = (alias, len(keys))
        if slot not in self._statements:
            return self._compile(slot, keys)
        sql = self._statements[slot]
        if sql is None:
            return list(self.build(keys))
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, keys)
            return cursor.fetchall()

    def _compile(self, slot: tuple[str, int], keys: list[Any]) -> list[tuple[Any, ...]]:
        """Run the query through the ORM, and keep its SQL if it can be reused."""
        queryset = self.build(keys).using(slot[0])
        compiler = queryset.query.get_compiler(using=slot[0])
        sql, params = compiler.as_sql()
        reusable = list(params) == keys and not compiler.get_converters(
            [expression for expression, _, _ in compiler.select]
        )
        if len(self._statements) >= MAX_STATEMENTS:
            try:
                self._statements.popitem(last=False)
            except KeyError:  # emptied by another thread meanwhile
                pass
        self._statements[slot] = sql if reusable else None
        return [tuple(row) for row in queryset]
