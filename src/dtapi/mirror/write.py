"""Writing decoded pages: upserts keyed by primary key, references checked, m2m set exactly.

A page is written in the caller's transaction. References to rows that are not there yet (a
cycle between resources, a row later on the same resource) are written as null and kept in
:class:`~dtapi.mirror.models.Pending` for the second pass; a row whose non-null reference
is missing waits there whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connections, models, router
from django.db.models.constants import OnConflict

from .decode import DecodeError, Field, uri_key
from .models import Pending, Source
from .schema import Plan, writable_specs


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (int, str, float, bool)):
        return value
    return str(value)


class Writer:
    def __init__(self, plan: Plan, source: Source) -> None:
        self.plan = plan
        self.source = source
        self.model = plan.model
        meta = self.model._meta
        self.pk = meta.pk
        self.fields = [Field(spec) for spec in writable_specs(plan)]
        self.plain = [f for f in self.fields if f.kind in ("plain", "computed")]
        self.to_one = [f for f in self.fields if f.kind == "to_one"]
        self.m2m = [
            f
            for f in self.fields
            if f.kind == "to_many" and f.through._meta.auto_created and f.target is not None
        ]
        # The columns this model's own table holds (a multi-table child: not its parents').
        self.local = {f.attname: f for f in meta.local_concrete_fields}
        self.pk_wire = self._pk_wire()
        self.unservable = 0  # rows with a required reference to a model the API does not serve
        self.pk_convert = Field_convert(self.pk.target_field if self.pk.is_relation else self.pk)

    def _pk_wire(self) -> str:
        for f in self.fields:
            if f.kind != "to_many" and f.attname == self.pk.attname:
                return f.wire
        raise DecodeError(f"{self.plan.key}: the source sends no primary key")

    # -- decoding --------------------------------------------------------------------------

    def pk_of(self, obj: dict[str, Any]) -> Any:
        value = obj[self.pk_wire]
        if self.pk.is_relation:  # a multi-table child: its key is the parent's URI
            value = uri_key(value, None)
        return self.pk_convert(value)

    def _resolve(self, field: Field, keys: set[str]) -> dict[str, Any]:
        """URI keys -> values of the referencing column, for the rows present locally."""
        if not keys:
            return {}
        target = field.target
        assert field.target_model is not None
        manager = field.target_model._base_manager
        if field.kind == "to_one":
            column = field.target_column
        else:
            column = field.target_model._meta.pk.attname
        if target is not None and field.lookup:
            detail = target.detail_attname
            found: dict[str, Any] = {}
            for chunk in _chunks(sorted(keys), 500):
                for key, value in manager.filter(**{f"{detail}__in": chunk}).values_list(
                    detail, column
                ):
                    found[str(key)] = value
            return found
        converted = {}
        for key in keys:
            try:
                converted[key] = field.convert(key)
            except Exception:
                continue
        present: set[Any] = set()
        values = list(converted.values())
        for chunk in _chunks(values, 500):
            present.update(
                manager.filter(**{f"{column}__in": chunk}).values_list(column, flat=True)
            )
        return {key: value for key, value in converted.items() if value in present}

    def write(self, objects: list[dict[str, Any]]) -> int:
        """Upsert a page; returns the number of rows written."""
        if not objects:
            return 0
        page_pks = {self.pk_of(o) for o in objects}
        rows: list[dict[str, Any]] = []
        pending: list[Pending] = []
        # Resolve every to-one reference of the page at once, per field.
        keys: dict[str, set[str]] = defaultdict(set)
        for obj in objects:
            for f in self.to_one:
                uri = obj.get(f.wire)
                if uri:
                    keys[f.wire].add(uri_key(uri, f.target))
        resolved = {f.wire: self._resolve(f, keys[f.wire]) for f in self.to_one if f.target}
        for obj in objects:
            pk = self.pk_of(obj)
            row: dict[str, Any] = {}
            waiting = False
            for f in self.plain:
                row[f.attname] = f.convert(obj.get(f.wire))
            for f in self.to_one:
                uri = obj.get(f.wire)
                if f.target is None and not f.nullable:
                    # A required reference to a model the API does not serve (the wire has
                    # ""): the row cannot be rebuilt.
                    waiting = True
                    break
                if uri == "" and f.target_model is _user_model():
                    # The API shows only that an account exists: an inactive local stand-in
                    # (no usable password) keeps the answers alike.
                    row[f.attname] = _stand_in_user(self.model, pk, f)
                    continue
                if not uri or f.target is None:
                    row[f.attname] = None
                    continue
                key = uri_key(uri, f.target)
                value = resolved[f.wire].get(key)
                if value is None and f.target_model is self.model and not f.lookup:
                    # A reference within this page: written in the same transaction.
                    candidate = f.convert(key)
                    if candidate in page_pks:
                        value = candidate
                if value is None:
                    if f.nullable:
                        pending.append(self._pending("fk", pk, f.wire, uri))
                    else:
                        waiting = True
                        break
                row[f.attname] = value
            if waiting:
                if any(f.target is None and not f.nullable for f in self.to_one):
                    self.unservable += 1
                else:
                    pending.append(self._pending("row", pk, "", obj))
                continue
            rows.append(row)
        self.upsert(rows)
        written = {r[self.pk.attname] for r in rows}
        for f in self.m2m:
            self._set_m2m(f, [o for o in objects if self.pk_of(o) in written], pending)
        if pending:
            # A newer copy of an object replaces what was waiting for it.
            Pending.objects.filter(
                source=self.source, resource=self.plan.key, obj_pk__in=[p.obj_pk for p in pending]
            ).delete()
            Pending.objects.bulk_create(pending)
        return len(rows)

    def _pending(self, kind: str, pk: Any, field: str, value: Any) -> Pending:
        return Pending(
            source=self.source,
            resource=self.plan.key,
            kind=kind,
            obj_pk=_jsonable(pk),
            field=field,
            value=value,
        )

    # -- writing ---------------------------------------------------------------------------

    def upsert(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        model = self.model
        # Every column is inserted (those the source does not send get their defaults), but
        # an existing row only gets the columns the source sent.
        sent = [self.local[a] for a in rows[0] if a in self.local]
        columns = list(self.local.values())
        objs = []
        for row in rows:
            obj = model.__new__(model)
            obj._state = models.base.ModelState()
            obj._state.adding = True
            for f in model._meta.concrete_fields:
                setattr(obj, f.attname, row.get(f.attname, _default(f)))
            objs.append(obj)
        update = [f for f in sent if not f.primary_key]
        using = router.db_for_write(model)
        connection = connections[using]
        size = max(1, connection.ops.bulk_batch_size(columns, objs) or len(objs))
        manager = model._base_manager
        for chunk in _chunks(objs, min(size, 500)):
            if update:
                manager._insert(
                    chunk,
                    fields=columns,
                    using=using,
                    raw=True,  # the source's values, auto_now columns included
                    on_conflict=OnConflict.UPDATE,
                    update_fields=update,
                    unique_fields=[self.pk],
                )
            else:
                manager._insert(
                    chunk, fields=columns, using=using, raw=True, on_conflict=OnConflict.IGNORE
                )

    def _set_m2m(self, f: Field, objects: list[dict[str, Any]], pending: list[Pending]) -> None:
        if not objects:
            return
        keys = {uri_key(u, f.target) for o in objects for u in (o.get(f.wire) or [])}
        resolved = self._resolve(f, keys)
        wanted: set[tuple[Any, Any]] = set()
        owners = []
        for obj in objects:
            pk = self.pk_of(obj)
            owners.append(pk)
            uris = obj.get(f.wire) or []
            values = [resolved.get(uri_key(u, f.target)) for u in uris]
            if any(v is None for v in values):
                pending.append(self._pending("m2m", pk, f.wire, uris))
            wanted.update((pk, v) for v in values if v is not None)
        through = f.through._base_manager
        current = set(
            through.filter(**{f"{f.src_att}__in": owners}).values_list(f.src_att, f.tgt_att)
        )
        extra = current - wanted
        if extra:
            by_owner: dict[Any, list[Any]] = defaultdict(list)
            for owner, value in extra:
                by_owner[owner].append(value)
            for owner, values in by_owner.items():
                through.filter(**{f.src_att: owner, f"{f.tgt_att}__in": values}).delete()
        missing = wanted - current
        if missing:
            through.bulk_create(
                [f.through(**{f.src_att: s, f.tgt_att: t}) for s, t in sorted(missing, key=str)],
                ignore_conflicts=True,
            )

    def delete(self, pks: Iterable[Any]) -> int:
        count = 0
        for chunk in _chunks(list(pks), 500):
            deleted = self.model._base_manager.filter(pk__in=chunk)
            count += deleted.count()
            deleted.delete()
        return count


def _user_model() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model()


def _stand_in_user(model: type[models.Model], pk: Any, f: Field) -> Any:
    """The local account a mirrored row refers to: the one it already has, or a new inactive
    one named after the row (``mirror-person-12``)."""
    current = model._base_manager.filter(pk=pk).values_list(f.attname, flat=True).first()
    if current is not None:
        return current
    User = _user_model()  # noqa: N806
    username = f"mirror-{model._meta.model_name}-{pk}"[:150]
    user = User._base_manager.filter(username=username).first()
    if user is None:
        user = User(username=username, is_active=False)
        user.set_unusable_password()
        user.save()
    return user.pk


def _default(f: models.Field) -> Any:
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    if f.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        return ""
    return None


def Field_convert(f: models.Field) -> Any:  # noqa: N802 - a tiny factory
    from .decode import value_decoder

    return value_decoder(f)


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
