"""DetailReplay: a repeated detail GET gets Django's earlier answer, byte for byte, or Django."""

from __future__ import annotations

import gzip
import io
from typing import Any

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from dtapi.engine import detail_cache, replay
from dtapi.engine.replay import DetailReplay

from . import factories as f

pytestmark = pytest.mark.django_db

Answer = tuple[str, list[tuple[str, str]], bytes]


@pytest.fixture
def app() -> Any:
    # As Django's test client does: the test's transaction must survive the request signals.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield DetailReplay(WSGIHandler())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def entered() -> Any:
    """How many requests Django itself has handled."""
    calls: list[object] = []

    def count(**kwargs: Any) -> None:
        calls.append(kwargs)

    signals.request_started.connect(count)
    yield calls
    signals.request_started.disconnect(count)


@pytest.fixture
def doc() -> Any:
    return f.document(name="draft-ietf-replay-test")


URL = "/api/v1/doc/document/draft-ietf-replay-test/"


def get(app: Any, path: str = URL, query: str = "", method: str = "GET", **headers: str) -> Answer:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{"HTTP_" + name.upper(): value for name, value in headers.items()},
    }
    sent: list[Any] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info=None):
        sent[:] = [status, response_headers]

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    return sent[0], sent[1], body


def test_the_same_request_again_is_answered_without_django(app, entered, doc):
    first = get(app, ACCEPT="application/json")
    assert first[0] == "200 OK" and b'"name": "draft-ietf-replay-test"' in first[2]
    assert len(entered) == 1
    assert get(app, ACCEPT="application/json") == first
    assert get(app, ACCEPT="application/json", CONNECTION="keep-alive") == first
    assert len(entered) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"ACCEPT": "application/xml"},
        {"ACCEPT_ENCODING": "gzip"},
        {"ORIGIN": "https://example.org"},
        {"ACCEPT": "application/xml", "ACCEPT_ENCODING": "gzip, deflate", "USER_AGENT": "x/1"},
    ],
)
def test_a_replay_equals_djangos_answer_to_that_request(app, entered, doc, headers):
    from_django = get(app, **headers)
    assert get(app, **headers) == from_django
    assert len(entered) == 1
    replay._replays.clear()
    # Django again: the same answer (gzip's header has random padding against BREACH).
    assert comparable(get(app, **headers)) == comparable(from_django)
    assert len(entered) == 2


def comparable(answer: Answer) -> Answer:
    status, headers, body = answer
    if ("Content-Encoding", "gzip") in headers:
        headers = [(name, value) for name, value in headers if name != "Content-Length"]
        body = gzip.decompress(body)
    return status, headers, body


def test_each_request_gets_its_own_answer(app, entered, doc):
    as_json = get(app)
    as_xml = get(app, ACCEPT="application/xml")
    zipped = get(app, ACCEPT_ENCODING="gzip")
    as_xml_query = get(app, query="format=xml")
    assert len(entered) == 4
    assert b"<object>" in as_xml[2] and as_xml_query[2] == as_xml[2]
    assert ("Content-Encoding", "gzip") in zipped[1]
    assert gzip.decompress(zipped[2]) == as_json[2]
    assert [get(app), get(app, ACCEPT="application/xml"), get(app, ACCEPT_ENCODING="gzip")] == [
        as_json,
        as_xml,
        zipped,
    ]
    assert len(entered) == 4


def test_a_write_ends_the_replay(app, entered, doc):
    get(app)
    doc.title = "A new title"
    doc.save()
    assert b'"title": "A new title"' in get(app)[2]
    assert len(entered) == 2


def test_a_replay_lives_as_long_as_its_cache_entry(app, entered, doc, monkeypatch):
    get(app)
    now = detail_cache.time.monotonic()
    monkeypatch.setattr(detail_cache.time, "monotonic", lambda: now + 10_000)
    get(app)
    assert len(entered) == 2


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        (URL, "GET", {"COOKIE": "sessionid=abc"}),  # per-user: never kept
        (URL, "HEAD", {}),  # answered as GET without a body, never kept
        (URL, "POST", {}),
        ("/api/v1/doc/document/draft-ietf-missing/", "GET", {}),  # 404
        ("/api/v1/doc/document/", "GET", {}),  # lists: always counted afresh
        ("/api/v1/doc/document/schema/", "GET", {}),
    ],
)
def test_only_plain_detail_gets_are_replayed(app, entered, doc, path, method, headers):
    first = get(app, path, method=method, **headers)
    assert get(app, path, method=method, **headers)[0] == first[0]
    assert len(entered) == 2


def test_a_conditional_get_goes_to_django(app, entered, doc):
    etag = dict(get(app)[1])["ETag"]
    assert get(app, IF_NONE_MATCH=etag)[0] == "304 Not Modified"
    assert get(app, IF_NONE_MATCH=etag)[0] == "304 Not Modified"
    assert len(entered) == 3


def test_nothing_is_kept_while_the_detail_cache_is_off(app, entered, doc, settings):
    settings.DTAPI = {**settings.DTAPI, "DETAIL_CACHE_SECONDS": 0}
    get(app)
    get(app)
    assert len(entered) == 2
    assert replay._replays == {}
