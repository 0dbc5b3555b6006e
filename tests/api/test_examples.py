"""Every example on the ``/api/`` page works on the real data and finds something.

The page is read as a user reads it: every link, and every ``curl`` command in its example
blocks, is requested; lists must have rows, objects must be there. Runs on the real data of
../shared/data (loaded once for the module by the loader tests' fixture; skipped when absent).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.loaders.test_shared_data import loaded  # noqa: F401  (the module's real-data load)

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The links of a page and the text of its ``<pre>`` blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.pre: list[str] = []
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"] or "")
        elif tag == "pre":
            self._in_pre = True
            self.pre.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.pre[-1] += data


def examples(page: str) -> list[str]:
    """Every path the page links to or reads with ``curl`` (GET), in page order, once each."""
    parser = _Page()
    parser.feed(page)
    found = [h.split("#")[0] for h in parser.hrefs if h.startswith("/")]
    base = settings.DTAPI_BASE_URL
    for block in parser.pre:
        for command in re.findall(r"^\s*\$?\s*(curl .*)$", block, re.MULTILINE):
            if re.search(r"\s-(F|d|X)\s", command):
                continue  # a write; docs/write-api.md's walk-through runs those
            (url,) = re.findall(r"'([^']+)'", command)
            assert url.startswith(base), f"an example outside this site: {command}"
            found.append(url[len(base) :])
    return list(dict.fromkeys(html.unescape(u) for u in found if u))


def test_every_example_on_the_api_page_finds_something(client, loaded):  # noqa: F811
    page = client.get("/api/").content.decode()
    paths = examples(page)
    # The notes' examples are all there: by name, search, states of each kind, both ways of
    # searching by state, doc.json for a draft and an RFC.
    for wanted in (
        "/api/v1/doc/document/draft-ietf-eppext-keyrelay/",
        "/api/v1/doc/document/?name=draft-ietf-eppext-keyrelay",
        "/api/v1/doc/state/?format=json&limit=0&type__slug__in=draft-rfceditor",
        "/api/v1/doc/document/?limit=0&name__contains=-v6ops-",
        "/api/v1/doc/document/?limit=0&name__contains=-v6ops-&states__type__slug__in=draft-iesg",
        "/doc/draft-ietf-quic-transport/doc.json",
        "/doc/rfc2026/doc.json",
        # Groups are derived for drafts and RFCs after 2013 (issue 13 point 0).
        "/api/v1/doc/document/?group__acronym=quic&type=rfc",
        "/api/v1/doc/document/?group__acronym=quic&states__type=draft&states__slug=rfc",
    ):
        assert wanted in paths
    assert len(paths) >= 35
    empty, failed = [], []
    for path in paths:
        r = client.get(path, follow=True)
        if r.status_code != 200:
            failed.append((path, r.status_code, r.content[:200]))
            continue
        if not r["Content-Type"].startswith("application/json"):
            continue
        body = json.loads(r.content)
        if isinstance(body, dict) and "meta" in body and "objects" in body:
            if not (body["meta"]["total_count"] > 0 and body["objects"]):
                empty.append(path)
        elif path.endswith("doc.json"):
            assert body["name"] == path.split("/")[2]
        elif not body:
            empty.append(path)
    assert failed == []
    assert empty == []


def test_the_page_counts_what_the_instance_holds(client, loaded):  # noqa: F811
    from dtapi.doc.models import Document
    from dtapi.group.models import Group
    from dtapi.meeting.models import Meeting
    from dtapi.person.models import Person

    page = client.get("/api/").content.decode()
    counts = dict(re.findall(r'data-kind="([^"]+)">(\d+)<', page))
    assert counts == {
        "documents": str(Document.objects.count()),
        "RFCs": str(Document.objects.filter(type="rfc").count()),
        "Internet-Drafts": str(Document.objects.filter(type="draft").count()),
        "people": str(Person.objects.count()),
        "groups": str(Group.objects.count()),
        "meetings": "1",
    }
    assert int(counts["RFCs"]) > 9000 and Meeting.objects.count() == 1 and Group.objects.exists()
