"""Loader for Datatracker ``dumpdata`` JSON (``dtapi load dumpdata FILE...``).

Files are read as a stream (``ijson``), records are checked and converted field by field
against today's models, and written in batches by :class:`~dtapi.loaders.bulk.TableWriter`
(upsert by primary key: loading a file twice changes nothing). Records in the 2012-2013
schema are first rewritten onto today's model by :mod:`dtapi.loaders.legacy`.

A whole call is one transaction. Any problem -- invalid JSON, an unknown model or field, a
value of the wrong type, a foreign key pointing nowhere -- raises :class:`LoadError` naming
the file, the record and the problem, and nothing is written.

Vocabulary tables (the name tables, ``doc.state``, ``doc.statetype``, ``doc.ballottype``)
already hold the built-in vocabulary (:mod:`dtapi.name.vocabulary`), which is newer than the
2022 ``names`` fixture. Rows of those tables that exist already only get their description
from a fixture (``--vocabulary=fill``, the default); ``--vocabulary=replace`` overwrites them.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from dtapi.loaders import legacy, legacy_rows
from dtapi.loaders.base import LoadError, Report, atomic_load, timed
from dtapi.loaders.bulk import TableWriter, check_foreign_keys, own_fields
from dtapi.loaders.dumpfile import (
    DEFAULT_NAIVE_TZ,
    Context,
    FieldProblem,
    Options,
    Record,
    iter_records,
    kind,
    zone,
)


def vocabulary_models() -> frozenset:
    try:
        from dtapi.name.vocabulary import vocabulary
    except ImportError:  # pragma: no cover - the name app always has it
        return frozenset()
    return frozenset(label for label, _rows in vocabulary())


# --- converting --------------------------------------------------------------------------------


def resolve_model(record: Record) -> type[models.Model]:
    try:
        return apps.get_model(record.model)
    except (LookupError, ValueError):
        hint = ""
        if record.original_model != record.model:
            hint = f" (mapped from {record.original_model})"
        raise LoadError(
            f"{record.file}, {record.describe()}: unknown model {record.model!r}{hint}"
        ) from None


def convert_scalar(f: models.Field, value: Any, ctx: Context, record: Record) -> Any:
    """A JSON value for a non-relational field, as the field's Python value."""
    if value is None:
        if f.null:
            return None
        if isinstance(f, (models.CharField, models.TextField)) and f.empty_strings_allowed:
            raise FieldProblem('null is not allowed (use "")')
        raise FieldProblem("null is not allowed")
    if isinstance(f, models.JSONField):
        # Old dumps carry JSON columns as JSON text ("[\n  \"chair\"\n]").
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
    if isinstance(f, (models.CharField, models.TextField)):
        if not isinstance(value, str):
            raise FieldProblem(f"expected a string, got {kind(value)}")
        if f.max_length and isinstance(f, models.CharField) and len(value) > f.max_length:
            raise FieldProblem(f"longer than {f.max_length} characters ({len(value)})")
        return value
    if isinstance(f, models.BooleanField):
        if not isinstance(value, bool):
            raise FieldProblem(f"expected true or false, got {kind(value)} {value!r}")
        return value
    if isinstance(f, (models.IntegerField, models.AutoField)):
        if isinstance(value, bool) or not isinstance(value, (int, str, float)):
            raise FieldProblem(f"expected an integer, got {kind(value)}")
        if isinstance(value, float) and not value.is_integer():
            raise FieldProblem(f"expected an integer, got {value!r}")
    if isinstance(f, models.DurationField) and isinstance(value, (int, float)):
        return datetime.timedelta(seconds=value)
    if isinstance(
        f,
        (
            models.DateField,
            models.DateTimeField,
            models.TimeField,
            models.DurationField,
            models.UUIDField,
        ),
    ) and not isinstance(value, str):
        raise FieldProblem(f"expected a string, got {kind(value)}")
    try:
        result = f.to_python(value)
    except ValidationError as exc:
        raise FieldProblem("; ".join(str(m) % (exc.params or {}) for m in exc.messages)) from None
    except (TypeError, ValueError, decimal.InvalidOperation, OverflowError) as exc:
        raise FieldProblem(str(exc) or "invalid value") from None
    if isinstance(f, models.DateTimeField) and isinstance(result, datetime.datetime):
        if timezone.is_naive(result):
            tz = ctx.naive_tz
            special = legacy.naive_zone_for(record, f.name, ctx)
            if special is not None:
                tz = special
            result = result.replace(tzinfo=tz)
    if isinstance(result, uuid.UUID):
        return result
    return result


def convert_pk_value(target: type[models.Model], value: Any) -> Any:
    """A foreign key or many-to-many value (a primary key of ``target``)."""
    pk = target._meta.pk
    while pk.remote_field is not None:  # a child model: its pk is the parent pointer
        pk = pk.target_field
    if isinstance(value, (list, dict)):
        raise FieldProblem(
            f"expected a primary key of {target._meta.label_lower}, got {kind(value)} "
            "(natural keys are not supported)"
        )
    if isinstance(value, bool):
        raise FieldProblem(f"expected a primary key of {target._meta.label_lower}, got a boolean")
    if isinstance(pk, (models.IntegerField, models.AutoField)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value)
        if not isinstance(value, int):
            raise FieldProblem(
                f"expected an integer primary key of {target._meta.label_lower}, got {value!r}"
            )
        return value
    if not isinstance(value, (str, int)):
        raise FieldProblem(f"expected a primary key of {target._meta.label_lower}")
    return str(value)


def record_to_row(record: Record, model: type[models.Model], ctx: Context):
    """(row {attname: value} for the model's own table, {m2m name: [pks]}, fields given)."""
    opts = model._meta
    where = f"{record.file}, {record.describe()}"
    own = {f.attname: f for f in own_fields(model)}
    row: dict = {}
    m2m: dict = {}
    # The primary key.
    pk_field = opts.pk
    if record.pk is None:
        raise LoadError(f'{where}: missing "pk"')
    try:
        if pk_field.remote_field is not None:  # child of multi-table inheritance
            row[pk_field.attname] = convert_pk_value(pk_field.remote_field.model, record.pk)
        else:
            row[pk_field.attname] = convert_scalar(pk_field, record.pk, ctx, record)
    except FieldProblem as exc:
        raise LoadError(f"{where}: bad pk {record.pk!r}: {exc}") from None
    given = []
    for name, value in record.fields.items():
        try:
            f = opts.get_field(name)
        except Exception:
            raise LoadError(f"{where}: {opts.label_lower} has no field {name!r}") from None
        try:
            if f.many_to_many:
                if f.remote_field.through._meta.auto_created is False:
                    raise FieldProblem("has an explicit through model; load that model instead")
                if not isinstance(value, list):
                    raise FieldProblem(f"expected a list of primary keys, got {kind(value)}")
                m2m[f.name] = [convert_pk_value(f.remote_field.model, v) for v in value]
                continue
            if not f.concrete or f.attname not in own:
                raise FieldProblem(
                    "is not a column of this model's own table (it belongs to "
                    f"{f.model._meta.label_lower})"
                )
            if f.is_relation:
                if value is None:
                    if not f.null:
                        raise FieldProblem("null is not allowed")
                    row[f.attname] = None
                else:
                    row[f.attname] = convert_pk_value(f.remote_field.model, value)
            else:
                row[f.attname] = convert_scalar(f, value, ctx, record)
            given.append(f.attname)
        except FieldProblem as exc:
            raise LoadError(f"{where}: field {name!r}: {exc} (value {_short(value)})") from None
    return row, m2m, given


def _short(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# --- loading -----------------------------------------------------------------------------------


def _excluded(record: Record, exclude: frozenset) -> bool:
    if not exclude:
        return False
    for label in (record.model, record.original_model):
        if label in exclude or label.split(".")[0] in exclude:
            return True
    return False


def load_record(record: Record, ctx: Context) -> None:
    """Map, convert and queue one record."""
    for mapped in legacy.map_record(record, ctx):
        if _excluded(mapped, ctx.options.exclude):
            ctx.report.skip(f"excluded {mapped.model}")
            continue
        model = resolve_model(mapped)
        row, m2m, given = record_to_row(mapped, model, ctx)
        label = model._meta.label_lower
        pk_attname = model._meta.pk.attname
        if (
            label in ctx.vocab_models
            and ctx.options.vocabulary == "fill"
            and row[pk_attname] in ctx.existing_vocab_pks(model)
        ):
            # Built-in vocabulary row: only its description comes from the fixture.
            desc = row.get("desc")
            if desc:
                ctx.writer.update(model, row[pk_attname], {"desc": desc})
                ctx.report.count("vocabulary rows (description filled in)")
            else:
                ctx.report.count("vocabulary rows (already present)")
            continue
        if ctx.options.keep_existing and row[pk_attname] in ctx.existing_pks(model):
            legacy.existing_record(mapped, model, row, ctx)
            ctx.report.count(f"{label} (exists, kept)")
            continue
        # Before add(): a full batch is written (and its hooks run) inside add().
        legacy.after_record(mapped, model, row, ctx)
        ctx.writer.add(model, row, update=given, m2m=m2m or None)
        ctx.report.count(label)


def make_context(options: Options, report: Report | None = None) -> Context:
    tz = zone(options.naive_tz)
    if tz is None:
        raise LoadError(f"unknown time zone {options.naive_tz!r}")
    writer = TableWriter(using=options.using)
    ctx = Context(
        options=options,
        writer=writer,
        report=report or Report("dumpdata"),
        naive_tz=tz,
        vocab_models=vocabulary_models(),
    )
    legacy.install_hooks(ctx)
    return ctx


def load_file(path: Path, ctx: Context, **overrides) -> Report:
    """Queue every record of one file (part of a :func:`load` call).

    ``overrides``: :class:`Options` values for this file only (``exclude``,
    ``keep_existing``, ...).
    """
    file_report = Report(str(path))
    outer, ctx.report = ctx.report, file_report
    saved = ctx.options
    if overrides:
        if "exclude" in overrides:
            overrides["exclude"] = frozenset(e.lower() for e in overrides["exclude"])
        ctx.options = replace(saved, **overrides)
    try:
        with timed(file_report):
            for record in iter_records(path):
                load_record(record, ctx)
            ctx.writer.flush()
    finally:
        ctx.report = outer
        ctx.options = saved
        outer.merge(file_report)
    ctx.files.append(path)
    return file_report


def finish(ctx: Context) -> Report:
    """After all files: sequences, synthesised rows, foreign key check."""
    ctx.writer.flush()
    ctx.writer.reset_sequences()
    final = Report("finishing")
    outer, ctx.report = ctx.report, final
    try:
        with timed(final):
            legacy_rows.finish(ctx)
            ctx.writer.flush()
            ctx.writer.reset_sequences()
            check_references(ctx)
    finally:
        ctx.report = outer
        outer.merge(final)
    return final


def check_references(ctx: Context) -> None:
    """Fail with a message naming the record if any written row points nowhere."""
    for model, pk, f, value in check_foreign_keys(ctx.writer.touched, using=ctx.using):
        target = f.remote_field.model._meta.label_lower
        found = _find_record(ctx, model, pk, f)
        where = found or f"{model._meta.label_lower} pk={pk!r}"
        raise LoadError(
            f"{where}: field {f.name!r} refers to {target} {value!r}, which does not exist"
        )


def _find_record(ctx: Context, model, pk, f) -> str | None:
    """Locate the record that produced a row (slow path, only on errors)."""
    label = model._meta.label_lower
    through_of = None
    if model._meta.auto_created:  # an m2m link table: find the owning record
        for candidate in apps.get_models():
            for m2m in candidate._meta.many_to_many:
                if m2m.remote_field.through is model:
                    through_of = (candidate._meta.label_lower, m2m)
    for path in ctx.files:
        try:
            for record in iter_records(path):
                for mapped in legacy.map_record(record, ctx, quiet=True):
                    if through_of and mapped.model == through_of[0]:
                        values = mapped.fields.get(through_of[1].name) or []
                        row = model._base_manager.using(ctx.using).filter(pk=pk).first()
                        if row is not None:
                            src = getattr(row, through_of[1].m2m_field_name() + "_id")
                            if str(mapped.pk) == str(src) and values:
                                return f"{path}, {record.describe()} ({through_of[1].name})"
                    elif mapped.model == label and str(mapped.pk) == str(pk):
                        return f"{path}, {record.describe()}"
        except LoadError:
            continue
    return None


def load(
    paths: Iterable[str | Path],
    *,
    exclude: Iterable[str] = (),
    vocabulary: str = "fill",
    keep_existing: bool = False,
    naive_tz: str = DEFAULT_NAIVE_TZ,
    using: str = "default",
    on_file=None,
) -> Report:
    """Load dumpdata files in one transaction; return what was done.

    ``on_file(path, report)`` is called after each file (for per-file output).
    """
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.is_file():
            raise LoadError(f"{path}: no such file")
    if vocabulary not in ("fill", "replace"):
        raise LoadError(f"--vocabulary must be fill or replace, not {vocabulary!r}")
    options = Options(
        exclude=frozenset(e.lower() for e in exclude),
        vocabulary=vocabulary,
        keep_existing=keep_existing,
        naive_tz=naive_tz,
        using=using,
    )
    report = Report("dumpdata")
    with timed(report), atomic_load(using):
        ctx = make_context(options, report)
        for path in paths:
            file_report = load_file(path, ctx)
            if on_file:
                on_file(path, file_report)
        final = finish(ctx)
        if on_file:
            on_file(None, final)
    return report
