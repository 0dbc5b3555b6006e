"""``order_by`` (or its deprecated alias ``sort_by``): only on fields the resource allows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import QueryDict

from . import errors

if TYPE_CHECKING:
    from .resources import ModelResource

LOOKUP_SEP = "__"


def order_args(resource: ModelResource, params: QueryDict) -> list[str] | None:
    """``order_by()`` arguments for the request, or ``None`` to keep the default order."""
    if "order_by" in params:
        values = params.getlist("order_by")
    elif "sort_by" in params:
        values = params.getlist("sort_by")
    else:
        return None
    return [_order_arg(resource, value) for value in values]


def _order_arg(resource: ModelResource, value: str) -> str:
    bits = value.split(LOOKUP_SEP)
    name, sign = bits[0], ""
    if name.startswith("-"):
        name, sign = name[1:], "-"
    if name not in resource.fields and name != "resource_uri":
        raise errors.InvalidSort(errors.ORDER_NO_FIELD, name)
    if name not in resource.allowed_ordering:
        raise errors.InvalidSort(errors.ORDER_NOT_ALLOWED, name)
    attribute = resource.fields[name].attribute if name in resource.fields else None
    if attribute is None:
        raise errors.InvalidSort(errors.ORDER_NO_ATTRIBUTE, name)
    return sign + LOOKUP_SEP.join([attribute, *bits[1:]])
