"""Writing many model rows fast: COPY on PostgreSQL, ``executemany`` elsewhere.

A row is given as keyword arguments by attribute name (``doc_id=...``), its primary key
included: the generator numbers rows itself, so related rows can point at each other before
anything is written. A writer fills one model's *own* table (``local_concrete_fields``): a
multi-table child (``BallotDocEvent``) is written as two rows, its parent's and its own, by two
writers. Columns not given take the field's default, so no column list is kept by hand.
Building rows as tuples rather than model instances keeps 10^6 events to seconds of Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models


class TableWriter:
    """Buffers rows of one model's table and writes them in batches."""

    def __init__(self, model: type[models.Model], batch: int = 20_000) -> None:
        self.model = model
        self.fields = list(model._meta.local_concrete_fields)
        self.table = model._meta.db_table
        self.batch = batch
        self.pending: list[tuple[Any, ...]] = []
        self.attnames = [f.attname for f in self.fields]
        self.defaults = {f.attname: None if f.primary_key else f.get_default() for f in self.fields}
        # Values psycopg cannot take as they are (JSON) are prepared by their field; SQLite
        # needs every value prepared (its datetimes are text in Django's own format).
        self.prepared = [
            (i, f)
            for i, f in enumerate(self.fields)
            if connection.vendor != "postgresql" or isinstance(f, models.JSONField)
        ]
        self.written = 0
        quote = connection.ops.quote_name
        self.columns = ", ".join(quote(f.column) for f in self.fields)

    def add(self, **values: Any) -> None:
        defaults = self.defaults
        if not self.pending and not self.written:  # a misspelt column fails loudly, once
            unknown = set(values) - set(defaults)
            if unknown:
                raise TypeError(f"{self.table}: no column {sorted(unknown)}")
        self.pending.append(tuple([values.get(a, defaults[a]) for a in self.attnames]))
        if len(self.pending) >= self.batch:
            self.flush()

    def _rows(self) -> Iterable[tuple[Any, ...]]:
        if not self.prepared:
            yield from self.pending
            return
        for row in self.pending:
            values = list(row)
            for i, f in self.prepared:
                values[i] = f.get_db_prep_save(values[i], connection)
            yield tuple(values)

    def flush(self) -> None:
        if not self.pending:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                sql = f"COPY {quote(self.table)} ({self.columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in self._rows():
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                sql = f"INSERT INTO {quote(self.table)} ({self.columns}) VALUES ({marks})"
                cursor.executemany(sql, list(self._rows()))
        self.written += len(self.pending)
        self.pending = []


def next_id(model: type[models.Model]) -> int:
    """The first free integer primary key of ``model``'s table."""
    top = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (top or 0) + 1


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """Move the id sequences past the ids written explicitly (PostgreSQL needs it; SQLite's
    AUTOINCREMENT-less rowids follow the largest id by themselves)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
