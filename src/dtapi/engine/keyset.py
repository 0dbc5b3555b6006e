"""Deep pages: find the page's keys first, then fetch only those rows.

``OFFSET 100000`` makes the database produce and throw away 100,000 full rows, each with the
joins the page's columns need (a document's name for every event's ``doc`` URI, ...). Here the
offset is taken by a query that selects nothing but the primary key, with the list's filters
and order -- on PostgreSQL an index-only scan along the index of the order -- and the page is
the rows whose keys it found, in the same order::

    SELECT <columns> FROM t ... WHERE t.id IN (SELECT id FROM t WHERE <filters>
                                               ORDER BY <order> LIMIT n OFFSET k)
    ORDER BY <order>

One statement, so one snapshot: the same rows as the plain ``OFFSET`` query, in the same order,
and the request still runs count + page + one query per to-many field. Clients keep sending
``offset``; ``meta`` is unchanged.

It applies only where the two queries provably agree: the list is ordered (an order the
database may change between statements would not be a page anyway), and no filter goes
through a to-many relation -- such a filter can repeat a row, and ``id IN (...)`` would fold
the repeats the plain query keeps.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, QuerySet

# Below this offset the plain query is as cheap: skipping a few hundred rows costs less than
# planning a second SELECT.
DEEP_OFFSET = 1000


def deep_page(queryset: QuerySet[Any], offset: int, stop: int) -> QuerySet[Any] | None:
    """``queryset[offset:stop]`` as a key lookup, or ``None`` where the plain slice is kept."""
    if offset < DEEP_OFFSET or not queryset.ordered or not _one_row_per_object(queryset):
        return None
    keys = queryset.values_list("pk", flat=True)[offset:stop]
    outer = queryset.model._base_manager.using(queryset.db)  # the same database (replicas)
    return outer.filter(pk__in=keys).order_by(*_ordering(queryset))


def _ordering(queryset: QuerySet[Any]) -> tuple[Any, ...]:
    query = queryset.query
    if query.order_by:
        return tuple(query.order_by)
    return tuple(query.get_meta().ordering or ())


def _one_row_per_object(queryset: QuerySet[Any]) -> bool:
    """Whether every join of the query follows a to-one relation (no row can repeat)."""
    query = queryset.query
    if query.distinct or query.combinator or query.extra or query.annotations:
        return False
    for join in query.alias_map.values():
        field = getattr(join, "join_field", None)
        if field is None:
            continue  # the base table
        if not isinstance(field, Field) or not (field.many_to_one or field.one_to_one):
            return False  # a reverse or many-to-many relation
    return True
