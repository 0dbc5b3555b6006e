"""The explorer (HTML pages of /api/v1 answers) and what it must not change for API clients:
format negotiation, caches, HEAD."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from dtapi.engine import detail_cache
from dtapi.engine.renderers import json as json_renderer
from tests.clock import pinned_clock

from . import factories as f
from .test_replay import app, entered, get  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
LIST = "/api/v1/doc/document/"


@pytest.fixture
def docs(db):
    ad = f.person(name="Alex <b>Director</b>")
    active = f.state("draft", "active")
    made = []
    for n in range(3):
        doc = f.document(
            name=f"draft-ietf-mars-{n}",
            title=f"Mars {n} <script>alert(1)</script>",
            abstract="A long abstract. " * 20,
            ad=ad,
        )
        doc.states.add(active)
        made.append(doc)
    return made


class Page(HTMLParser):
    """Links, form fields and visible text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inputs: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.chunks: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
        if tag in ("input", "select"):
            self.inputs.append(found)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.chunks))


def page(response: Any) -> Page:
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return Page(response.content.decode())


# -- negotiation: API clients see nothing change ----------------------------------------------


@pytest.mark.parametrize("path", [LIST, LIST + "draft-ietf-mars-1/", LIST + "schema/", "/api/v1/"])
def test_json_bytes_are_unchanged_for_api_clients(client, docs, path):
    with pinned_clock():  # a schema renders "now" (the default of Document.time)
        expected = client.get(path + "?format=json")
        assert expected["Content-Type"] == "application/json"
        for accept in (None, "*/*", "application/json", "application/json, text/html", "text/xml"):
            headers = {} if accept is None else {"Accept": accept}
            response = client.get(path, headers=headers)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/json", accept
            assert response.content == expected.content, accept


def test_json_bytes_are_those_of_the_json_renderer(client, docs):
    response = client.get(LIST + "draft-ietf-mars-1/")
    assert response.content == json_renderer.render(response.json())


@pytest.mark.parametrize("accept", ["application/xml", "application/xml, text/html"])
def test_xml_clients_get_xml(client, docs, accept):
    expected = client.get(LIST + "?format=xml").content
    response = client.get(LIST, headers={"Accept": accept})
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content == expected


@pytest.mark.parametrize(
    "accept", [BROWSER, "text/html", "text/html;q=0.9, application/json;q=0.5", "text/*"]
)
def test_browsers_get_html(client, docs, accept):
    response = client.get(LIST, headers={"Accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Accept" in response["Vary"]
    assert response.content.startswith(b"<!doctype html>")


def test_format_html_wins_over_accept(client, docs):
    response = client.get(LIST + "?format=html", headers={"Accept": "application/json"})
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # ... and format=json over a browser's Accept
    response = client.get(LIST + "?format=json", headers={"Accept": BROWSER})
    assert response["Content-Type"] == "application/json"


def test_html_and_json_have_their_own_etags(client, docs):
    uri = LIST + "draft-ietf-mars-1/"
    as_json = client.get(uri)
    as_html = client.get(uri, headers={"Accept": BROWSER})
    assert as_json["ETag"] != as_html["ETag"]
    # A JSON client revalidating with the HTML page's ETag gets the JSON body, not a 304.
    again = client.get(uri, headers={"If-None-Match": as_html["ETag"]})
    assert again.status_code == 200 and again["Content-Type"] == "application/json"


def test_the_detail_cache_never_serves_html_to_json_clients(client, docs, settings):
    settings.DTAPI = {**settings.DTAPI, "DETAIL_CACHE_SECONDS": 300}
    uri = LIST + "draft-ietf-mars-2/"
    first_html = client.get(uri, headers={"Accept": BROWSER})
    as_json = client.get(uri)
    as_html = client.get(uri, headers={"Accept": BROWSER})
    assert detail_cache.get("doc", "document", "draft-ietf-mars-2") is not None
    assert as_json["Content-Type"] == "application/json"
    assert as_json.json()["name"] == "draft-ietf-mars-2"
    assert as_html.content == first_html.content
    assert client.get(uri, headers={"Accept": "application/xml"}).content.startswith(b"<?xml")


def test_replayed_answers_follow_the_accept_header(app, entered, docs, settings):  # noqa: F811
    """The WSGI replay keys on every header: a browser's page is never replayed to a client."""
    settings.DTAPI = {**settings.DTAPI, "DETAIL_CACHE_SECONDS": 300}
    uri = LIST + "draft-ietf-mars-0/"
    clients = [({"accept": BROWSER}, "text/html"), ({}, "application/json")]
    clients.append(({"accept": "*/*"}, "application/json"))
    for _ in range(2):
        for headers, media in clients:
            status, sent, body = get(app, uri, **headers)
            assert status.startswith("200")
            assert dict(sent)["Content-Type"].startswith(media), headers
            assert body.startswith(b"<!doctype html>") == (media == "text/html")
    assert len(entered) == 3  # the second round was replayed, each to its own client


def test_errors_in_html_for_browsers_and_json_for_clients(client, docs):
    uri = LIST + "?order_by=time"
    as_json = client.get(uri)
    assert (as_json.status_code, as_json.json()) == (
        400,
        {"error": "The 'time' field does not allow ordering."},
    )
    as_html = client.get(uri, headers={"Accept": BROWSER})
    assert as_html.status_code == 400
    shown = page(as_html)
    assert "The 'time' field does not allow ordering." in shown.text
    assert "400 Bad Request" in shown.text


def test_unknown_object_empty_404_for_clients_a_page_for_browsers(client, docs):
    assert client.get(LIST + "nosuch/").content == b""
    response = client.get(LIST + "nosuch/", headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert "There is no object at this URI." in page(response).text


# -- the pages ----------------------------------------------------------------------------------


def test_list_page_meta_links_and_objects(client, docs):
    response = client.get(LIST + "?limit=1&offset=1&order_by=id", headers={"Accept": BROWSER})
    shown = page(response)
    data = client.get(LIST + "?limit=1&offset=1&order_by=id").json()
    meta = data["meta"]
    assert "Objects 2–2 of 3" in shown.text
    for link in (meta["previous"], meta["next"]):
        assert link in shown.hrefs
    assert LIST + "?order_by=id&limit=1&offset=0" in shown.hrefs  # first
    assert LIST + "?order_by=id&limit=1&offset=2" in shown.hrefs  # last
    obj = data["objects"][0]
    # Every URI of the object is a link: its own, to-one and to-many.
    assert obj["resource_uri"] in shown.hrefs
    assert obj["ad"] in shown.hrefs and obj["type"] in shown.hrefs
    assert obj["states"] and all(uri in shown.hrefs for uri in obj["states"])
    # The same request as JSON and as XML.
    assert LIST + "?limit=1&offset=1&order_by=id&format=json" in shown.hrefs
    assert LIST + "?limit=1&offset=1&order_by=id&format=xml" in shown.hrefs


def test_values_are_escaped_datetimes_utc_long_texts_folded(client, docs):
    response = client.get(LIST + "draft-ietf-mars-1/", headers={"Accept": BROWSER})
    body = response.content.decode()
    assert "<script>" not in body
    assert "Mars 1 &lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert re.search(r'<time datetime="2024-01-01T\d\d:\d\d:00Z">2024-01-01 \d\d:\d\d:00', body)
    assert "UTC</time>" in body
    assert re.search(r'<details class="fold"><summary>A long abstract\.', body)
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    shown = page(response)
    assert "script" not in shown.tags


def test_detail_links_to_lists_that_refer_to_it(client, docs):
    state_uri = client.get(LIST + "draft-ietf-mars-0/").json()["states"][0]
    shown = page(client.get(state_uri, headers={"Accept": BROWSER}))
    state_id = state_uri.rstrip("/").rsplit("/", 1)[1]
    filtered = f"{LIST}?states={state_id}"
    assert filtered in shown.hrefs
    listed = client.get(filtered).json()
    assert listed["meta"]["total_count"] == 3


def test_schema_page_fields_filters_ordering_and_form(client, docs):
    shown = page(client.get(LIST + "schema/", headers={"Accept": BROWSER}))
    for name in ("title", "states", "resource_uri", "icontains"):
        assert name in shown.text
    assert "/api/v1/doc/state/" in shown.hrefs  # the related resource of 'states'
    names = {field.get("name") for field in shown.inputs}
    assert {"_explorer", "_f", "_v", "order_by", "limit"} <= names


def test_filter_form_redirects_to_the_api_query(client, docs):
    query = (
        "_explorer=1&_f=states__slug&_v=active&_f=&_v=&_f=title__icontains&_v=mars"
        "&_f=name&_v=&order_by=-id&limit="
    )
    response = client.get(f"{LIST}?{query}", headers={"Accept": BROWSER})
    assert response.status_code == 303
    assert response["Location"] == f"{LIST}?states__slug=active&title__icontains=mars&order_by=-id"
    # From an API client, the form's parameters are unknown ones (ignored): no redirect.
    as_json = client.get(f"{LIST}?_explorer=1&_f=states__slug&_v=active")
    assert (as_json.status_code, as_json["Content-Type"]) == (200, "application/json")


def test_filter_form_shows_the_current_filters(client, docs):
    shown = page(
        client.get(f"{LIST}?states__slug=active&order_by=-id", headers={"Accept": BROWSER})
    )
    values = [(i.get("name"), i.get("value")) for i in shown.inputs]
    assert ("_f", "states__slug") in values and ("_v", "active") in values
    assert "Objects 1–3 of 3" in shown.text


def test_indexes_with_counts(client, docs):
    top = page(client.get("/api/v1/", headers={"Accept": BROWSER}))
    assert "/api/v1/doc/" in top.hrefs
    doc_app = page(client.get("/api/v1/doc/", headers={"Accept": BROWSER}))
    assert LIST in doc_app.hrefs and LIST + "schema/" in doc_app.hrefs
    row = re.search(r"document documents (\d+)", doc_app.text)
    assert row is not None and row.group(1) == "3"


def test_index_counts_follow_writes(client, docs):
    client.get("/api/v1/doc/", headers={"Accept": BROWSER})
    f.document(name="draft-ietf-mars-new")
    doc_app = page(client.get("/api/v1/doc/", headers={"Accept": BROWSER}))
    assert re.search(r"document documents 4", doc_app.text)


def test_set_page(client, docs):
    shown = page(client.get(LIST + "set/draft-ietf-mars-0;nosuch/", headers={"Accept": BROWSER}))
    assert LIST + "draft-ietf-mars-0/" in shown.hrefs
    assert "Not found: nosuch" in shown.text


def test_pages_are_keyboard_usable(client, docs):
    body = client.get(LIST, headers={"Accept": BROWSER}).content.decode()
    assert '<a class="skip" href="#main">' in body
    assert ":focus-visible" in body and "prefers-color-scheme:dark" in body
    # Every input of the form has a label or an aria-label.
    for field in Page(body).inputs:
        if field.get("type") == "hidden":
            continue
        assert field.get("aria-label") or f'for="{field.get("id")}"' in body


# -- HEAD ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/doc/",
        LIST,
        LIST + "?states__slug=active",
        LIST + "draft-ietf-mars-0/",
        LIST + "schema/",
        LIST + "set/draft-ietf-mars-0;draft-ietf-mars-1/",
        LIST + "?order_by=time",  # 400
        "/api/v1/openapi.json",
    ],
)
@pytest.mark.parametrize("accept", [None, BROWSER])
def test_head_is_get_without_the_body(docs, path, accept):
    client = Client()  # no gzip, so that Content-Length is the body's
    headers = {} if accept is None else {"Accept": accept}
    got = client.get(path, headers=headers)
    head = client.head(path, headers=headers)
    assert head.status_code == got.status_code
    assert head.content == b""
    for name in ("Content-Type", "ETag", "Cache-Control", "Vary"):
        assert head.get(name) == got.get(name), name
    assert head["Content-Length"] == str(len(got.content))


def test_conditional_head(client, docs):
    etag = client.get(LIST).get("ETag")
    assert client.head(LIST, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "path", ["/api/", "/api/version", "/doc/draft-ietf-mars-0/doc.json", "/api/submission"]
)
def test_head_on_the_other_get_endpoints(client, docs, path):
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200
    assert (head.status_code, head.content) == (200, b"")
    assert head["Content-Type"] == got["Content-Type"]


def test_options_and_writes_are_unchanged(client, docs):
    options = client.options(LIST)
    assert (options.status_code, options["Allow"]) == (200, "GET,POST,PUT,DELETE,PATCH")
    assert client.post(LIST, data="{}", content_type="application/json").status_code == 401
    assert client.generic("TRACE", LIST).status_code == 405
