"""GET /doc/<name>/doc.json and /doc/<name>/<rev>/doc.json (the original's
``test_document_json`` and the keys its clients read)."""

from __future__ import annotations

import datetime
import json

import pytest

from dtapi.doc.models import (
    ConsensusDocEvent,
    DocHistory,
    DocumentAuthor,
    NewRevisionDocEvent,
    RelatedDocument,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def get(client, url):
    r = client.get(url)
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/json"
    return r, json.loads(r.content)


def revision(doc, by, rev, days):
    return NewRevisionDocEvent.objects.create(
        doc=doc,
        by=by,
        rev=rev,
        type="new_revision",
        desc=f"New version {rev}",
        time=T0 + datetime.timedelta(days=days),
    )


@pytest.fixture
def author():
    return f.user_person("author", name="Ann Author")


@pytest.fixture
def draft(author):
    ad = f.area_director("ad", name="Ada Director")
    group = f.group("mars", name="Mars Exploration")
    doc = f.draft(
        "draft-ietf-mars-test",
        rev="01",
        pages=12,
        group=group,
        ad=ad,
        shepherd=author.email(),
        intended_std_level_id="ps",
        abstract="About Mars.",
        title="Mars Test",
        time=T0,
        expires=T0 + datetime.timedelta(days=185),
    )
    DocumentAuthor.objects.create(
        document=doc, person=author, email=author.email(), affiliation="Mars Inc.", order=1
    )
    revision(doc, author, "00", 0)
    revision(doc, author, "01", 30)
    doc.set_state(f.state("draft-iesg", "iesg-eva"))
    ConsensusDocEvent.objects.create(
        doc=doc, by=ad, type="changed_consensus", consensus=True, desc="Changed consensus"
    )
    return doc


def test_document_json(client, draft):
    r, data = get(client, f"/doc/{draft.name}/doc.json")
    assert data["name"] == draft.name
    assert data["pages"] == draft.pages
    assert list(data) == [
        "name",
        "rev",
        "pages",
        "time",
        "group",
        "expires",
        "title",
        "abstract",
        "state",
        "intended_std_level",
        "std_level",
        "authors",
        "shepherd",
        "ad",
        "rev_history",
        "iesg_state",
        "rfceditor_state",
        "iana_review_state",
        "iana_action_state",
        "consensus",
        "stream",
    ]
    assert data["rev"] == "01"
    assert data["time"] == "2020-01-02 03:04:05"
    assert data["expires"] == "2020-07-05 03:04:05"
    assert data["group"] == {"name": "Mars Exploration", "type": "WG", "acronym": "mars"}
    assert data["title"] == "Mars Test"
    assert data["abstract"] == "About Mars."
    assert data["state"] == "Active"
    assert data["intended_std_level"] == "Proposed Standard"
    assert data["std_level"] is None
    assert data["authors"] == [
        {"name": "Ann Author", "email": "author@example.org", "affiliation": "Mars Inc."}
    ]
    assert data["shepherd"] == "Ann Author <author@example.org>"
    assert data["ad"] == "Ada Director <ad@example.org>"
    assert data["iesg_state"] == "IESG Evaluation"
    assert data["rfceditor_state"] is None
    assert data["consensus"] is True
    assert data["stream"] == "IETF"
    assert [(e["rev"], e["url"]) for e in data["rev_history"]] == [
        ("00", "/doc/draft-ietf-mars-test/00/"),
        ("01", "/doc/draft-ietf-mars-test/01/"),
    ]
    assert data["rev_history"][0]["published"] == "2020-01-02T03:04:05+00:00"
    # The original's formatting: two-space indent, ASCII escapes.
    assert r.content.decode().startswith('{\n  "name": "draft-ietf-mars-test",\n')


def test_a_revision_in_the_url_is_ignored(client, draft):
    _, current = get(client, f"/doc/{draft.name}/doc.json")
    for rev in ("00", "1", "01-02"):
        _, data = get(client, f"/doc/{draft.name}/{rev}/doc.json")
        assert data == current


@pytest.mark.parametrize(
    "url",
    ["/doc/draft-no-such-thing/doc.json", "/doc/rfc99999/doc.json", "/doc/draft-x/123/doc.json"],
)
def test_unknown_documents(client, draft, url):
    assert client.get(url).status_code == 404


def test_non_ascii_is_escaped(client, draft, author):
    author.name = "Åse Ætor"
    author.save()
    r = client.get(f"/doc/{draft.name}/doc.json")
    assert "\\u00c5se \\u00c6tor" in r.content.decode()
    assert json.loads(r.content)["authors"][0]["name"] == "Åse Ætor"


def test_pages_from_history(client, draft):
    DocHistory.objects.create(doc=draft, name=draft.name, rev="00", pages=9, title="t")
    _, data = get(client, f"/doc/{draft.name}/doc.json")
    assert data["rev_history"][0]["pages"] == 9
    assert "pages" not in data["rev_history"][1]


def test_history_across_replaces_and_rfc(client, draft, author):
    old = f.draft("draft-author-mars-test", rev="02")
    revision(old, author, "00", -300)
    revision(old, author, "01", -200)
    revision(old, author, "02", -100)
    older = f.draft("draft-someone-mars", rev="00")
    revision(older, author, "00", -400)
    RelatedDocument.objects.create(source=draft, target=old, relationship_id="replaces")
    RelatedDocument.objects.create(source=old, target=older, relationship_id="replaces")
    rfc = f.document("rfc9999", type_id="rfc", rfc_number=9999, std_level_id="ps", stream_id="ietf")
    f.docevent(rfc, author, type="published_rfc", time=T0 + datetime.timedelta(days=400))
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    unrelated = f.draft("draft-unrelated")
    revision(unrelated, author, "00", 5)

    expected = [
        ("draft-someone-mars", "00"),
        ("draft-author-mars-test", "00"),
        ("draft-author-mars-test", "01"),
        ("draft-author-mars-test", "02"),
        ("draft-ietf-mars-test", "00"),
        ("draft-ietf-mars-test", "01"),
        ("rfc9999", "rfc9999"),
    ]
    for name in ("draft-ietf-mars-test", "rfc9999"):
        _, data = get(client, f"/doc/{name}/doc.json")
        assert [(e["name"], e["rev"]) for e in data["rev_history"]] == expected, name
    assert data["rev_history"][-1] == {
        "name": "rfc9999",
        "rev": "rfc9999",
        "published": "2021-02-05T03:04:05+00:00",
        "url": "/doc/rfc9999/",
    }
    assert data["name"] == "rfc9999"
    assert data["rev"] == ""
    assert data["state"] == "Published"
    assert data["std_level"] == "Proposed Standard"
    assert data["stream"] == "IETF"
    assert "iesg_state" not in data and "consensus" not in data
    # The replaced draft sees only what is before it and after it, not its siblings' past.
    _, data = get(client, "/doc/draft-author-mars-test/doc.json")
    assert [(e["name"], e["rev"]) for e in data["rev_history"]] == expected


def test_rfc_published_with_its_last_revision_comes_after_it(client, draft, author):
    # The RFC Editor's records date an RFC and its draft's last revision by the same month.
    rfc = f.document("rfc9998", type_id="rfc", rfc_number=9998, std_level_id="ps", stream_id="ietf")
    last = draft.latest_event(type="new_revision")
    f.docevent(rfc, author, type="published_rfc", time=last.time)
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    _, data = get(client, "/doc/rfc9998/doc.json")
    assert [e["name"] for e in data["rev_history"]][-2:] == [draft.name, "rfc9998"]


def test_rfc_without_publication_event(client):
    f.document("rfc1", type_id="rfc", rfc_number=1)
    _, data = get(client, "/doc/rfc1/doc.json")
    assert data["rev_history"] == [
        {"name": "rfc1", "rev": "rfc1", "published": None, "url": "/doc/rfc1/"}
    ]


def test_charter_gets_its_approval(client, author):
    charter = f.document("charter-ietf-mars", type_id="charter", rev="01", group=f.group())
    f.docevent(charter, author, type="iesg_approved", time=T0)
    _, data = get(client, "/doc/charter-ietf-mars/doc.json")
    assert data["state"] == "Approved"
    assert "stream" not in data and "iesg_state" not in data
    assert data["rev_history"] == [
        {
            "name": "charter-ietf-mars",
            "rev": "01",
            "published": "2020-01-02T03:04:05+00:00",
            "url": "/doc/charter-ietf-mars/",
        }
    ]


def test_individual_draft(client):
    none = f.group_named("none", type_id="individ", name="Individual Submissions")
    f.draft("draft-smith-thing", group=none, stream_id=None)
    _, data = get(client, "/doc/draft-smith-thing/doc.json")
    assert data["group"] == {
        "name": "Individual Submissions",
        "type": "Individual",
        "acronym": "none",
    }
    assert data["stream"] is None
    assert "consensus" not in data
    assert data["ad"] is None and data["shepherd"] is None
