"""Fuzzing dtapi's /api/v1/: generated paths, query strings, headers and methods.

Every answer must be a client error or a success, never a 5xx, never a traceback, and a
successful JSON or XML answer must parse. The data set is the differential test's (every app
has rows), so filters, orderings and pages run real queries on SQLite and PostgreSQL.

Hypothesis draws the requests; the number of examples per test is sized to keep the module
well under a minute (``DTAPI_FUZZ_EXAMPLES`` scales it, e.g. 10 for a 10x longer run). The
examples are the same on every run (reproducible in CI); ``DTAPI_FUZZ_RANDOM=1`` draws new ones.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

pytestmark = pytest.mark.django_db

SCALE = float(os.environ.get("DTAPI_FUZZ_EXAMPLES", "1"))
FUZZ = settings(
    max_examples=int(1000 * SCALE),
    deadline=None,
    database=None,
    derandomize=not os.environ.get("DTAPI_FUZZ_RANDOM"),  # set it to explore new examples
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LOOKUPS = (
    "exact iexact contains icontains startswith istartswith endswith iendswith in range gt "
    "gte lt lte isnull regex iregex year month day week_day iso_week_day week iso_year quarter "
    "hour minute second date time search unaccent trigram_similar len has_key contained_by "
    "overlap nosuch"
).split()
RESERVED = ["limit", "offset", "order_by", "sort_by", "format", "fullschema", "callback", "fmt"]
EXTRA_FIELDS = ["resource_uri", "rfc", "submissions", "agenda", "updated", "assignments", "ad"]
VALUES = [
    "",
    "0",
    "1",
    "-1",
    "1.5",
    "1e309",
    "nan",
    "99999999999999999999",
    "-9223372036854775809",
    "9223372036854775807",
    "true",
    "True",
    "false",
    "False",
    "none",
    "None",
    "nil",
    "null",
    "2024-01-01",
    "2024-13-45",
    "2024-01-01T00:00:00Z",
    "2024-01-01T25:61:61",
    "2024-01-01T00:00:00+05:30",
    "1:30:00",
    "1 day",
    "P1D",
    "a,b",
    ",",
    ",,,",
    "1,2,3",
    "(",
    "[",
    "*",
    "\\",
    "%",
    "_",
    "'",
    '"',
    ";",
    "<script>",
    "\x00",
    "\x07",
    "\ufffd",
    "ü",
    "😀",
    "draft-ietf-mars-protocol",
    "mars",
    "active",
    "draft-iesg",
    "ietf",
    "-id",
    "id",
    "-",
    "__",
    "xml",
    "json",
    "jsonp",
    "yaml",
    "id__nosuch",
]
ACCEPTS = [
    "*/*",
    "application/json",
    "application/xml",
    "text/xml",
    "text/html",
    "application/*",
    "text/javascript",
    "garbage",
    "",
    ";;;",
    "application/json;q=abc",
    "application/xml;q=0.5, application/json;q=0.9",
    "*/*;q=0",
]
METHODS = ["GET"] * 12 + ["HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE", "BREW"]


@cache
def _models() -> list[type[models.Model]]:
    from tests.reference.tastypie_resources import api_app_configs

    return [model for config in api_app_configs() for model in config.get_models()]


def _field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields()]


def _relation_target(model: type[models.Model], name: str) -> type[models.Model] | None:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return None
    return field.related_model if field.is_relation else None


models_st = st.deferred(lambda: st.sampled_from(_models()))
text_st = st.text(max_size=12)
value_st = st.one_of(
    st.sampled_from(VALUES),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    text_st,
    st.lists(st.sampled_from(VALUES[:30]), max_size=4).map(",".join),
)


@st.composite
def filter_key(draw, model: type[models.Model]) -> str:
    parts = []
    current: type[models.Model] | None = model
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if current is None:
            parts.append(draw(st.sampled_from(["slug", "name", "id", "nosuch"])))
            break
        names = _field_names(current) + EXTRA_FIELDS
        name = draw(st.one_of(st.sampled_from(names), text_st.filter(lambda t: "&" not in t)))
        parts.append(name)
        current = _relation_target(current, name)
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(LOOKUPS)))
    return "__".join(parts)


@st.composite
def query(draw, model: type[models.Model]) -> list[tuple[str, str]]:
    pairs = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            key = draw(st.sampled_from(RESERVED))
        else:
            key = draw(filter_key(model))
        pairs.append((key, draw(value_st)))
    return pairs


def _segment(value: str) -> str:
    return quote(value, safe="@+:;,")


@st.composite
def target(draw) -> tuple[str, list[tuple[str, str]]]:
    model = draw(models_st)
    base = f"/api/v1/{model._meta.app_label}/{model._meta.model_name}/"
    ids = st.one_of(
        st.integers(min_value=-5, max_value=60).map(str),
        st.sampled_from(VALUES),
        text_st,
        st.sampled_from(["rfc9000", "marie@example.fr", "ietf", "draft-iesg", "mars"]),
    )
    kind = draw(st.sampled_from(["list"] * 5 + ["detail"] * 2 + ["set", "schema", "top", "odd"]))
    if kind == "detail":
        path = base + _segment(draw(ids)) + "/"
    elif kind == "set":
        path = base + "set/" + ";".join(_segment(i) for i in draw(st.lists(ids, max_size=4)))
        path += "/"
    elif kind == "schema":
        path = base + "schema/"
    elif kind == "top":
        path = draw(st.sampled_from(["/api/v1/", "/api/v1", f"/api/v1/{model._meta.app_label}/"]))
    elif kind == "odd":
        path = draw(st.sampled_from([base[:-1], base + "schema", "/api/v1//", "/api/v1/x/y/z/"]))
        path += "/".join(_segment(t) for t in draw(st.lists(text_st, max_size=2)))
    else:
        path = base
    return path, draw(query(model))


@st.composite
def headers(draw) -> dict[str, str]:
    result = {}
    if draw(st.booleans()):
        result["Accept"] = draw(st.one_of(st.sampled_from(ACCEPTS), text_st))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        result["X-HTTP-Method-Override"] = draw(st.sampled_from(METHODS))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        result["If-None-Match"] = draw(st.sampled_from(['"x"', "*", "", '"'] + VALUES[:5]))
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        result["Origin"] = draw(st.sampled_from(["https://x.example", "null", ""]))
    return {k: v for k, v in result.items() if v.isprintable()}


def isolated(send: Callable[[], Any]) -> Any:
    """Send one request in a savepoint, rolled back after: on PostgreSQL a failed query (which
    dtapi answers 400) aborts the test's transaction, and every later example would then get
    the same 400 without its own query ever running."""
    savepoint = transaction.savepoint()
    try:
        return send()
    finally:
        transaction.savepoint_rollback(savepoint)


def check(response, method: str, url: str, sent_headers: dict[str, str]) -> None:
    where = f"{method} {url} {sent_headers}"
    assert response.status_code < 500, f"{response.status_code} for {where}"
    body = b"" if response.streaming else response.content
    assert b"Traceback" not in body, where
    ctype = response.get("Content-Type", "")
    if response.status_code == 200 and body and method == "GET":
        if ctype.startswith("application/json"):
            json.loads(body)
        elif ctype.startswith("application/xml"):
            etree.fromstring(body)


@FUZZ
@given(request=target(), sent=headers())
def test_filters_paths_and_formats(dtapi, dataset, request, sent):
    path, pairs = request
    url = path + ("?" + urlencode(pairs) if pairs else "")
    check(isolated(lambda: dtapi.get(url, headers=sent)), "GET", url, sent)


@FUZZ
@given(request=target(), sent=headers(), method=st.sampled_from(METHODS), body=text_st)
def test_methods(dtapi, dataset, request, sent, method, body):
    path, pairs = request
    url = path + ("?" + urlencode(pairs) if pairs else "")
    response = isolated(
        lambda: dtapi.generic(method, url, data=body, content_type="application/json", headers=sent)
    )
    check(response, method, url, sent)


@FUZZ
@given(
    model=models_st,
    pairs=st.lists(st.tuples(st.sampled_from(RESERVED), value_st), min_size=1, max_size=5),
    sent=headers(),
)
def test_pagination_ordering_and_formats(dtapi, dataset, model, pairs, sent):
    url = f"/api/v1/{model._meta.app_label}/{model._meta.model_name}/?{urlencode(pairs)}"
    check(isolated(lambda: dtapi.get(url, headers=sent)), "GET", url, sent)


@FUZZ
@given(raw=st.text(min_size=1, max_size=60), sent=headers())
def test_raw_query_strings(dtapi, dataset, raw, sent):
    """Query strings exactly as typed, percent signs and all (not built by urlencode)."""
    encoded = "".join(c if 32 < ord(c) < 127 and c != "#" else quote(c) for c in raw)
    url = "/api/v1/doc/document/?" + encoded
    check(isolated(lambda: dtapi.get(url, headers=sent)), "GET", url, sent)
