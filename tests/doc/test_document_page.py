"""``/doc/<name>/``: the document's HTML page, which ballot mails link to."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core import mail

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import BallotPositionDocEvent, NewRevisionDocEvent, RelatedDocument
from tests import factories as f

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def ad():
    return f.area_director("ad", name="Alex Director")


@pytest.fixture
def draft(ad):
    doc = f.draft("draft-ietf-mars-test", rev="02", title="Mars Transport", ad=ad, pages=12)
    doc.set_state(f.state("draft-iesg", "iesg-eva"))
    for number, author in enumerate(["Ann Author", "Bob Writer"]):
        doc.documentauthor_set.create(
            person=f.person(name=author), order=number + 1, affiliation="Example Inc."
        )
    for rev in ("00", "01", "02"):
        NewRevisionDocEvent.objects.create(
            doc=doc, by=ad, rev=rev, type="new_revision", desc=f"New version {rev}"
        )
    return doc


def test_a_draft_page_says_what_the_document_is(client, draft, ad):
    ballot = f.ballot(draft, ad)
    BallotPositionDocEvent.objects.create(
        doc=draft, by=ad, balloter=ad, ballot=ballot, pos_id="yes", type="changed_ballot_position"
    )
    r = client.get("/doc/draft-ietf-mars-test/")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/html; charset=utf-8"
    html = r.content.decode()
    assert "<title>draft-ietf-mars-test-02: Mars Transport</title>" in html
    text = text_of(html)
    assert "Mars Transport" in text
    assert "State draft Active" in text
    assert "IESG state draft-iesg IESG Evaluation" in text
    assert "Ann Author (Example Inc.)" in text
    assert text.index("Ann Author") < text.index("Bob Writer")
    assert "Responsible AD Alex Director" in text
    assert "Approve ballot (approve), open" in text
    assert "Alex Director Yes" in text
    revisions = re.findall(r'href="(/doc/draft-ietf-mars-test/\d\d/)"', html)
    assert revisions == [f"/doc/draft-ietf-mars-test/{rev}/" for rev in ("00", "01", "02")]
    hrefs = links(html)
    for link in (
        "/doc/draft-ietf-mars-test/doc.json",
        "/api/v1/doc/document/draft-ietf-mars-test/",
        "/api/v1/doc/document/draft-ietf-mars-test/?format=html",
        "/api/v1/doc/docevent/?doc__name=draft-ietf-mars-test",
    ):
        assert link in hrefs


def test_every_link_on_a_page_resolves(client, draft):
    hrefs = links(client.get("/doc/draft-ietf-mars-test/").content.decode())
    checked = [h for h in hrefs if h.startswith("/")]
    assert len(checked) > 10
    for href in checked:
        assert client.get(href).status_code == 200, href


def test_a_revision_page_shows_the_document_with_a_note(client, draft):
    r = client.get("/doc/draft-ietf-mars-test/01/")
    assert r.status_code == 200
    assert "You asked for revision 01; this page describes the document as it is now" in (
        text_of(r.content.decode())
    )
    assert "You asked" not in client.get("/doc/draft-ietf-mars-test/02/").content.decode()


def test_unknown_names_and_revisions_are_404_pages(client, draft):
    r = client.get("/doc/draft-no-such-thing/")
    assert r.status_code == 404
    assert r["Content-Type"] == "text/html; charset=utf-8"
    text = text_of(r.content.decode())
    assert "There is no document named draft-no-such-thing here." in text
    assert "/api/v1/doc/document/?name__contains=draft-no-such-thing" in text
    r = client.get("/doc/draft-ietf-mars-test/07/")
    assert r.status_code == 404
    assert "The document draft-ietf-mars-test has no revision 07." in text_of(r.content.decode())


def test_an_rfc_page_links_its_draft(client, draft):
    rfc = f.document("rfc9999", type_id="rfc", rfc_number=9999, title="Mars Transport")
    rfc.std_level_id = "ps"
    rfc.save()
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    r = client.get("/doc/rfc9999/")
    assert r.status_code == 200
    text = text_of(r.content.decode())
    assert "RFC number 9999" in text
    assert "Status Proposed Standard" in text
    assert "State rfc Published" in text
    assert "Came from draft-ietf-mars-test" in text
    assert 'href="/doc/draft-ietf-mars-test/"' in r.content.decode()
    assert "Became rfc9999" in text_of(client.get("/doc/draft-ietf-mars-test/").content.decode())


def test_the_link_in_a_ballot_position_mail_resolves(
    client, draft, ad, django_capture_on_commit_callbacks
):
    f.ballot(draft, ad)
    key = key_string(f.api_key(ad, "/api/iesg/position"))
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/api/iesg/position", {"apikey": key, "doc": draft.name, "position": "noobj"}
        )
    assert r.content == b"Done"
    (message,) = mail.outbox
    (url,) = re.findall(r"https?://\S+/doc/\S+/", message.body)
    path = "/" + url.split("/", 3)[3]
    assert path == "/doc/draft-ietf-mars-test/"
    r = client.get(path)
    assert r.status_code == 200
    assert "Alex Director No Objection" in text_of(r.content.decode())


def test_doc_json_is_unchanged_beside_the_page(client, draft):
    r = client.get("/doc/draft-ietf-mars-test/doc.json")
    assert (r.status_code, r["Content-Type"]) == (200, "application/json")
    assert client.get("/doc/draft-ietf-mars-test/02/doc.json").content == r.content


def test_head_is_answered_like_get_without_a_body(client, draft):
    r = client.head("/doc/draft-ietf-mars-test/")
    assert (r.status_code, r.content) == (200, b"")
    assert client.post("/doc/draft-ietf-mars-test/").status_code == 405
