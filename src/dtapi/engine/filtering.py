"""Query parameters -> ORM filters, with the original API's rules and error texts.

For each parameter ``field__rest=value``:

1. ``field`` must be a field of the resource, otherwise the parameter is ignored.
2. Its attribute must be a model field (or relation); the last part of ``rest`` is the lookup
   if the *top-level* Django field knows it (``get_lookups()``), otherwise the lookup is
   ``exact``. So across a foreign key only ``exact in gt gte lt lte isnull`` can end a path.
3. What remains must pass the filtering declarations, recursing into related resources.
4. Values: ``true/True``, ``false/False``, ``nil/none/None`` become Python constants; ``in``
   and ``range`` take comma lists (repeated parameters are concatenated).

All filters are applied in one ``filter()`` call, so conditions on one to-many relation refer
to the same related row. dtapi additionally answers 400 (where the original fails with 500)
for a one-value ``range``, a constant given to ``in``/``range``, an invalid regular
expression, and durations on SQLite; naive datetimes are taken as UTC, and aware ones are
sent to the database in UTC.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.http import QueryDict

from dtapi.database.limits import RegexInvalid, RegexRefused, check_regex

from . import errors
from .constants import ALL, ALL_WITH_RELATIONS

if TYPE_CHECKING:
    from .resources import ModelResource

LOOKUP_SEP = "__"
# Lookups a relation (forward or reverse foreign key, many-to-many) accepts on itself; Django
# refuses the others when the query is built ("Invalid resource lookup: Unsupported lookup ...")
# even where get_lookups() lists them.
RELATION_LOOKUPS = ("exact", "in", "gt", "gte", "lt", "lte", "isnull")
# Lookups that compare text: meaningless on a boolean (PostgreSQL refuses them).
TEXT_LOOKUPS = frozenset(
    {
        "iexact",
        "contains",
        "icontains",
        "startswith",
        "istartswith",
        "endswith",
        "iendswith",
        "regex",
        "iregex",
    }
)
_LIST_FILTERS = ("in", "range")
_DATETIME_FILTERS = {"exact", "gt", "gte", "lt", "lte", "in", "range"}
_CONSTANTS: dict[str, Any] = {
    "true": True,
    "True": True,
    "false": False,
    "False": False,
    "nil": None,
    "none": None,
    "None": None,
}


def build_filters(resource: ModelResource, params: QueryDict) -> dict[str, Any]:
    """The ORM filter kwargs for the request's parameters (unknown names are ignored)."""
    filters: dict[str, Any] = {}
    for key in params:
        bits = key.split(LOOKUP_SEP)
        name = bits.pop(0)
        if name not in resource.fields and name != "resource_uri":
            continue
        django_field = _django_field(resource, name)
        filter_type = "exact"
        if bits and bits[-1] in django_field.get_lookups():
            filter_type = bits.pop()
        path = check_filtering(resource, name, filter_type, bits)
        value = _value(params, key, filter_type, name)
        value = _validate(resource.model, path, filter_type, value, name)
        filters[LOOKUP_SEP.join([*path, filter_type])] = value
    return filters


def parse_constant(raw: str) -> Any:
    """``true``/``false``/``none`` and their spellings as Python constants, else ``raw``."""
    return _CONSTANTS.get(raw, raw)


def apply_filters(queryset: models.QuerySet[Any], filters: dict[str, Any]) -> models.QuerySet[Any]:
    with errors.translating(errors.Stage.FILTER):
        return queryset.filter(**filters)


def check_filtering(
    resource: ModelResource, name: str, filter_type: str = "exact", bits: list[str] | None = None
) -> list[str]:
    """The model attribute path for ``name__bits``, or :class:`InvalidFilter`."""
    bits = bits or []
    allowed = resource.field_filtering
    if name not in allowed or name not in resource.fields:
        raise errors.InvalidFilter(errors.FILTER_NOT_ALLOWED, name)
    level = allowed[name]
    if level not in (ALL, ALL_WITH_RELATIONS) and filter_type not in level:
        raise errors.InvalidFilter(errors.FILTER_TYPE_NOT_ALLOWED, filter_type, name)
    spec = resource.fields[name]
    if spec.attribute is None:
        raise errors.InvalidFilter(errors.FILTER_NO_ATTRIBUTE, name)
    if not bits:
        return [spec.attribute]
    if not spec.is_related:
        raise errors.InvalidFilter(errors.FILTER_NO_RELATIONS, name)
    if level != ALL_WITH_RELATIONS:
        raise errors.InvalidFilter(errors.FILTER_TOO_DEEP, name)
    target = resource.registry.for_model(spec.target)
    if target is None:
        raise errors.InvalidFilter(errors.FILTER_NOT_ALLOWED, bits[0])
    return [spec.attribute, *check_filtering(target, bits[0], filter_type, bits[1:])]


def lookup_field(resource: ModelResource, name: str) -> Any:
    """The Django field whose lookups ``name__<lookup>`` may end with (a reverse relation: its
    foreign key), or ``None`` when ``name`` is not a model attribute of the resource."""
    spec = resource.fields.get(name)
    if spec is None or spec.attribute is None:
        return None
    try:
        field = resource.model._meta.get_field(spec.attribute)
    except FieldDoesNotExist:
        return None
    return getattr(field, "field", field)  # a reverse relation filters like its foreign key


def allowed_lookups(resource: ModelResource, name: str) -> list[str] | None:
    """The lookups ``name`` accepts as ``name__<lookup>`` and that the database can run, or
    ``None`` if it cannot be filtered at all. The same rules as :func:`build_filters` and
    :func:`check_filtering`, less what they leave to the query to refuse (OpenAPI lists these).
    """
    spec = resource.fields.get(name)
    level = resource.field_filtering.get(name)
    if spec is None or not level:
        return None
    field = lookup_field(resource, name)
    if field is None:
        return None
    lookups = set(field.get_lookups())
    if spec.is_related:
        lookups &= set(RELATION_LOOKUPS)
    elif isinstance(field, models.BinaryField):
        lookups = {"isnull"}  # bytes cannot be given in a query string
    elif isinstance(field, models.BooleanField):
        lookups -= TEXT_LOOKUPS
    if level not in (ALL, ALL_WITH_RELATIONS):
        lookups &= set(level)
    return sorted(lookups)


def _django_field(resource: ModelResource, name: str) -> Any:
    field = lookup_field(resource, name)
    if field is None:
        raise errors.InvalidFilter(errors.FILTER_NOT_VALID_FIELD, name)
    return field


def _value(params: QueryDict, key: str, filter_type: str, name: str) -> Any:
    raw = params[key]
    value = parse_constant(raw)
    if filter_type not in _LIST_FILTERS:
        return value
    if not isinstance(value, str):
        raise errors.InvalidFilter(errors.FILTER_NEEDS_LIST, filter_type, name)
    if not value:
        return value
    parts: list[str] = []
    for item in params.getlist(key):
        parts.extend(item.split(","))
    return parts


def _validate(
    model: type[models.Model], path: list[str], filter_type: str, value: Any, name: str
) -> Any:
    """Catch, before the database does, what the original answers with a 500."""
    if filter_type == "range" and (not isinstance(value, list) or len(value) != 2):
        raise errors.InvalidFilter(errors.FILTER_RANGE_NEEDS_TWO, name)
    if filter_type in ("regex", "iregex") and isinstance(value, str):
        # Checked before the query: bounded size on every database, and on SQLite a pattern
        # its bounded engine runs (dtapi.database.limits).
        try:
            check_regex(
                value,
                bounded_engine=connection.vendor == "sqlite",
                ignore_case=filter_type == "iregex",
            )
        except RegexInvalid:
            raise errors.InvalidFilter(errors.FILTER_BAD_REGEX, value, name) from None
        except RegexRefused as exc:
            raise errors.InvalidFilter(errors.FILTER_REGEX_REFUSED, name, exc) from None
    field = _final_field(model, path)
    if isinstance(field, models.DurationField) and connection.vendor == "sqlite":
        raise errors.InvalidFilter(errors.FILTER_DURATION_UNSUPPORTED, name)
    if isinstance(field, models.DateTimeField) and filter_type in _DATETIME_FILTERS:
        return _as_utc(field, value)
    return value


def _final_field(model: type[models.Model], path: list[str]) -> Any:
    field = None
    for attribute in path:
        try:
            field = model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field


def _as_utc(field: models.DateTimeField, value: Any) -> Any:
    """Parse datetime filter values; a value without a time zone is UTC."""
    if isinstance(value, list):
        return [_as_utc(field, item) for item in value]
    if not isinstance(value, str) or not value:
        return value
    with errors.translating(errors.Stage.FILTER):
        parsed = field.to_python(value)
    if isinstance(parsed, datetime.datetime):
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=datetime.UTC)
        try:
            # PostgreSQL refuses offsets beyond 15:59 (ISO 8601 allows up to 23:59); the same
            # instant in UTC always suits it.
            return parsed.astimezone(datetime.UTC)
        except OverflowError:  # before year 1 or after 9999 in UTC: the database decides
            return parsed
    return parsed
