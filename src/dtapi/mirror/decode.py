"""Wire objects -> column values, the inverse of the engine's encoding.

A wire object's keys are decoded through the local resource's field specs: plain and computed
keys by their model field's type, to-one URIs into the referenced row's key (looked up when the
target's URIs use another column, as documents use their name), many-to-many lists likewise.
"""

from __future__ import annotations

import ast
import datetime
import decimal
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time

from dtapi.engine.introspection import FieldSpec
from dtapi.engine.registry import registry
from dtapi.engine.resources import ModelResource

UTC = datetime.UTC


class DecodeError(ValueError):
    pass


def _datetime(value: Any) -> datetime.datetime | None:
    if value is None or value == "":
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise DecodeError(f"not a date and time: {value!r}")
    if parsed.tzinfo is None:  # the API sends UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if "T" in str(value):
        dt = _datetime(value)
        return dt.date() if dt else None
    parsed = parse_date(value)
    if parsed is None:
        raise DecodeError(f"not a date: {value!r}")
    return parsed


def _time(value: Any) -> datetime.time | None:
    return None if value is None or value == "" else parse_time(value)


def _duration(value: Any) -> datetime.timedelta | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.timedelta(seconds=value)
    parsed = parse_duration(str(value))
    if parsed is None:
        raise DecodeError(f"not a duration: {value!r}")
    return parsed


def _decimal(value: Any) -> decimal.Decimal | None:
    return None if value is None or value == "" else decimal.Decimal(str(value))


def _file(value: Any) -> str:
    """A file URL back to the stored name: the path below MEDIA_URL (any host)."""
    if not value:
        return ""
    path = unquote(urlsplit(value).path)
    media = urlsplit(settings.MEDIA_URL or "/").path
    if media and path.startswith(media):
        return path[len(media) :]
    return path.lstrip("/")


def _binary(value: Any) -> bytes | None:
    """The API sends bytes as their Python literal (``b'...'``)."""
    if value is None:
        return None
    text = str(value)
    if text[:2] in ("b'", 'b"'):
        literal = ast.literal_eval(text)
        if isinstance(literal, bytes):
            return literal
    return text.encode()


def value_decoder(f: models.Field) -> Callable[[Any], Any]:
    internal = f.get_internal_type()
    if internal == "DateTimeField":
        return _datetime
    if internal == "DateField":
        return _date
    if internal == "TimeField":
        return _time
    if internal == "DurationField":
        return _duration
    if internal == "DecimalField":
        return _decimal
    if internal in ("FileField", "ImageField"):
        return _file
    if internal == "BinaryField":
        return _binary
    if internal == "JSONField":
        return lambda v: v
    if internal in ("CharField", "TextField", "SlugField", "EmailField", "URLField"):
        null = f.null

        def text(v: Any) -> Any:
            if v is None:
                return None if null else ""
            return str(v)

        return text
    to_python = f.to_python
    return lambda v: None if v is None else to_python(v)


def uri_key(uri: str, target: ModelResource | None) -> str:
    """The detail key of a resource URI (``/api/v1/doc/document/rfc9000/`` -> ``rfc9000``)."""
    path = urlsplit(uri).path
    if target is not None:
        marker = f"/{target.app_label}/{target.name}/"
        at = path.find(marker)
        if at >= 0:
            return unquote(path[at + len(marker) :].rstrip("/"))
    return unquote(path.rstrip("/").rsplit("/", 1)[-1])


class Field:
    """One writable key of a resource."""

    def __init__(self, spec: FieldSpec) -> None:
        self.wire = spec.name
        self.spec = spec
        self.kind = spec.kind
        f = spec.model_field
        self.field = f
        self.target: ModelResource | None = None
        self.target_model: type[models.Model] | None = spec.target
        if spec.kind == "to_one":
            self.attname = f.attname
            self.nullable = f.null
            self.target = registry.for_model(spec.target)
            target_field = f.target_field
            self.target_column = target_field.attname
            # The URI carries the target's detail column; when that is not the column the
            # foreign key stores (a document's name, not its id) it must be looked up.
            self.lookup = (
                self.target is not None and self.target.detail_attname != target_field.attname
            )
            self.convert = value_decoder(target_field)
        elif spec.kind == "to_many":
            self.attname = f.name
            self.nullable = True
            self.target = registry.for_model(spec.target)
            self.through = f.remote_field.through
            self.src = f.m2m_column_name()
            self.tgt = f.m2m_reverse_name()
            self.src_att = self.through._meta.get_field(f.m2m_field_name()).attname
            self.tgt_att = self.through._meta.get_field(f.m2m_reverse_field_name()).attname
            target_pk = spec.target._meta.pk
            self.lookup = (
                self.target is not None and self.target.detail_attname != target_pk.attname
            )
            self.convert = value_decoder(target_pk)
        else:
            self.attname = f.attname
            self.nullable = f.null
            self.convert = value_decoder(f)

    def __repr__(self) -> str:
        return f"<Field {self.wire} {self.kind}>"
