"""The built-in vocabulary: name tables, document state machines and ballot types.

The facts (primary keys, names, order, ``used`` flags, extra columns and relations such as
``next_states``, ballot ``positions`` or a country's ``continent``) live in
``vocabulary.json`` beside this module. They follow the reference Datatracker's ``names``
fixture as of 2024 (2022 dump + 2023 delta + later additions such as the ``rfc`` document
type, state 177 ``rfc/published`` or ballot type 8 ``rsab-approve``). Descriptions (``desc``)
are not part of it: they stay empty until the real fixture is loaded.

:func:`install_vocabulary` upserts all of it. It is idempotent and works both with the real
models and with historical models inside a data migration::

    def forwards(apps, schema_editor):
        install_vocabulary(apps, using=schema_editor.connection.alias)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from django.apps import apps as global_apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

__all__ = ["install_vocabulary", "vocabulary"]

# Columns of the name tables that are only ever set by the real fixture.
_KEEP_ON_UPDATE = frozenset({"desc"})


@cache
def vocabulary() -> tuple[tuple[str, tuple[dict[str, Any], ...]], ...]:
    """The vocabulary as ``((model label, (row, ...)), ...)`` in installation order."""
    text = resources.files(__package__).joinpath("vocabulary.json").read_text(encoding="utf-8")
    return tuple((t["model"], tuple(t["rows"])) for t in json.loads(text)["models"])


def install_vocabulary(apps: Any = None, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Create or update every vocabulary row; return ``{model label: rows installed}``.

    ``apps`` is the app registry to take the models from: a migration's historical ``apps``,
    or ``None`` for the real models. Existing rows get the vocabulary's values for every
    column except ``desc``; many-to-many relations (``next_states``, ``positions``) are set
    to exactly the vocabulary's. Rows not in the vocabulary are left alone. For tables with
    integer keys the database sequence is moved past the installed ids.

    With historical models, tables and columns the migration state does not have yet are
    skipped (a later migration can call this again); with the real models they are an error.
    """
    historical = apps is not None
    registry = apps if historical else global_apps
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        loaded: list[tuple[type[models.Model], tuple[dict[str, Any], ...]]] = []
        for label, rows in vocabulary():
            try:
                model = registry.get_model(label)
            except LookupError:
                if historical:
                    continue
                raise
            if historical:
                rows = _known_columns(model, rows)
            _upsert_rows(model, rows, using)
            loaded.append((model, rows))
            counts[label] = len(rows)
        # Relations last: they may point at rows of any table (or later rows of the same one).
        for model, rows in loaded:
            for field in model._meta.many_to_many:
                if field.name in rows[0]:
                    _sync_m2m(model, field, rows, using)
        _reset_sequences([m for m, _ in loaded], using)
    return counts


def _known_columns(
    model: type[models.Model], rows: tuple[dict[str, Any], ...]
) -> tuple[dict[str, Any], ...]:
    """The rows without the keys ``model`` has no field for."""
    names = {f.name for f in model._meta.get_fields() if f.concrete}
    return tuple({k: v for k, v in row.items() if k in names} for row in rows)


def _column_values(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """Row values keyed by attribute name (``continent`` -> ``continent_id``), without M2M."""
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            continue
        values[field.attname] = value
    return values


def _upsert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], using: str) -> None:
    pk_attname = model._meta.pk.attname
    wanted = {}
    for row in rows:
        values = _column_values(model, row)
        wanted[values[pk_attname]] = values
    manager = model._base_manager.db_manager(using)
    existing = manager.in_bulk(list(wanted))
    to_create = [model(**values) for pk, values in wanted.items() if pk not in existing]
    to_update = []
    update_fields: set[str] = set()
    for pk, obj in existing.items():
        changed = False
        for attname, value in wanted[pk].items():
            if attname == pk_attname or attname in _KEEP_ON_UPDATE:
                continue
            if getattr(obj, attname) != value:
                setattr(obj, attname, value)
                update_fields.add(attname)
                changed = True
        if changed:
            to_update.append(obj)
    if to_create:
        manager.bulk_create(to_create)
    if to_update:
        manager.bulk_update(to_update, sorted(update_fields))


def _sync_m2m(
    model: type[models.Model],
    field: models.ManyToManyField,
    rows: Iterable[dict[str, Any]],
    using: str,
) -> None:
    """Make the links of ``field`` for the vocabulary rows exactly those listed."""
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    source_col = through._meta.get_field(source).attname
    target_col = through._meta.get_field(target).attname
    pk_name = model._meta.pk.name
    wanted = {(row[pk_name], t) for row in rows for t in row[field.name]}
    owners = {row[pk_name] for row in rows}
    links = through._base_manager.db_manager(using)
    current = set(links.filter(**{f"{source_col}__in": owners}).values_list(source_col, target_col))
    extra = current - wanted
    for owner, other in extra:
        links.filter(**{source_col: owner, target_col: other}).delete()
    missing = sorted(wanted - current)
    if missing:
        links.bulk_create([through(**{source_col: s, target_col: t}) for s, t in missing])


def _reset_sequences(model_list: list[type[models.Model]], using: str) -> None:
    """Move integer primary key sequences past explicitly inserted ids (PostgreSQL etc.)."""
    with_auto_pk = [m for m in model_list if isinstance(m._meta.pk, models.AutoField)]
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), with_auto_pk)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
