"""Batched, idempotent writes: upsert rows by primary key (or another unique key).

:class:`TableWriter` buffers rows (``{attname: python value}``) per model and writes each
batch with one ``INSERT ... ON CONFLICT (key) DO UPDATE`` statement, which SQLite and
PostgreSQL both support. It writes only the model's *own* table, so a multi-table-inheritance
child (``ChangeStateGroupEvent``) is loaded into its table alone, as in a ``dumpdata`` file
where the parent row is a record of its own. Re-loading the same rows rewrites them with the
same values: nothing is duplicated.

Many-to-many values are *set* (not added): after a batch, the link rows of its objects are
made equal to the given lists, touching only the differences.

:func:`check_foreign_keys` finds rows whose foreign key points nowhere, so that a loader can
name the record instead of letting the commit fail with a database message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connections, models
from django.db.models.constants import OnConflict

from dtapi.loaders.base import LoadError
from dtapi.loaders.chunks import BATCH_SIZE, chunked


def own_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete columns of the model's own table (for a child: ptr + local fields)."""
    return [f for f in model._meta.local_concrete_fields]


class _Batch:
    __slots__ = ("model", "fields", "key", "update", "rows", "m2m", "hooks")

    def __init__(self, model, fields, key, update, hooks):
        self.model = model
        self.fields = fields  # list of model fields written
        self.key = key  # tuple of model fields: the conflict target
        self.update = update  # list of model fields updated on conflict
        self.rows: dict = {}  # key value -> row dict (last one wins)
        self.m2m: dict = {}  # (field name, pk) -> list of target pks
        self.hooks = hooks


class TableWriter:
    """Buffers and upserts rows, per model and set of columns."""

    def __init__(self, using: str = "default", batch_size: int = BATCH_SIZE) -> None:
        self.using = using
        self.connection = connections[using]
        self.batch_size = batch_size
        self._batches: dict = {}
        self.touched: set[type[models.Model]] = set()  # models whose tables were written
        self.explicit_pk: set[type[models.Model]] = set()  # models given explicit ids
        self.written: dict[str, int] = {}  # model label -> rows written
        self._after_flush: dict[type[models.Model], list[Callable]] = {}
        self._updates: dict = {}

    # --- hooks -----------------------------------------------------------------------------

    def after_flush(self, model: type[models.Model], hook: Callable[[list[dict]], None]) -> None:
        """Call ``hook(rows)`` after every batch of ``model`` rows is written."""
        self._after_flush.setdefault(model, []).append(hook)

    # --- adding rows -------------------------------------------------------------------------

    def add(
        self,
        model: type[models.Model],
        row: dict,
        *,
        key: tuple[str, ...] = ("pk",),
        update: Iterable[str] | None = None,
        m2m: dict[str, list] | None = None,
    ) -> None:
        """Queue ``row`` (attname -> value) for an upsert on ``key``.

        ``update``: the field names to overwrite when the row exists (default: every field
        in ``row`` except the key). Fields missing from ``row`` get their defaults on insert
        and are left alone on update.
        """
        opts = model._meta
        key_fields = tuple(opts.pk if k == "pk" else opts.get_field(k) for k in key)
        columns = tuple(sorted(row))
        update_names = tuple(sorted(update)) if update is not None else tuple(c for c in columns)
        sig = (model, columns, tuple(f.attname for f in key_fields), update_names)
        batch = self._batches.get(sig)
        if batch is None:
            by_attname = {f.attname: f for f in own_fields(model)}
            fields = []
            for name in columns:
                if name not in by_attname:
                    raise KeyError(f"{opts.label} has no column {name!r} in its own table")
                fields.append(by_attname[name])
            # Columns not given in the row are inserted with their defaults (auto ids aside).
            fields.extend(
                f
                for f in own_fields(model)
                if f.attname not in row and not isinstance(f, models.AutoField)
            )
            key_attnames = {f.attname for f in key_fields}
            upd = [
                by_attname[name]
                for name in update_names
                if name in by_attname and name not in key_attnames
            ]
            batch = _Batch(model, fields, key_fields, upd, self._after_flush.get(model, []))
            self._batches[sig] = batch
        for f in batch.fields:
            if f.attname not in row:
                row[f.attname] = f.get_default()
        key_value = tuple(row.get(f.attname) for f in batch.key)
        if opts.pk in batch.key and row.get(opts.pk.attname) is not None:
            self.explicit_pk.add(model)
        batch.rows[key_value] = row
        if m2m:
            pk = row[opts.pk.attname]
            for name, targets in m2m.items():
                batch.m2m[(name, pk)] = targets
        if len(batch.rows) >= self.batch_size:
            self._flush_batch(batch)

    def update(self, model: type[models.Model], pk, values: dict) -> None:
        """Queue an UPDATE of existing row ``pk`` (``values``: attname -> value)."""
        sig = ("update", model, tuple(sorted(values)))
        pending = self._updates.setdefault(sig, {})
        pending[pk] = values
        if len(pending) >= self.batch_size:
            self._flush_updates(sig)

    def _flush_updates(self, sig) -> None:
        pending = self._updates.pop(sig, None)
        if not pending:
            return
        _, model, names = sig
        objs = []
        for pk, values in pending.items():
            obj = model(pk=pk)
            for name, value in values.items():
                setattr(obj, name, value)
            objs.append(obj)
        model._base_manager.using(self.using).bulk_update(
            objs, [_field_name(model, n) for n in names], batch_size=self.batch_size
        )
        self.touched.add(model)

    # --- writing -------------------------------------------------------------------------------

    def flush(self, model: type[models.Model] | None = None) -> None:
        """Write everything queued (for one model, or all)."""
        for batch in list(self._batches.values()):
            if model is None or batch.model is model:
                self._flush_batch(batch)
        for sig in list(self._updates):
            if model is None or sig[1] is model:
                self._flush_updates(sig)

    def _flush_batch(self, batch: _Batch) -> None:
        if not batch.rows and not batch.m2m:
            return
        rows = list(batch.rows.values())
        batch.rows = {}
        model = batch.model
        if rows:
            objs = [SimpleNamespace(**row) for row in rows]
            qs = model._base_manager.using(self.using)
            max_batch = max(self.connection.ops.bulk_batch_size(batch.fields, objs), 1)
            on_conflict = OnConflict.UPDATE if batch.update else OnConflict.IGNORE
            for chunk in chunked(objs, max_batch):
                qs._insert(
                    chunk,
                    fields=batch.fields,
                    raw=True,
                    using=self.using,
                    on_conflict=on_conflict,
                    update_fields=batch.update or None,
                    unique_fields=list(batch.key),
                )
            self.touched.add(model)
            label = model._meta.label_lower
            self.written[label] = self.written.get(label, 0) + len(rows)
        if batch.m2m:
            pending, batch.m2m = batch.m2m, {}
            self._write_m2m(model, pending)
        for hook in batch.hooks:
            hook(rows)

    def _write_m2m(self, model: type[models.Model], pending: dict) -> None:
        by_field: dict[str, dict] = {}
        for (name, pk), targets in pending.items():
            by_field.setdefault(name, {})[pk] = targets
        for name, wanted in by_field.items():
            set_m2m(model, name, wanted, using=self.using)
            through = model._meta.get_field(name).remote_field.through
            self.touched.add(through)

    # --- finishing -----------------------------------------------------------------------------

    def reset_sequences(self) -> None:
        """After explicit ids were inserted, make new rows get ids above them (PostgreSQL)."""
        models_ = [m for m in self.explicit_pk if isinstance(m._meta.pk, models.AutoField)]
        if not models_:
            return
        sql = self.connection.ops.sequence_reset_sql(no_style(), models_)
        if sql:
            with self.connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise KeyError(f"{model._meta.label} has no column {attname!r}")


def set_m2m(model, field_name: str, wanted: dict, using: str = "default") -> tuple[int, int]:
    """Make the links of ``field_name`` for each object pk in ``wanted`` equal to its list.

    Returns (links added, links removed).
    """
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source_attname = field.m2m_column_name()  # e.g. "document_id"
    target_attname = field.m2m_reverse_name()  # e.g. "state_id"
    qs = through._base_manager.using(using)
    pks = list(wanted)
    existing: dict = {}
    for chunk in chunked(pks):
        for src, dst in qs.filter(**{f"{source_attname}__in": chunk}).values_list(
            source_attname, target_attname
        ):
            existing.setdefault(src, set()).add(dst)
    add, remove = [], []
    for pk, targets in wanted.items():
        want = set(targets)
        have = existing.get(pk, set())
        add.extend(
            through(**{source_attname: pk, target_attname: t}) for t in sorted(want - have, key=str)
        )
        remove.extend((pk, t) for t in have - want)
    if remove:
        for pk in {pk for pk, _ in remove}:
            gone = [t for p, t in remove if p == pk]
            qs.filter(**{source_attname: pk, f"{target_attname}__in": gone}).delete()
    if add:
        qs.bulk_create(add, batch_size=BATCH_SIZE)
    return len(add), len(remove)


def add_m2m(model, field_name: str, links: Iterable[tuple], using: str = "default") -> int:
    """Add (object pk, target pk) links that are missing; never removes. Returns links added."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source_attname = field.m2m_column_name()
    target_attname = field.m2m_reverse_name()
    qs = through._base_manager.using(using)
    links = set(links)
    if not links:
        return 0
    sources = sorted({s for s, _ in links})
    existing = set()
    for chunk in chunked(sources):
        existing.update(
            qs.filter(**{f"{source_attname}__in": chunk}).values_list(
                source_attname, target_attname
            )
        )
    missing = sorted(links - existing, key=lambda t: (str(t[0]), str(t[1])))
    qs.bulk_create(
        [through(**{source_attname: s, target_attname: t}) for s, t in missing],
        batch_size=BATCH_SIZE,
    )
    return len(missing)


def create_children(child: type[models.Model], parents: list[models.Model], using: str) -> None:
    """Insert multi-table-inheritance children: the parent rows, then the child rows."""
    parent_model = child._meta.pk.remote_field.model
    parent_model._base_manager.using(using).bulk_create(parents, batch_size=BATCH_SIZE)
    if any(p.pk is None for p in parents):  # pragma: no cover - SQLite < 3.35
        raise LoadError("the database does not return ids from bulk inserts")
    ptr = child._meta.pk
    fields = [f for f in own_fields(child)]
    rows = []
    for p in parents:
        values = {f.attname: f.get_default() for f in fields}
        values[ptr.attname] = p.pk
        rows.append(SimpleNamespace(**values))
    qs = child._base_manager.using(using)
    for chunk in chunked(rows):
        qs._insert(chunk, fields=fields, raw=True, using=using)


def fk_fields(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in own_fields(model)
        if isinstance(f, models.ForeignKey) and f.remote_field and f.remote_field.model
    ]


def check_foreign_keys(models_: Iterable[type[models.Model]], using: str = "default"):
    """Yield (model, pk, field, value) for each row whose foreign key points nowhere.

    Only the first dangling row per field is reported (a bad file usually has one mistake
    repeated); the check is one anti-join per foreign key.
    """
    connection = connections[using]
    qn = connection.ops.quote_name
    for model in sorted(models_, key=lambda m: m._meta.label):
        table = model._meta.db_table
        pk_col = model._meta.pk.column
        for f in fk_fields(model):
            target = f.remote_field.model
            target_table = target._meta.db_table
            target_col = f.target_field.column
            sql = (
                f"SELECT t.{qn(pk_col)}, t.{qn(f.column)} FROM {qn(table)} t "
                f"LEFT JOIN {qn(target_table)} r ON t.{qn(f.column)} = r.{qn(target_col)} "
                f"WHERE t.{qn(f.column)} IS NOT NULL AND r.{qn(target_col)} IS NULL LIMIT 1"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql)
                row = cursor.fetchone()
            if row:
                yield model, row[0], f, row[1]
