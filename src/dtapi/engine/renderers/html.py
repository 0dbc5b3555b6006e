"""The explorer: an ``/api/v1`` answer as an HTML page, for people with a browser.

``?format=html``, or an ``Accept`` header that rates ``text/html`` above JSON and XML (see
``negotiation.py``), gets the same answer as a page: the list's ``meta`` with first, previous,
next and last links; the objects as tables in which every URI is a link and long texts are
folded; the resource's schema with a filter form (a plain GET form); links to the same request
as JSON and XML; the top level and each app as indexes with counts.

Unlike JSON and XML, a page needs to know which request it answers (the view, the resource,
the query), so it is rendered from the request and the wire data together. The engine stays
generic: everything here comes from the registry and the field specs, never from a model name.

Cost: the structure of a page is a Django template (``templates/explorer/``); the cells of the
object tables, which are most of a list page, are written here in Python, and what depends only
on the resource (schema table, filter names) is built once per resource and kept. A list page
renders in well under the time of its JSON answer's queries (``bench/explorer_bench.py``).
"""

from __future__ import annotations

import html
import json
import time
from contextvars import ContextVar
from functools import cache, lru_cache
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlencode

from django.core.signals import setting_changed
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from .. import detail_cache
from ..conf import engine_settings
from ..constants import ALL, ALL_WITH_RELATIONS
from ..pagination import page_uri

if TYPE_CHECKING:
    from ..introspection import FieldSpec
    from ..resources import ModelResource

__all__ = ["HTML", "bind", "form_redirect", "protect", "render", "render_bound", "render_error"]

HTML = "text/html"
# The request being answered, for renderers called with the wire data alone (the format table).
_current: ContextVar[HttpRequest | None] = ContextVar("dtapi_explorer_request", default=None)

# Strings longer than this (or with a line break) are folded into <details>.
FOLD_AT = 100
# To-many lists longer than this are folded too.
FOLD_ITEMS = 4
# The filter form's marker and its (name, value) rows; see form_redirect().
FORM_MARKER = "_explorer"
FORM_NAME = "_f"
FORM_VALUE = "_v"
# Parameters that are not filters: the form shows them apart (or not at all).
NOT_FILTERS = frozenset(
    {"limit", "offset", "order_by", "sort_by", "format", "callback", "fullschema", "username"}
)
# Lookups the filter form suggests (those the field knows, of these); the schema lists all.
SUGGESTED_LOOKUPS = (
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "range",
    "isnull",
    "regex",
    "year",
    "date",
)
# Lookups a path across a relation may end with (see filtering.py).
RELATION_LOOKUPS = ("exact", "in", "gt", "gte", "lt", "lte", "isnull")

_VIEWS = {
    "dtapi-engine-top-level": "top",
    "dtapi-engine-app": "app",
    "dtapi-engine-list": "list",
    "dtapi-engine-detail": "detail",
    "dtapi-engine-set": "set",
    "dtapi-engine-schema": "schema",
}


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


# -- entry points -------------------------------------------------------------------------------


def render(request: HttpRequest, data: Any) -> bytes:
    """The page of a successful answer ``data`` (wire data) to ``request``."""
    view, kwargs = _view_of(request)
    if view in ("top", "app"):
        # The indexes change only with their counts: each page is kept as long as they are.
        key = request.get_full_path()
        _current_generation()
        kept = _pages.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        body = _render_page(request, view, kwargs, data)
        ttl = engine_settings.DETAIL_CACHE_SECONDS
        if ttl:
            if len(_pages) >= MAX_PAGES:
                _pages.clear()
            _pages[key] = (time.monotonic() + ttl, body)
        return body
    return _render_page(request, view, kwargs, data)


def _render_page(
    request: HttpRequest, view: str | None, kwargs: dict[str, Any], data: Any
) -> bytes:
    resource = _resource(kwargs)
    if view == "top":
        template, context = "explorer/top.html", _top_context(data)
    elif view == "app":
        template, context = "explorer/app.html", _app_context(kwargs["app_label"], data)
    elif view == "list" and resource is not None:
        template, context = "explorer/list.html", _list_context(request, resource, data)
    elif view == "detail" and resource is not None:
        template, context = "explorer/detail.html", _detail_context(resource, data)
    elif view == "set" and resource is not None:
        template, context = "explorer/set.html", _set_context(request, resource, data)
    elif view == "schema" and resource is not None:
        template, context = "explorer/schema.html", _schema_context(request, resource, data)
    else:
        template = "explorer/generic.html"
        context = _generic_context(request.path, data, _crumbs(kwargs))
    if "alternates" not in context:
        context["alternates"] = _alternates(request.path, request.GET)
    context.setdefault("crumbs", _crumbs(kwargs))
    return _render(template, context)


def bind(request: HttpRequest) -> None:
    """Remember the request being answered (the view does, before anything renders)."""
    _current.set(request)


def render_bound(data: Any) -> bytes:
    """:func:`render` for the request :func:`bind` remembered (a renderer of wire data alone)."""
    request = _current.get()
    if request is None:
        return _render("explorer/generic.html", _generic_context("", data, []))
    return render(request, data)


def render_error(request: HttpRequest, status: int, data: dict[str, Any]) -> bytes:
    """The page of an error answer (``{"error": ...}`` or ``{"error_message": ...}``)."""
    view, kwargs = _view_of(request)
    resource = _resource(kwargs)
    # The engine's messages are HTML-escaped already (as the original's are): shown as sent.
    messages = [html.unescape(str(text)) for text in data.values()]
    context: dict[str, Any] = {
        "title": f"{status}: {messages[0] if messages else 'error'}",
        "status": status,
        "phrase": HTTPStatus(status).phrase,
        "messages": messages,
        "crumbs": _crumbs(kwargs),
        "alternates": _alternates(request.path, request.GET),
        "resource": resource,
    }
    if resource is not None and view == "list":
        context["form"] = _form(resource, request.GET, request.path)
    return _render("explorer/error.html", context)


def form_redirect(request: HttpRequest) -> HttpResponse | None:
    """The filter form's answer: a redirect to the API query it describes, else ``None``.

    A plain HTML form cannot name a parameter after what the user typed, nor leave out its
    empty inputs; so the form sends its rows as ``_f=name&_v=value`` pairs with a marker, and
    this turns them into ``name=value`` (empty rows and choices dropped, paging restarted).
    The address bar then shows the very query a client would send. Only for a request that
    gets HTML: to every other client ``_explorer`` is an unknown parameter (ignored).
    """
    if FORM_MARKER not in request.GET:
        return None
    from ..negotiation import determine_format

    try:
        if determine_format(request) != HTML:
            return None
    except Exception:
        return None
    params = request.GET
    pairs: list[tuple[str, str]] = []
    names, values = params.getlist(FORM_NAME), params.getlist(FORM_VALUE)
    for name, value in zip(names, values, strict=False):
        name = name.strip()
        if name and value != "" and name not in NOT_FILTERS and not name.startswith("_"):
            pairs.append((name, value))
    for key in ("order_by", "limit", "format"):
        pairs.extend((key, value) for value in params.getlist(key) if value.strip())
    query = urlencode(pairs)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


NOT_FOUND = "There is no object at this URI."

# Pages run no script and load nothing: their only style is inline, their only form is ours.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def protect(response: HttpResponse) -> None:
    """Headers of an explorer page (any HTML answer of the engine)."""
    response["Content-Security-Policy"] = CSP
    response["X-Content-Type-Options"] = "nosniff"


# -- shared pieces ----------------------------------------------------------------------------


def _generic_context(title: str, data: Any, crumbs: list[tuple[str, str | None]]) -> dict[str, Any]:
    return {
        "title": title,
        "value": mark_safe(_value(data)),  # noqa: S308 (escaped)
        "crumbs": crumbs or [(engine_settings.url_prefix.strip("/"), None)],
        "alternates": [],
    }


def _render(template: str, context: dict[str, Any]) -> bytes:
    context["api_root"] = engine_settings.url_prefix
    context["header"] = _header(context.pop("crumbs"), context.pop("alternates"))
    return get_template(template).render(context).encode("utf-8")


def _header(crumbs: list[tuple[str, str | None]], alternates: list[tuple[str, str]]) -> SafeString:
    """The page's top bar: breadcrumbs, and the same answer in the other formats."""
    items = "".join(
        f'<li><a href="{_esc(uri)}">{_esc(text)}</a></li>'
        if uri
        else f'<li><span aria-current="page">{_esc(text)}</span></li>'
        for text, uri in crumbs
    )
    formats = "".join(
        f'<li><a href="{_esc(uri)}" type="application/{name.lower()}">as {name}</a></li>'
        for name, uri in alternates
    )
    return mark_safe(  # noqa: S308 (escaped)
        f'<nav class="crumbs" aria-label="Breadcrumbs"><ol>{items}</ol></nav>'
        f'<nav aria-label="This answer in other formats"><ul>{formats}'
        '<li><a href="/api/">API help</a></li></ul></nav>'
    )


def _view_of(request: HttpRequest) -> tuple[str | None, dict[str, Any]]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None, {}
    return _VIEWS.get(match.url_name or ""), dict(match.kwargs)


def _resource(kwargs: dict[str, Any]) -> ModelResource | None:
    from ..registry import registry

    if "app_label" in kwargs and "resource_name" in kwargs:
        return registry.get(kwargs["app_label"], kwargs["resource_name"])
    return None


def _crumbs(kwargs: dict[str, Any], key: str | None = None) -> list[tuple[str, str | None]]:
    """Breadcrumbs: (text, link), the last without a link (the current page)."""
    root = engine_settings.url_prefix
    crumbs: list[tuple[str, str | None]] = [(root.strip("/"), root)]
    app, name = kwargs.get("app_label"), kwargs.get("resource_name")
    if app:
        crumbs.append((app, f"{root}{app}/"))
    if app and name:
        crumbs.append((name, f"{root}{app}/{name}/"))
    key = key if key is not None else kwargs.get("key")
    if key is not None:
        crumbs.append((key, None))
    elif kwargs.get("keys") is not None:
        crumbs.append(("set", None))
    return [*crumbs[:-1], (crumbs[-1][0], None)]


def _alternates(path: str, params: QueryDict) -> list[tuple[str, str]]:
    """The same request as JSON and as XML."""
    result = []
    for name in ("json", "xml"):
        query = params.copy()
        query.setlist("format", [name])
        result.append((name.upper(), f"{path}?{query.urlencode()}"))
    return result


# -- values -------------------------------------------------------------------------------------


def _uri_text(uri: str) -> str:
    """What a link to an API URI says: the path below the API root, no trailing slash."""
    root = engine_settings.url_prefix
    text = uri[len(root) :] if uri.startswith(root) else uri
    return text[:-1] if text.endswith("/") else text


@lru_cache(maxsize=65536)
def _link(uri: str) -> str:
    """A link to an API URI (the same few URIs recur on every page: kept once written)."""
    return f'<a href="{_esc(uri)}">{_esc(_uri_text(uri))}</a>'


def _is_api_uri(value: str) -> bool:
    return value.startswith(engine_settings.url_prefix) and value.endswith("/")


_NULL = '<span class="null">null</span>'
_EMPTY = '<span class="null">""</span>'
_NONE = '<span class="null">none</span>'
_TRUE = '<span class="bool">true</span>'
_FALSE = '<span class="bool">false</span>'


def _text(value: str) -> str:
    if len(value) > FOLD_AT or "\n" in value:
        summary = value[:60].split("\n", 1)[0]
        return (
            f'<details class="fold"><summary>{_esc(summary)}… '
            f'<span class="muted">({len(value)} characters)</span></summary>'
            f'<div class="long">{_esc(value)}</div></details>'
        )
    if value.startswith(("https://", "http://")):
        return f'<a href="{_esc(value)}" rel="nofollow noreferrer">{_esc(value)}</a>'
    if value.startswith("/") and _is_api_uri(value):
        return _link(value)
    return _esc(value)


def _datetime(value: str) -> str:
    if len(value) == 20 and value[10] == "T" and value[19] == "Z":
        return f'<time datetime="{value}">{value[:10]} {value[11:19]}&nbsp;UTC</time>'
    return _esc(value)


def _list(values: list[Any], wire_type: str | None = None) -> str:
    if not values:
        return _NONE
    items = "".join(f"<li>{_value(item, wire_type)}</li>" for item in values)
    if len(values) > FOLD_ITEMS:
        return (
            f'<details class="fold"><summary>{len(values)} items</summary>'
            f'<ul class="items">{items}</ul></details>'
        )
    return f'<ul class="items">{items}</ul>'


def _value(value: Any, wire_type: str | None = None) -> str:
    """One value as HTML (escaped); ``wire_type`` is the field's schema type, if known."""
    if value is None:
        return _NULL
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    if isinstance(value, str):
        if value == "":
            return _EMPTY
        if wire_type == "datetime":
            return _datetime(value)
        if wire_type == "related":
            return _link(value) if _is_api_uri(value) else _esc(value)
        return _text(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return _list(list(value), wire_type)
    if isinstance(value, dict):
        return _text(json.dumps(value, sort_keys=True, ensure_ascii=False))
    return _esc(value)


def _related(value: Any) -> str:
    """A to-one value: a URI, null, or "" (a target without a resource, as the original)."""
    if value.__class__ is str and value:
        return _link(value) if _is_api_uri(value) else _esc(value)
    return _value(value, "related")


def _integer(value: Any) -> str:
    return str(value) if value.__class__ is int else _value(value)


def _string(value: Any) -> str:
    if (
        value.__class__ is str
        and value
        and len(value) <= FOLD_AT
        and "\n" not in value
        and value[0] not in "/h"
    ):
        return html.escape(value)  # nothing to link or fold: most values
    return _value(value, "string")


def _cell_writer(spec: FieldSpec | None) -> Any:
    """The function that writes a column's values, chosen once per column."""
    if spec is None:
        return _value
    if spec.kind == "to_one":
        return _related
    if spec.type == "integer":
        return _integer
    if spec.type == "string":
        return _string
    wire_type = spec.type
    return lambda value: _value(value, wire_type)


# -- object tables ------------------------------------------------------------------------------


def _columns(resource: ModelResource, objects: list[dict[str, Any]]) -> list[str]:
    columns = [name for name in resource.fields if name != "resource_uri"]
    known = set(columns)
    for obj in objects[:1]:
        columns.extend(key for key in obj if key not in known and key != "resource_uri")
    return columns


@cache
def _table_head(resource: ModelResource, columns: tuple[str, ...]) -> str:
    head = "".join(
        f'<th scope="col" title="{_esc(_field_title(resource, name))}">{_esc(name)}</th>'
        for name in columns
    )
    return (
        '<div class="scroll" tabindex="0" role="region" aria-label="objects">'
        f'<table class="objects"><thead><tr><th scope="col">object</th>{head}</tr></thead><tbody>'
    )


def _objects_table(resource: ModelResource, objects: list[dict[str, Any]]) -> SafeString:
    """One row per object: its link first (sticky), then one cell per field."""
    columns = tuple(_columns(resource, objects))
    writers = [(name, _cell_writer(resource.fields.get(name))) for name in columns]
    out = [_table_head(resource, columns)]
    append = out.append
    for obj in objects:
        get = obj.get
        uri = get("resource_uri")
        first = _link(uri) if uri.__class__ is str and uri else _value(uri)
        append(f'<tr><th scope="row">{first}</th>')
        for name, write in writers:
            append(f"<td>{write(get(name))}</td>")
        append("</tr>")
    out.append("</tbody></table></div>")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)


def _field_title(resource: ModelResource, name: str) -> str:
    spec = resource.fields.get(name)
    if spec is None:
        return name
    return f"{spec.type}: {spec.help_text}"


def _detail_rows(resource: ModelResource, obj: dict[str, Any]) -> SafeString:
    rows = []
    for name in ["resource_uri", *_columns(resource, [obj])]:
        spec = resource.fields.get(name)
        wire_type = spec.type if spec is not None else "string"
        shown = _describe_type(spec) if spec is not None else "string"
        rows.append(
            f'<tr><th scope="row" title="{_esc(spec.help_text if spec else "")}">{_esc(name)}</th>'
            f"<td>{_value(obj.get(name), wire_type)}</td>"
            f'<td class="muted">{_esc(shown)}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 (escaped)


def _describe_type(spec: FieldSpec) -> str:
    if spec.kind == "to_one":
        return "to-one URI"
    if spec.kind == "to_many":
        return "to-many URIs"
    return spec.type


# -- contexts of the pages ------------------------------------------------------------------------


def _top_context(data: dict[str, Any]) -> dict[str, Any]:
    from ..registry import registry

    apps = []
    for label in sorted(data):
        resources = registry.apps.get(label, {})
        counts = [object_count(resource) for resource in resources.values()]
        known = [count for count in counts if count is not None]
        apps.append(
            {
                "label": label,
                "uri": data[label].get("list_endpoint", ""),
                "resources": len(resources),
                "objects": sum(known) if len(known) == len(counts) else None,
            }
        )
    return {
        "title": f"{engine_settings.url_prefix} — API root",
        "apps": apps,
        "openapi": f"{engine_settings.url_prefix}openapi.json",
    }


def _app_context(app_label: str, data: dict[str, Any]) -> dict[str, Any]:
    from ..registry import registry

    rows = []
    for name in sorted(data):
        resource = registry.get(app_label, name)
        if resource is None:
            continue
        rows.append(
            {
                "name": name,
                "uri": resource.list_uri,
                "schema": resource.schema_uri,
                "count": object_count(resource),
                "verbose": resource.model._meta.verbose_name_plural,
            }
        )
    return {"title": f"{engine_settings.url_prefix}{app_label}/", "app": app_label, "rows": rows}


def _page_links(
    resource: ModelResource, params: QueryDict, meta: dict[str, Any]
) -> list[tuple[str, str | None]]:
    limit, offset, total = meta.get("limit") or 0, meta.get("offset") or 0, meta["total_count"]
    last = ((total - 1) // limit) * limit if limit and total else 0
    uri = resource.list_uri
    return [
        ("first", page_uri(uri, params, limit, 0) if offset else None),
        ("previous", meta.get("previous")),
        ("next", meta.get("next")),
        ("last", page_uri(uri, params, limit, last) if limit and offset < last else None),
    ]


def _list_context(
    request: HttpRequest, resource: ModelResource, data: dict[str, Any]
) -> dict[str, Any]:
    meta = data.get("meta", {})
    objects = data.get("objects", [])
    offset, total = meta.get("offset", 0), meta.get("total_count", 0)
    filters = _current_filters(request.GET)
    return {
        "title": f"{resource.app_label}/{resource.name}"
        + (f" — {len(filters)} filter{'s' if len(filters) != 1 else ''}" if filters else ""),
        "resource": resource,
        "meta": meta,
        "first_shown": offset + 1 if objects else offset,
        "last_shown": offset + len(objects),
        "total": total,
        "pages": _page_links(resource, request.GET, meta),
        "filters": filters,
        "table": _objects_table(resource, objects) if objects else None,
        "form": _form(resource, request.GET, resource.list_uri),
        "schema": _schema_fragment(resource),
    }


def _detail_context(resource: ModelResource, obj: dict[str, Any]) -> dict[str, Any]:
    """Depends on the object only (the page is kept in the detail cache beside its JSON)."""
    uri = obj.get("resource_uri") or resource.list_uri
    key = _uri_text(uri).rsplit("/", 1)[-1]
    return {
        "title": f"{resource.app_label}/{resource.name}/{key}",
        "resource": resource,
        "rows": _detail_rows(resource, obj),
        "referrers": _referrers(resource, obj),
        "crumbs": _crumbs(
            {"app_label": resource.app_label, "resource_name": resource.name}, key=key
        ),
        "alternates": [("JSON", f"{uri}?format=json"), ("XML", f"{uri}?format=xml")],
    }


def _set_context(
    request: HttpRequest, resource: ModelResource, data: dict[str, Any]
) -> dict[str, Any]:
    objects = data.get("objects", [])
    return {
        "title": f"{resource.app_label}/{resource.name} — set of {len(objects)}",
        "resource": resource,
        "count": len(objects),
        "table": _objects_table(resource, objects) if objects else None,
        "not_found": data.get("not_found", []),
    }


def _schema_context(
    request: HttpRequest, resource: ModelResource, data: dict[str, Any]
) -> dict[str, Any]:
    return {
        "title": f"{resource.app_label}/{resource.name} — schema",
        "resource": resource,
        "schema": _schema_fragment(resource),
        "form": _form(resource, QueryDict(), resource.list_uri),
        "default_limit": data.get("default_limit"),
        "methods": data.get("allowed_list_http_methods", []),
    }


# -- what points here -----------------------------------------------------------------------------


def _referrers(resource: ModelResource, obj: dict[str, Any]) -> SafeString:
    """Links to the lists of other resources filtered to the objects that refer to this one."""
    uri = obj.get("resource_uri")
    if not isinstance(uri, str) or not uri.startswith(resource.list_uri):
        return mark_safe("")
    filters = _referring_filters(resource)
    if not filters:
        return mark_safe("")
    key = unquote(uri[len(resource.list_uri) :].rstrip("/"))
    items = "".join(
        f'<li><a href="{_esc(list_uri)}?{_esc(urlencode({param: key}))}">{_esc(label)}</a></li>'
        for label, list_uri, param in filters
    )
    return mark_safe(  # noqa: S308 (escaped)
        f'<details><summary><h2 class="inline">Lists that refer to this object '
        f"({len(filters)})</h2></summary><ul>{items}</ul></details>"
    )


@cache
def _referring_filters(resource: ModelResource) -> list[tuple[str, str, str]]:
    """(label, list URI, filter parameter) of each filterable relation to ``resource``'s model.

    The parameter compares the relation with this resource's URI key: ``field`` where the key
    is the primary key, else ``field__<key attribute>`` where the target allows that filter."""
    from ..filtering import check_filtering
    from ..registry import registry

    model = resource.model
    key_field = model._meta.get_field(resource.detail_attname)
    by_pk = key_field.primary_key
    result = []
    for other in registry.resources():
        for name, spec in other.fields.items():
            if not spec.is_related or spec.target is not model or spec.attribute is None:
                continue
            level = other.field_filtering.get(name)
            if level is None:
                continue
            if by_pk:
                param = name
            else:
                param = f"{name}__{key_field.name}"
                try:
                    check_filtering(other, name, "exact", [key_field.name])
                except Exception:
                    continue
            result.append((f"{other.app_label}/{other.name} by {name}", other.list_uri, param))
    return sorted(result)


# -- schema and filter form -------------------------------------------------------------------


def _lookups(spec: FieldSpec) -> list[str]:
    field = spec.model_field
    field = getattr(field, "field", field)  # a reverse relation filters like its foreign key
    if field is None or not hasattr(field, "get_lookups"):
        return []
    return sorted(field.get_lookups())


def _filter_text(resource: ModelResource, name: str) -> tuple[str, list[str]]:
    """How a field may be filtered: a summary, and the lookups."""
    level = resource.field_filtering.get(name)
    spec = resource.fields.get(name)
    if level is None or spec is None or spec.attribute is None:
        return "", []
    if level == ALL:
        return "any lookup", _lookups(spec)
    if level == ALL_WITH_RELATIONS:
        if spec.is_related:
            return "any lookup, and across the relation", _lookups(spec)
        return "any lookup", _lookups(spec)
    return "these lookups", list(level)


def _target(spec: FieldSpec) -> ModelResource | None:
    from ..registry import registry

    return registry.for_model(spec.target) if spec.is_related else None


@cache
def _schema_fragment(resource: ModelResource) -> SafeString:
    """The fields table of the resource's schema (the same for every request)."""
    rows = []
    for name, spec in [*resource.fields.items(), ("resource_uri", None)]:
        summary, lookups = _filter_text(resource, name) if spec is not None else ("", [])
        target = _target(spec) if spec is not None else None
        if target is not None:
            kind = _describe_type(spec)  # type: ignore[arg-type]
            type_html = (
                f'{_esc(kind)} → <a href="{_esc(target.list_uri)}">'
                f"{_esc(target.app_label)}/{_esc(target.name)}</a>"
            )
        else:
            type_html = _esc(spec.type if spec is not None else "string")
        flags = []
        if spec is not None:
            flags += ["nullable"] if spec.nullable else []
            flags += ["unique"] if spec.unique else []
        if name in resource.allowed_ordering:
            flags.append("orderable")
        if lookups:
            filter_html = (
                f'<details class="fold"><summary>{_esc(summary)}</summary>'
                f'<span class="lookups">{" ".join(_esc(x) for x in lookups)}</span></details>'
            )
        else:
            filter_html = _esc(summary) or '<span class="muted">no</span>'
        help_text = spec.help_text if spec is not None else "The object's own URI."
        rows.append(
            f'<tr><th scope="row" id="field-{_esc(name)}">{_esc(name)}</th><td>{type_html}</td>'
            f"<td>{_esc(help_text)}</td><td>{filter_html}</td>"
            f"<td>{' '.join(flags)}</td></tr>"
        )
    ordering = ", ".join(f"<code>{_esc(name)}</code>" for name in resource.allowed_ordering)
    return mark_safe(  # noqa: S308 (escaped)
        f'<div class="scroll" tabindex="0" role="region" aria-label="fields of '
        f'{_esc(resource.name)}"><table class="fields"><thead><tr><th scope="col">field</th>'
        '<th scope="col">type</th><th scope="col">help</th><th scope="col">filtering</th>'
        f'<th scope="col">properties</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f"</div><p>Ordering (<code>order_by</code>, <code>-</code> before the name for "
        f"descending): {ordering or '<span class=muted>none</span>'}.</p>"
    )


def _current_filters(params: QueryDict) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key in params
        if key not in NOT_FILTERS and not key.startswith("_")
        for value in params.getlist(key)
    ]


@cache
def _filter_names(resource: ModelResource) -> SafeString:
    """The <option>s of the datalist that suggests filter names as the user types."""
    from ..registry import registry

    names: list[str] = []
    for name, spec in resource.fields.items():
        if name not in resource.field_filtering or spec.attribute is None:
            continue
        level = resource.field_filtering[name]
        known = set(_lookups(spec))
        if isinstance(level, (list, tuple)):
            allowed = [lookup for lookup in level if lookup in known or lookup == "exact"]
        elif spec.is_related:
            allowed = [lookup for lookup in RELATION_LOOKUPS if lookup in known]
        else:
            allowed = [lookup for lookup in SUGGESTED_LOOKUPS if lookup in known]
        names.append(name)
        names.extend(f"{name}__{lookup}" for lookup in allowed if lookup != "exact")
        target = registry.for_model(spec.target) if spec.is_related else None
        if target is not None and level == ALL_WITH_RELATIONS:
            names.extend(
                f"{name}__{other}"
                for other, other_spec in target.fields.items()
                if other in target.field_filtering and not other_spec.is_related
            )
    return mark_safe("".join(f'<option value="{_esc(n)}">' for n in names))  # noqa: S308


@cache
def _ordering_options(resource: ModelResource) -> str:
    options = ['<option value="">default order</option>']
    for name in resource.allowed_ordering:
        options.append(f'<option value="{_esc(name)}">{_esc(name)} ascending</option>')
        options.append(f'<option value="-{_esc(name)}">{_esc(name)} descending</option>')
    return "".join(options)


def _form(resource: ModelResource, params: QueryDict, action: str) -> SafeString:
    """The filter form (plain HTML, GET): the current filters as editable rows, a few empty
    rows, the ordering and the page size. Written here rather than in a template: it is on
    every list page, and a template would cost more than the rest of the page."""
    filters = _current_filters(params)
    rows = [*filters, *([("", "")] * max(2, 4 - len(filters)))]
    datalist = f"filters-{resource.app_label}-{resource.name}"
    out = [
        f'<form class="filters" method="get" action="{_esc(action)}" aria-label="Filter and '
        f'order"><input type="hidden" name="{FORM_MARKER}" value="1">'
    ]
    if params.get("format") == "html":
        out.append('<input type="hidden" name="format" value="html">')
    out.append(
        '<p class="hint">A filter is a field name, optionally followed by <code>__</code> and '
        "a lookup (<code>title__icontains</code>) or by a field of the related resource "
        "(<code>states__slug</code>); the names are suggested as you type. Leave a row empty "
        "to drop it.</p>"
    )
    for number, (name, value) in enumerate(rows, 1):
        out.append(
            f'<div class="row"><label for="f{number}">filter {number}</label>'
            f'<input type="text" id="f{number}" name="{FORM_NAME}" value="{_esc(name)}" '
            f'list="{datalist}" placeholder="field__lookup" autocomplete="off" '
            f'spellcheck="false"><span aria-hidden="true">=</span>'
            f'<input type="text" name="{FORM_VALUE}" value="{_esc(value)}" '
            f'aria-label="value of filter {number}" placeholder="value"></div>'
        )
    out.append(f'<datalist id="{datalist}">{_filter_names(resource)}</datalist>')
    options = _ordering_options(resource)
    order = params.get("order_by", params.get("sort_by", ""))
    if order:
        chosen = f'<option value="{_esc(order)}">'
        options = options.replace(chosen, chosen[:-1] + " selected>", 1)
    limit = params.get("limit", "")
    out.append(
        f'<div class="row"><label for="order_by">order by</label>'
        f'<select id="order_by" name="order_by">{options}</select>'
        f'<label for="limit">per page</label><input type="number" id="limit" name="limit" '
        f'min="0" max="{engine_settings.MAX_LIMIT}" value="{_esc(limit)}" '
        f'placeholder="{engine_settings.DEFAULT_LIMIT}">'
        '<button type="submit">Apply</button></div></form>'
    )
    return mark_safe("".join(out))  # noqa: S308 (escaped)


# -- counts for the indexes ----------------------------------------------------------------------

_counts: dict[tuple[str, str], tuple[float, int | None]] = {}
# Index pages: full path -> (expiry, body).
_pages: dict[str, tuple[float, bytes]] = {}
MAX_PAGES = 1000
_generation: list[Any] = [None]  # the data generation the counts and pages belong to


def _current_generation() -> None:
    """Forget the counts (and the pages that show them) when the data generation moves, as
    the detail cache forgets its entries (a write here, a commit elsewhere)."""
    from .. import freshness

    generation = freshness.current()
    if generation != _generation[0]:
        _forget_counts()
        _generation[0] = generation


def object_count(resource: ModelResource) -> int | None:
    """How many objects the resource's list holds (kept as long as a detail cache entry, and
    forgotten with it on any write); ``None`` when the database cannot say."""
    key = (resource.app_label, resource.name)
    now = time.monotonic()
    kept = _counts.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    try:
        value: int | None = resource.get_queryset().count()
    except (DatabaseError, Exception):  # an index must not fail for one table
        value = None
    ttl = engine_settings.DETAIL_CACHE_SECONDS
    if ttl:
        _counts[key] = (now + ttl, value)
    return value


def _forget_counts(*args: Any, **kwargs: Any) -> None:
    _counts.clear()
    _pages.clear()


def _forget(*args: Any, **kwargs: Any) -> None:
    _forget_counts()
    _referring_filters.cache_clear()
    _schema_fragment.cache_clear()
    _filter_names.cache_clear()
    _table_head.cache_clear()
    _ordering_options.cache_clear()
    _link.cache_clear()


detail_cache.on_clear(_forget_counts)
setting_changed.connect(_forget, dispatch_uid="dtapi.engine.renderers.html")
