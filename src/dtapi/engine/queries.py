"""Reading a resource: a list page, one object, a set of objects (wire data, no rendering).

Each runs a fixed number of queries: list = count + page + one per to-many field (the page
query is skipped when the offset is past the end); detail and set = one + one per to-many.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections, models
from django.db.models import QuerySet
from django.http import QueryDict

from . import errors
from .counting import join_table_count, stored_count
from .filtering import apply_filters, build_filters
from .keyset import deep_page
from .ordering import order_args
from .pagination import meta, parse_window
from .wire import WireObject

if TYPE_CHECKING:
    from .resources import ModelResource

T = TypeVar("T")


def run(query: Callable[[], T], stage: errors.Stage = errors.Stage.ROWS) -> T:
    """Run a database call; errors the request caused become 400s, not 500s."""
    with errors.translating(stage):
        return query()


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
        total = run(counted.count, errors.Stage.COUNT)
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
    with errors.translating(errors.Stage.KEY):
        query = plan.detail_query.bind(key)
    if _beyond_64_bits(resource, key):
        # No row can have such an id; PostgreSQL would find none, SQLite cannot even bind it.
        raise errors.NotFound()
    rows = run(query)
    if not rows:
        raise errors.NotFound()
    if len(rows) > 1:
        raise errors.MultipleFound()
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
