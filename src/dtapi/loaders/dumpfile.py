"""Reading Datatracker ``dumpdata`` files, and the state of one load of them.

Shared by :mod:`~dtapi.loaders.dumpdata` (checking, converting, writing) and
:mod:`~dtapi.loaders.legacy` (mapping older schemas onto today's), which both import this
module and not each other's internals.
"""

from __future__ import annotations

import datetime
import decimal
import json
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ijson
from django.db import models

from dtapi.loaders.base import LoadError, Report, open_with_progress
from dtapi.loaders.bulk import TableWriter

# The reference Datatracker stored local (US Pacific) time until it moved to UTC in 2022; a
# datetime without zone in an old dump is in that zone.
DEFAULT_NAIVE_TZ = "America/Los_Angeles"


@dataclass
class Record:
    """One object of a dump, after legacy mapping."""

    model: str  # app_label.modelname, lower case
    pk: Any
    fields: dict
    file: Path | None = None
    index: int = 0  # position in the file, from 1
    original_model: str = ""
    extra: dict = field(default_factory=dict)  # what legacy mapping set aside

    def describe(self) -> str:
        label = self.original_model or self.model
        pk = f" pk={self.pk!r}" if self.pk is not None else ""
        return f"record #{self.index} ({label}{pk})"


@dataclass
class Options:
    exclude: frozenset = frozenset()  # app labels or app.model labels (old or new)
    vocabulary: str = "fill"  # "fill" (descriptions only) or "replace"
    keep_existing: bool = False  # leave rows that exist alone (insert new ones only)
    naive_tz: str = DEFAULT_NAIVE_TZ
    using: str = "default"


@dataclass
class Context:
    """State of one load call, shared with the legacy mappers."""

    options: Options
    writer: TableWriter
    report: Report
    files: list = field(default_factory=list)
    naive_tz: datetime.tzinfo = datetime.UTC
    vocab_models: frozenset = frozenset()
    _existing_vocab: dict = field(default_factory=dict)
    _existing: dict = field(default_factory=dict)
    # What the mapping of old dumps keeps between records (legacy.LegacyState, made by
    # legacy.install_hooks): this module does not know it, so that legacy can use this one.
    legacy: Any = None

    @property
    def using(self) -> str:
        return self.options.using

    def existing_vocab_pks(self, model: type[models.Model]) -> set:
        label = model._meta.label_lower
        if label not in self._existing_vocab:
            self._existing_vocab[label] = set(
                model._base_manager.using(self.using).values_list("pk", flat=True)
            )
        return self._existing_vocab[label]

    def existing_pks(self, model: type[models.Model]) -> set:
        """Primary keys present when the model was first seen (for ``--keep-existing``)."""
        label = model._meta.label_lower
        if label not in self._existing:
            self._existing[label] = set(
                model._base_manager.using(self.using).values_list("pk", flat=True)
            )
        return self._existing[label]


class FieldProblem(Exception):
    """A field's value does not fit the field (the caller adds the file and record)."""


def zone(name: str) -> datetime.tzinfo | None:
    """The time zone of that name, or None if there is no such zone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# --- reading -----------------------------------------------------------------------------------


def iter_raw_records(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield (index from 1, object) for each element of the top-level JSON array in ``path``."""
    index = 0
    try:
        with open_with_progress(path) as f:
            for index, obj in enumerate(ijson.items(f, "item", use_float=True), start=1):  # noqa: B007
                yield index, obj
    except ijson.JSONError as exc:
        raise LoadError(
            f"{path}: invalid JSON after record #{index}: {_json_problem(path, exc)}"
        ) from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text: {exc}") from None
    if index == 0:
        # ijson yields nothing for "{}" or "[]" alike; tell the two apart.
        _check_top_level_is_array(path)


def _json_problem(path: Path, exc: Exception) -> str:
    """The parser's complaint, with a line and column from the standard library if possible."""
    try:
        with open(path, encoding="utf-8") as f:
            json.load(f)
    except json.JSONDecodeError as std:
        return f"{std.msg} at line {std.lineno} column {std.colno}"
    except (OSError, UnicodeDecodeError, RecursionError):
        pass
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _check_top_level_is_array(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(4096).lstrip()
    if head[:1] not in (b"[", b""):
        raise LoadError(f"{path}: not a Django dumpdata file (expected a JSON array of objects)")


def iter_records(path: Path) -> Iterator[Record]:
    """Records of one dumpdata file, shape-checked (not yet mapped)."""
    for index, obj in iter_raw_records(path):
        if not isinstance(obj, dict):
            raise LoadError(f"{path}, record #{index}: expected an object, got {kind(obj)}")
        label = obj.get("model")
        if not isinstance(label, str) or "." not in label:
            raise LoadError(
                f'{path}, record #{index}: missing or invalid "model" (expected '
                f'"app_label.model", got {label!r})'
            )
        fields = obj.get("fields", {})
        if not isinstance(fields, dict):
            raise LoadError(
                f'{path}, record #{index} ({label}): "fields" must be an object, got {kind(fields)}'
            )
        yield Record(
            model=label.lower(),
            pk=obj.get("pk"),
            fields=dict(fields),
            file=path,
            index=index,
            original_model=label.lower(),
        )


def kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        decimal.Decimal: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
