"""Comparing two answers to one request: status, headers, and the body parsed by its format.

:func:`differences` returns a list of :class:`Difference` (empty when the answers agree):

``status``   the HTTP status codes differ;
``header``   a header that clients or caches see differs (content type, ``Allow``, ``Vary``
             and ``Cache-Control`` (as sets of tokens: "dtapi adds/lacks [...]"), ``Location``,
             CORS headers, whether an ``ETag`` is present);
``body``     the bodies differ once parsed: JSON as data, XML as a canonical element tree
             (tag, attributes, text, children in order), anything else as bytes;
``bytes``    the bodies are equal once parsed but not byte for byte (then the ETags differ).

Schema documents are compared after masking the ``default`` of fields whose model default is
computed on each call (``timezone.now``, random keys): both servers compute it per request.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from lxml import etree

COMPARED_HEADERS = (
    "Content-Type",
    "Allow",
    "Location",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
)
SET_HEADERS = ("Vary", "Cache-Control")


@dataclass
class Answer:
    """What a server answered (decoupled from the test client's response object)."""

    status: int
    headers: dict[str, str]
    body: bytes

    @classmethod
    def of(cls, response: Any) -> Answer:
        body = b"" if getattr(response, "streaming", False) else bytes(response.content)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        return cls(response.status_code, dict(response.headers), body)

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip()

    def short(self, limit: int = 600) -> str:
        text = self.body.decode("utf-8", "replace")
        if len(text) > limit:
            text = text[:limit] + f"... ({len(self.body)} bytes)"
        ctype = self.header("Content-Type")
        return f"{self.status} [{ctype}] {text}"


@dataclass
class Difference:
    kind: str  # status | header | body | bytes
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def _token_set(value: str | None) -> set[str]:
    return {token.strip().lower() for token in (value or "").split(",") if token.strip()}


def parse_xml(body: bytes) -> Any:
    """A canonical form of an XML document: nested (tag, attributes, text, children)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser)

    def canon(element: Any) -> tuple:
        return (
            element.tag,
            tuple(sorted(element.attrib.items())),
            element.text or "",
            tuple(canon(child) for child in element),
        )

    return canon(root)


def xml_data(canon: Any) -> Any:
    """A canonical XML tree read back as data, the way tastypie's XML deserializer does."""
    tag, attrs, text, children = canon
    kind = dict(attrs).get("type")
    if tag in ("response", "object") and kind is None or kind == "hash":
        return {child[0]: xml_data(child) for child in children}
    if kind == "list" or tag == "objects":
        return [xml_data(child) for child in children]
    if kind == "integer":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        return text == "True"
    if kind == "null":
        return None
    return text


# -- schema normalization ------------------------------------------------------------------

_SCHEMA_PATH = re.compile(r"^/api/v1/(?P<app>[^/]+)/(?P<resource>[^/]+)/schema/$")
_APP_PATH = re.compile(r"^/api/v1/(?P<app>[^/]+)/$")


@functools.cache
def _volatile_defaults(app_label: str, resource: str) -> frozenset[str]:
    """Fields of the resource's model whose default is computed anew on each call (the time,
    random keys), as opposed to callables that build a constant (``list``, role lists)."""
    try:
        model = apps.get_model(app_label, resource)
    except LookupError:
        return frozenset()
    volatile = set()
    for f in model._meta.concrete_fields:
        if f.has_default() and callable(f.default):
            first = f.default()
            if isinstance(first, (datetime.date, datetime.time)) or first != f.default():
                volatile.add(f.name)
    return frozenset(volatile)


MASK = "<computed per request>"
_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


def _masked(value: Any) -> Any:
    """A per-request value with its format kept: digits of a datetime become ``N``."""
    if isinstance(value, str) and _DATETIME.fullmatch(value):
        return re.sub(r"\d", "N", value)
    return MASK


def _mask_schema(schema: Any, app_label: str, resource: str) -> Any:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), dict):
        return schema
    for name in _volatile_defaults(app_label, resource):
        field = schema["fields"].get(name)
        if isinstance(field, dict) and "default" in field:
            field["default"] = _masked(field["default"])
    return schema


def masks(path: str) -> bool:
    """Whether :func:`normalize` may change the answer to ``path``."""
    return bool(_SCHEMA_PATH.match(path) or _APP_PATH.match(path))


def normalize(path: str, data: Any) -> Any:
    """Mask what legitimately changes from one request to the next."""
    match = _SCHEMA_PATH.match(path)
    if match:
        return _mask_schema(data, match["app"], match["resource"])
    match = _APP_PATH.match(path)
    if match and isinstance(data, dict):
        for resource, entry in data.items():
            if isinstance(entry, dict) and isinstance(entry.get("schema"), dict):
                _mask_schema(entry["schema"], match["app"], resource)
    return data


def _mask_xml(canon: Any, app: str, resource: str | None) -> Any:
    """The XML counterpart of :func:`normalize` on a canonical tree."""
    tag, attrs, text, children = canon
    if tag == "fields" and resource:
        volatile = _volatile_defaults(app, resource)
        masked = []
        for field in children:
            if field[0] in volatile:
                field = (
                    field[0],
                    field[1],
                    field[2],
                    tuple(
                        (c[0], c[1], _masked(c[2]), c[3]) if c[0] == "default" else c
                        for c in field[3]
                    ),
                )
            masked.append(field)
        return (tag, attrs, text, tuple(masked))
    return (tag, attrs, text, tuple(_mask_xml(child, app, resource) for child in children))


def normalize_xml(path: str, canon: Any) -> Any:
    match = _SCHEMA_PATH.match(path)
    if match:
        return _mask_xml(canon, match["app"], match["resource"])
    match = _APP_PATH.match(path)
    if match:
        tag, attrs, text, children = canon
        return (
            tag,
            attrs,
            text,
            tuple(_mask_xml(child, match["app"], child[0]) for child in children),
        )
    return canon


# -- comparing -------------------------------------------------------------------------------


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    """A short description of where two parsed bodies first differ."""
    if type(a) is not type(b):
        return f"{where or '<root>'}: {a!r:.200} != {b!r:.200}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a:
                return f"{where}.{key}: missing in reference (dtapi: {b[key]!r:.200})"
            if key not in b:
                return f"{where}.{key}: missing in dtapi (reference: {a[key]!r:.200})"
            if a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{where}.{key}")
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)} items"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{index}]")
    return f"{where or '<root>'}: {a!r:.300} != {b!r:.300}"


# -- order the database leaves open --------------------------------------------------------

_URI = re.compile(r"^/api/v1/(?P<app>[^/]+)/(?P<resource>[^/]+)/")
_LIST_PATH = re.compile(r"^/api/v1/(?P<app>[^/]+)/(?P<resource>[^/]+)/(set/[^/]*/)?$")


def _unordered_model(app_label: str, resource: str) -> bool:
    try:
        model = apps.get_model(app_label, resource)
    except LookupError:
        return False
    return not model._meta.ordering


def _unorder_object(obj: Any) -> Any:
    """Sort the to-many URI lists whose target model has no ordering."""
    if not isinstance(obj, dict):
        return obj
    result = {}
    for key, value in obj.items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            match = _URI.match(value[0])
            if match and _unordered_model(match["app"], match["resource"]):
                value = sorted(value)
        result[key] = value
    return result


def unorder(path: str, query: str, data: Any) -> Any:
    """Make a list answer independent of the order the database leaves open.

    Used on PostgreSQL only, where a query without ORDER BY returns rows in whatever order the
    plan produces (tastypie's and dtapi's queries differ, so their plans do). A page of a model
    without default ordering and without ``order_by`` is compared as a set when it holds the
    whole result, else by size; to-many lists of unordered targets are compared sorted.
    """
    if not isinstance(data, dict) or not isinstance(data.get("objects"), list):
        return _unorder_object(data)
    objects = [_unorder_object(obj) for obj in data["objects"]]
    match = _LIST_PATH.match(path)
    ordered = "order_by=" in query or "sort_by=" in query
    if match and not ordered and _unordered_model(match["app"], match["resource"]):
        meta = data.get("meta") or {}
        whole = not meta or (meta.get("offset") == 0 and meta.get("next") is None)
        if whole:
            objects = sorted(objects, key=lambda obj: json.dumps(obj, sort_keys=True))
        else:
            objects = [f"<{len(obj)} keys>" for obj in objects]
    return {**data, "objects": objects}


def parsed_body(path: str, answer: Answer, query: str = "", unordered: bool = False):
    ctype = answer.content_type
    if ctype == "application/json" and answer.body:
        try:
            data = normalize(path, json.loads(answer.body))
        except ValueError:
            return "bytes", answer.body
        return "json", unorder(path, query, data) if unordered else data
    if ctype in ("application/xml", "text/xml") and answer.body:
        try:
            canon = parse_xml(answer.body)
        except etree.XMLSyntaxError:
            return "bytes", answer.body
        canon = normalize_xml(path, canon)
        if unordered:
            return "xml", unorder(path, query, xml_data(canon))
        return "xml", canon
    return "bytes", answer.body


def differences(
    path: str, reference: Answer, dtapi: Answer, query: str = "", unordered: bool = False
) -> list[Difference]:
    found: list[Difference] = []
    if reference.status != dtapi.status:
        found.append(Difference("status", f"{reference.status} != {dtapi.status}"))
    for name in COMPARED_HEADERS:
        a, b = reference.header(name), dtapi.header(name)
        if name == "Allow":
            a, b = (None if v is None else ",".join(sorted(_token_set(v))) for v in (a, b))
        if a != b:
            found.append(Difference("header", f"{name}: {a!r} != {b!r}"))
    for name in SET_HEADERS:
        a, b = _token_set(reference.header(name)), _token_set(dtapi.header(name))
        if b - a:
            found.append(Difference("header", f"{name}: dtapi adds {sorted(b - a)}"))
        if a - b:
            found.append(Difference("header", f"{name}: dtapi lacks {sorted(a - b)}"))
    if (reference.header("ETag") is None) != (dtapi.header("ETag") is None):
        found.append(
            Difference("header", f"ETag: {reference.header('ETag')!r} != {dtapi.header('ETag')!r}")
        )
    kind_a, body_a = parsed_body(path, reference, query, unordered)
    kind_b, body_b = parsed_body(path, dtapi, query, unordered)
    if kind_a != kind_b or body_a != body_b:
        if kind_a == kind_b and kind_a != "bytes":
            found.append(Difference("body", _first_difference(body_a, body_b)))
        else:
            found.append(Difference("body", f"{kind_a} body != {kind_b} body"))
    elif reference.body != dtapi.body and kind_a != "bytes" and not masks(path) and not unordered:
        found.append(Difference("bytes", f"{len(reference.body)} != {len(dtapi.body)} bytes"))
    return found
