"""A generic, deterministic database filler: at least one valid row for every model.

Nothing here names a domain model. For each model asked for, the filler makes one row from the
model's metadata unless the table already has rows:

* every concrete field gets a value derived from its type and a running counter (so unique
  fields are unique, and the same models filled in the same order give the same values);
* a required foreign key (or one-to-one) points at a row of the target model, made first if
  the target has none (recursively, across apps, including non-API models such as users);
* once every model has a row, :meth:`Filler.link` sets the nullable foreign keys and adds one
  target to every many-to-many of the rows the filler made, so related URIs are exercised too.

Rows are saved with ``Model.save()`` (so multi-table parents and history rows are made the
normal way). A field type the filler does not know raises :class:`FillError` naming it: a new
model with a new kind of field then fails loudly instead of being skipped.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

BASE_TIME = datetime.datetime(2024, 2, 3, 4, 5, 6, 789012, tzinfo=datetime.UTC)
BASE_DATE = datetime.date(2024, 2, 3)
MAX_ROWS = 5000


class FillError(Exception):
    pass


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


class Filler:
    def __init__(self, start: int = 1) -> None:
        self._seq = itertools.count(start)
        self.made: dict[type[models.Model], models.Model] = {}  # the first row made per model
        self.rows: list[models.Model] = []  # every row made, in order
        self._making: list[type[models.Model]] = []

    # -- public ---------------------------------------------------------------------------

    def fill(self, model_list: Iterable[type[models.Model]]) -> None:
        """Make sure every model in ``model_list`` has at least one row."""
        for model in sorted(model_list, key=lambda m: m._meta.label):
            self.row(model)

    def link(self) -> None:
        """Set nullable foreign keys and many-to-manys on every row made (including the rows
        that linking itself makes, e.g. a fresh target for a nullable one-to-one)."""
        done = 0
        while done < len(self.rows):
            obj = self.rows[done]
            done += 1
            self._link(type(obj), obj)

    def _link(self, model: type[models.Model], obj: models.Model) -> None:
        if len(self.rows) > MAX_ROWS:
            raise FillError(f"more than {MAX_ROWS} rows: a cycle of nullable one-to-ones?")
        updates = {}
        for f in _own_fields(model):
            if not f.is_relation or not f.null or getattr(obj, f.attname) is not None:
                continue
            target = f.related_model
            if f.one_to_one:  # a one-to-one target may be used once only
                other = self.new_row(target) if target is not model else None
            else:
                other = self.row(target)
            if other is not None:
                updates[f.attname] = getattr(other, f.target_field.attname)
        if updates:
            model._base_manager.filter(pk=obj.pk).update(**updates)
            for attname, value in updates.items():
                setattr(obj, attname, value)
        for f in model._meta.many_to_many:
            if f.remote_field.through._meta.auto_created:  # else the through model has a row
                getattr(obj, f.name).add(self.row(f.related_model))

    def row(self, model: type[models.Model]) -> models.Model:
        """A row of ``model``: the first existing one, else a new one."""
        model = model._meta.concrete_model
        found = self.made.get(model) or model._base_manager.order_by("pk").first()
        return found if found is not None else self.new_row(model)

    def new_row(self, model: type[models.Model]) -> models.Model:
        model = model._meta.concrete_model
        if model in self._making:
            chain = " -> ".join(m._meta.label for m in [*self._making, model])
            raise FillError(f"cycle of required foreign keys: {chain}")
        self._making.append(model)
        try:
            obj = model(**{f.attname: self.value(f) for f in self._fields_to_set(model)})
            obj.save()
        except FillError:
            raise
        except Exception as exc:
            raise FillError(f"cannot make a {model._meta.label}: {exc!r}") from exc
        finally:
            self._making.pop()
        self.made.setdefault(model, obj)
        self.rows.append(obj)
        return obj

    # -- values ---------------------------------------------------------------------------

    def _fields_to_set(self, model: type[models.Model]) -> list[models.Field]:
        result = []
        for f in model._meta.concrete_fields:
            if isinstance(f, models.AutoField) or getattr(f, "auto_now", False):
                continue
            if getattr(f, "auto_now_add", False):
                continue
            if f.is_relation and f.remote_field.parent_link:
                continue  # made by saving the child
            if f.is_relation and f.null:
                continue  # set by link()
            result.append(f)
        return result

    def value(self, f: models.Field) -> Any:
        if f.is_relation:
            target = self.row(f.related_model)
            value = getattr(target, f.target_field.attname)
            if f.one_to_one and f.model._base_manager.filter(**{f.attname: value}).exists():
                # a one-to-one target may be used once only
                value = getattr(self.new_row(f.related_model), f.target_field.attname)
            return value
        n = next(self._seq)
        if f.choices:
            return f.flatchoices[0][0]
        internal = f.get_internal_type()
        maker = _MAKERS.get(internal)
        if maker is None:
            raise FillError(f"no value for {f.model._meta.label}.{f.name} ({internal})")
        return maker(f, n)


def _own_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]


def _text(f: models.Field, n: int) -> str:
    value = f"{f.name.replace('_', '-')}-{n}"
    limit = f.max_length or 255
    if len(value) > limit:
        value = _base36(n)[-limit:]
    return value


def _json(f: models.Field, n: int) -> Any:
    if f.has_default():
        return f.get_default()
    return []


def _file(f: models.Field, n: int) -> str:
    return f"files/file-{n}.txt"


def _decimal(f: models.Field, n: int) -> decimal.Decimal:
    return decimal.Decimal(1).quantize(decimal.Decimal(10) ** -(f.decimal_places or 0))


def _boolean(f: models.Field, n: int) -> bool:
    return bool(f.get_default()) if f.has_default() else True


_MAKERS = {
    "CharField": _text,
    "TextField": _text,
    "SlugField": _text,
    "EmailField": lambda f, n: f"f{n}@example.org",
    "URLField": lambda f, n: f"https://example.org/{n}",
    "GenericIPAddressField": lambda f, n: "192.0.2.1",
    "IPAddressField": lambda f, n: "192.0.2.1",
    "UUIDField": lambda f, n: uuid.UUID(int=n),
    "BooleanField": _boolean,
    "NullBooleanField": _boolean,
    "IntegerField": lambda f, n: n,
    "BigIntegerField": lambda f, n: n,
    "SmallIntegerField": lambda f, n: n,
    "PositiveIntegerField": lambda f, n: n,
    "PositiveSmallIntegerField": lambda f, n: n,
    "PositiveBigIntegerField": lambda f, n: n,
    "FloatField": lambda f, n: n + 0.5,
    "DecimalField": _decimal,
    "DateField": lambda f, n: BASE_DATE + datetime.timedelta(days=n),
    "DateTimeField": lambda f, n: BASE_TIME + datetime.timedelta(minutes=n),
    "TimeField": lambda f, n: datetime.time(12, 34, 56),
    "DurationField": lambda f, n: datetime.timedelta(hours=1, minutes=30),
    "JSONField": _json,
    "BinaryField": lambda f, n: f"binary-{n}".encode(),
    "FileField": _file,
    "ImageField": _file,
}
