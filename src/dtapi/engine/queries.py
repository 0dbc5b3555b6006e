"""Reading a resource: a list page, one object, a set of objects (wire data, no rendering).

Each runs a fixed number of queries: list = count + page + one per to-many field (the page
query is skipped when the offset is past the end); detail and set = one + one per to-many.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connections, models
from django.db.models import QuerySet
from django.http import QueryDict

from dtapi.database.limits import configured_timeout, is_statement_timeout

from . import errors
from .counting import join_table_count, stored_count
from .filtering import apply_filters, build_filters
from .keyset import deep_page
from .ordering import order_args
from .pagination import meta, parse_window
from .plan import WireObject

if TYPE_CHECKING:
    from .resources import ModelResource

T = TypeVar("T")


class NotFound(Exception):
    """No object at this detail URI (404, empty body)."""


class MultipleFound(Exception):
    """More than one object at this detail URI (300)."""


def run(query: Callable[[], T]) -> T:
    """Run a database call; errors the request caused become 400s, not 500s."""
    try:
        return query()
    except (ValueError, TypeError, OverflowError):  # OverflowError: SQLite, ints beyond 64 bits
        raise errors.BadRequest(errors.FILTER_MISMATCHED_TYPE) from None
    except ValidationError as exc:
        raise errors.ValidationFailed(exc.messages) from None
    except FieldError as exc:
        raise errors.BadRequest("%s", str(exc)) from None
    except DatabaseError as exc:
        if is_statement_timeout(exc):
            raise errors.QueryTimeout(configured_timeout()) from None
        raise errors.BadRequest(errors.QUERY_FAILED, str(exc).strip()) from None


def count(queryset: QuerySet[Any]) -> int:
    """``queryset.count()`` with the original's paginator patch: a ``ValueError`` raised only
    when the query runs (``isnull=maybe``) is a 400 "Invalid resource lookup: ...."."""
    try:
        return queryset.count()
    except ValueError as exc:
        raise errors.BadRequest(errors.INVALID_LOOKUP, exc) from None


def _plan_order_is_stable(queryset: QuerySet[Any]) -> bool:
    """SQLite returns an unordered query's rows in the order of its plan, and its planner
    does not weigh LIMIT/OFFSET without an ORDER BY: pages are stable as they are, while an
    ORDER BY would make it sort every match (a filtered page of 20 documents: 0.1 -> 10 ms)."""
    return connections[queryset.db].vendor == "sqlite"


def list_page(resource: ModelResource, params: QueryDict) -> dict[str, Any]:
    plan = resource.plan
    base = resource.get_queryset()
    filters = build_filters(resource, params)
    queryset = apply_filters(base, filters)
    counted = join_table_count(base, filters)
    if counted is None:
        counted = queryset
    ordering = order_args(resource, params)
    if ordering is not None:
        queryset = queryset.order_by(*ordering)
    elif not queryset.ordered and not _plan_order_is_stable(queryset):
        # The original leaves this order to the database. PostgreSQL's may differ from one
        # page to the next (plans depend on LIMIT/OFFSET, updated rows move), so offset pages
        # could skip or repeat rows: dtapi pages by pk there.
        queryset = queryset.order_by("pk")
    window = parse_window(params)
    total = stored_count(base, filters)
    if total is None:
        total = run(lambda: count(counted))
    rows: list[Any] = []
    if window.offset < total:
        deep = deep_page(queryset, window.offset, window.stop)
        if deep is not None:
            page = deep.values_list(*plan.columns)
        else:
            page = queryset.values_list(*plan.columns)[window.offset : window.stop]
        rows = run(lambda: list(page))
    return {
        "meta": meta(resource.list_uri, params, window, total),
        "objects": run(lambda: plan.objects(rows)),
    }


def detail_object(resource: ModelResource, key: str) -> WireObject:
    plan = resource.plan
    try:
        query = plan.detail_query.bind(key)
    except ValueError:
        raise errors.LookupMismatch() from None
    except ValidationError as exc:
        raise errors.ValidationFailed(exc.messages) from None
    if _beyond_64_bits(resource, key):
        # No row can have such an id; PostgreSQL would find none, SQLite cannot even bind it.
        raise NotFound(key)
    rows = run(query)
    if not rows:
        raise NotFound(key)
    if len(rows) > 1:
        raise MultipleFound(key)
    return run(lambda: plan.objects(rows))[0]


def _beyond_64_bits(resource: ModelResource, key: str) -> bool:
    """Whether ``key`` is an integer id no 64-bit integer column can hold."""
    field = resource.model._meta.get_field(resource.detail_attname)
    if field.is_relation:  # a parent link (docevent_ptr) holds its parent's key
        field = field.target_field
    if not isinstance(field, models.IntegerField):
        return False
    try:
        return not -(2**63) <= int(key) < 2**63
    except ValueError:
        return False


def object_set(resource: ModelResource, params: QueryDict, keys: list[str]) -> dict[str, Any]:
    plan = resource.plan
    queryset = apply_filters(resource.get_queryset(), build_filters(resource, params))
    queryset = apply_filters(queryset, {f"{resource.detail_attname}__in": keys})
    found = {
        str(row[plan.detail_index]): row
        for row in run(lambda: list(queryset.values_list(*plan.columns)))
    }
    rows = [found[key] for key in keys if key in found]
    data: dict[str, Any] = {"objects": run(lambda: plan.objects(rows))}
    not_found = [key for key in keys if key not in found]
    if not_found:
        data["not_found"] = not_found
    return data
