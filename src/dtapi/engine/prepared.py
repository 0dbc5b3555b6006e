"""Queries compiled to SQL by Django once, then re-run with new keys on a plain cursor.

Django compiles a queryset to SQL every time it runs (about 0.4 ms of CPU for a small query,
over 1 ms for a document's detail columns), which for the to-many queries of a list page was
a third of the page's Python time, and most of an uncached detail's. These queries differ from
one request to the next only in their keys:

* :class:`KeyedQuery`: a to-many query, ``<field>__in=keys``; compiled once per number of
  keys (one placeholder per key); reused only if no selected column needs a conversion.
* :class:`OneKeyQuery`: a detail, ``<field>=key``; compiled once per database; the key is
  converted as the lookup converts it, and column converters are applied as Django does.

This is the one place the engine bypasses the ORM for speed. It does so only when it can check
that the SQL is reusable: the query's parameters must be exactly the keys, in order. Anything
else runs through the ORM as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Field, Model, QuerySet

Build = Callable[[list[Any]], QuerySet[Any]]
OneKeyBuild = Callable[[str], QuerySet[Any]]

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


class OneKeyQuery:
    """``build(key)`` is a ``values_list`` queryset filtered by ``<field>=key`` (a detail).

    Compiled once per database; afterwards the key is converted as the lookup converts it
    (``field.get_db_prep_value``) and the SQL re-run. Column converters (SQLite's datetimes)
    are kept from the compilation and applied to the raw rows as Django applies them.
    """

    def __init__(self, model: type[Model], field: Field[Any, Any], build: OneKeyBuild) -> None:
        self.model = model
        self.field = field
        self.build = build
        # database alias -> (SQL, converters by column), or None where the ORM must run it
        self._statements: dict[str, tuple[str, list[tuple[int, list[Any], Any]]] | None] = {}

    def bind(self, key: str) -> Callable[[], list[tuple[Any, ...]]]:
        """The query for ``key``, to be run; raises what ``filter()`` raises for a bad key."""
        alias = router.db_for_read(self.model)
        prepared = self._statements.get(alias, _UNKNOWN)
        if prepared is _UNKNOWN:
            queryset = self.build(key).using(alias)
            return lambda: self._compile(alias, key, queryset)
        if prepared is not None:
            connection = connections[alias]
            try:
                param = self.field.get_db_prep_value(key, connection, prepared=False)
            except Exception:  # the ORM's own error below, as filter() words it
                pass
            else:
                return lambda: self._execute(connection, *prepared, param)  # type: ignore[misc]
        queryset = self.build(key).using(alias)
        return lambda: [tuple(row) for row in queryset]

    @staticmethod
    def _execute(
        connection: Any, sql: str, converters: list[tuple[int, list[Any], Any]], param: Any
    ) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, [param])
            rows = cursor.fetchall()
        if not converters:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, functions, expression in converters:
                for function in functions:
                    values[index] = function(values[index], expression, connection)
            converted.append(tuple(values))
        return converted

    def _compile(self, alias: str, key: str, queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
        """Run the query through the ORM, and keep its SQL if it can be reused."""
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        self._statements[alias] = None
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # a resource that serves nothing (``.none()``): no SQL at all
            return []
        try:
            param = self.field.get_db_prep_value(key, connection, prepared=False)
        except Exception:  # this key is one the lookup refuses; the next one may be good
            del self._statements[alias]
            return [tuple(row) for row in queryset]
        if list(params) == [param]:
            converters = compiler.get_converters([expr for expr, _, _ in compiler.select])
            self._statements[alias] = (
                sql,
                [(index, fns, expr) for index, (fns, expr) in converters.items()],
            )
        return [tuple(row) for row in queryset]


_UNKNOWN: Any = object()
