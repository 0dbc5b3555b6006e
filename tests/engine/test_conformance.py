"""The engine answers like real tastypie configured as the original (byte for byte).

Every resource's schema is compared; list, detail and set answers are compared, in JSON and
XML, for the resources that the fixture data fills.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.db.models.fields import NOT_PROVIDED
from django.test import Client

from dtapi.engine.registry import registry

from . import factories as f

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _reference_urls(settings, _engine_urls):
    settings.ROOT_URLCONF = f"{__package__}.urlconf_reference"


@pytest.fixture
def data(db):
    p1 = f.person(name="Ann Example", biography='Bio with <b>tags</b> & "quotes" é')
    p2 = f.person(pronouns_selectable=["he/him", "they/them"])
    e1 = f.email(p1, address="ann+list@example.org")
    g = f.group(acronym="mars", used_roles=["chair", "secr"])
    child = f.group(acronym="marsbis", parent=g)
    s1, s2 = f.state("draft", "active"), f.state("draft-iesg", "pub")
    d1 = f.document(group=g, ad=p1, shepherd=e1, rfc_number=9999, stream_id="ietf")
    d1.states.add(s1, s2)
    d1.tags.add("w-expert")
    d2 = f.document(
        name="draft-other",
        group=child,
        expires=datetime.datetime(2025, 5, 1, 7, 8, 9, 123456, tzinfo=UTC),
    )
    for i in range(3):
        f.docevent(d1, p1, rev=f"0{i}")
    f.docevent(d2, p2)
    return {"people": [p1, p2], "docs": [d1, d2], "groups": [g, child]}


def _ours(client, uri: str, **extra):
    return client.get(uri, **extra)


def _theirs(client, uri: str, **extra):
    # Another host name, so that tastypie answers its errors instead of raising them in tests.
    extra.setdefault("SERVER_NAME", "reference.test")
    reference = Client(raise_request_exception=False)
    response = reference.get(uri.replace("/api/v1/", "/tp/v1/", 1), **extra)
    response.body = response.content.replace(b"/tp/v1/", b"/api/v1/")
    return response


def _diff(uri: str, ours: bytes, theirs: bytes) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b),
        min(len(ours), len(theirs)),
    )
    return f"{uri} differs at {at}:\n ours: {ours[max(0, at - 150) : at + 100]!r}\n tp:   {theirs[max(0, at - 150) : at + 100]!r}"


def _same(client, uri: str, **extra) -> None:
    ours, theirs = _ours(client, uri, **extra), _theirs(client, uri, **extra)
    assert ours.status_code == theirs.status_code, uri
    assert ours.content == theirs.body, _diff(uri, ours.content, theirs.body)
    assert ours["Content-Type"] == theirs["Content-Type"], uri


def _callable_defaults(resource) -> set[str]:
    return {
        name
        for name, spec in resource.fields.items()
        if callable(spec.default) and spec.default is not NOT_PROVIDED
    }


def test_schemas(client):
    for resource in registry.resources():
        uri = resource.schema_uri
        volatile = _callable_defaults(resource)
        if not volatile:
            _same(client, uri)
            _same(client, f"{uri}?format=xml")
            continue
        ours, theirs = json.loads(_ours(client, uri).content), json.loads(_theirs(client, uri).body)
        for name in volatile:  # e.g. timezone.now: values differ by the clock
            assert type(ours["fields"][name].pop("default")) is type(
                theirs["fields"][name].pop("default")
            )
        assert ours == theirs, uri


FILLED = [
    "person/person",
    "person/email",
    "group/group",
    "doc/document",
    "doc/docevent",
    "doc/state",
    "doc/statetype",
    "name/doctypename",
    "name/groupstatename",
    "name/countryname",
    "person/personalapikey",
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("endpoint", FILLED)
def test_lists(client, data, endpoint, fmt):
    _same(client, f"/api/v1/{endpoint}/?format={fmt}&limit=0")
    _same(client, f"/api/v1/{endpoint}/?format={fmt}&limit=2&offset=1")


@pytest.mark.parametrize(
    "endpoint", ["person/person", "group/group", "doc/document", "doc/docevent"]
)
def test_details_and_sets(client, data, endpoint):
    listing = json.loads(client.get(f"/api/v1/{endpoint}/?limit=0").content)
    keys = [obj["resource_uri"].rstrip("/").rsplit("/", 1)[1] for obj in listing["objects"]]
    for uri in [obj["resource_uri"] for obj in listing["objects"]]:
        _same(client, uri)
        _same(client, uri + "?format=xml")
    _same(client, f"/api/v1/{endpoint}/set/{';'.join(keys)}/")
    _same(client, f"/api/v1/{endpoint}/set/{keys[0]};{keys[0]}/?format=xml")


QUERIES = [
    "doc/document/?name=draft-other",
    "doc/document/?name__startswith=draft-test",
    "doc/document/?group__acronym=mars",
    "doc/document/?group__acronym__startswith=ma",
    "doc/document/?states__slug=active&states__type=draft",
    "doc/document/?states__slug__startswith=pu",
    "doc/document/?time__gte=2024-01-01T12:05:00",
    "doc/document/?time__year=2024",
    "doc/document/?time__year__gte=2020",
    "doc/document/?expires__isnull=true",
    "doc/document/?words=1",
    "doc/document/?rfc=9999",
    "doc/document/?id=1",
    "doc/document/?title__icontains=DOCUMENT",
    "doc/document/?type__in=draft,rfc",
    "doc/document/?type__in=draft&type__in=rfc",
    "doc/document/?order_by=-id",
    "doc/document/?order_by=name",
    "doc/document/?order_by=nosuch",
    "doc/document/?sort_by=-id",
    "doc/document/?limit=-1",
    "doc/document/?limit=abc",
    "doc/document/?offset=-3",
    "doc/document/?offset=x",
    "doc/document/?limit=1&format=json&offset=1&fmt=json&x=1&x=2",
    "doc/document/?nosuchfield=3",
    "doc/docevent/?doc__time__year=2024",
    "doc/docevent/?doc__name=draft-other",
    "doc/docevent/?by__name__contains=Ann",
    "doc/docevent/?desc__regex=^Event",
    "group/group/?parent__isnull=false",
    "group/group/?ad=3",
    "group/group/?state=active",
    "person/email/?order_by=address",
    "person/email/?order_by=id",
    "person/person/?name__contains=Ann&order_by=-id",
    "name/doctypename/?order_by=slug",
    "name/countryname/?in_eu=True&continent=europe",
    "name/doctypename/?slug__lte=d",
]


@pytest.mark.parametrize("query", QUERIES)
def test_queries(client, data, query):
    _same(client, f"/api/v1/{query}")


def test_meta_and_accept(client, data):
    _same(client, "/api/v1/doc/docevent/?limit=1", HTTP_ACCEPT="application/xml")
    _same(client, "/api/v1/doc/docevent/?limit=1", HTTP_ACCEPT="text/html")
    _same(client, "/api/v1/doc/docevent/?limit=1", HTTP_ACCEPT="garbage")
    _same(client, "/api/v1/doc/document/nosuch/")
    _same(client, "/api/v1/person/person/abc/")
    _same(client, "/api/v1/doc/document/set/nosuch;draft-other/")


def test_app_top_levels(client, data):
    for label in registry.app_labels():
        _same(client, f"/api/v1/{label}/")
        _same(client, f"/api/v1/{label}/?format=xml")
