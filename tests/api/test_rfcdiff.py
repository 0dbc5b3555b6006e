"""GET /api/rfcdiff-latest-json/... (ported from the original's ``RfcdiffSupportTests``)."""

from __future__ import annotations

import pytest

from dtapi.doc.models import RelatedDocument
from dtapi.doc.rfcdiff import HISTORY_NOT_FOUND
from dtapi.doc.services import snapshot
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/rfcdiff-latest-json/"
ARCHIVE = "https://www.ietf.org/archive/id/"


def draft_with_revs(name: str, last: int, *, skip: tuple[int, ...] = ()):
    doc = f.draft(name)
    for n in range(last + 1):
        doc.rev = f"{n:02d}"
        doc.save()
        if n not in skip:
            snapshot(doc)
    return doc


def getj(client, path):
    r = client.get(URL + path)
    assert r.status_code == 200, path
    assert r["Content-Type"] == "application/json"
    return r.json()


def relate(source, target, relationship):
    RelatedDocument.objects.create(source=source, target=target, relationship_id=relationship)


def test_draft_revisions(client):
    draft = draft_with_revs("draft-someone-did-something", 12)
    current = {
        "name": draft.name,
        "rev": "12",
        "content_url": f"{ARCHIVE}{draft.name}-12.txt",
        "previous": f"{draft.name}-11",
        "previous_url": f"{ARCHIVE}{draft.name}-11.txt",
    }
    for path in (draft.name, f"{draft.name}-12", f"{draft.name}-12.txt", f"{draft.name}/"):
        assert getj(client, path) == current, path
    assert getj(client, f"{draft.name}-10") == {
        "name": draft.name,
        "rev": "10",
        "content_url": f"{ARCHIVE}{draft.name}-10.txt",
        "previous": f"{draft.name}-09",
        "previous_url": f"{ARCHIVE}{draft.name}-09.txt",
    }
    first = getj(client, f"{draft.name}-00.html")
    assert first == {
        "name": draft.name,
        "rev": "00",
        "content_url": f"{ARCHIVE}{draft.name}-00.txt",
    }


def test_first_revision_of_a_replacement(client):
    old = draft_with_revs("draft-old-name", 3)
    new = draft_with_revs("draft-ietf-new-name", 1)
    relate(new, old, "replaces")
    assert getj(client, f"{new.name}-00")["previous"] == "draft-old-name-03"
    assert getj(client, f"{new.name}-00")["previous_url"] == f"{ARCHIVE}draft-old-name-03.txt"


def test_names_ending_in_digits(client):
    for name in ("draft-someone-did-something-01-02", "draft-ietf-tsvwg-ieee-802-11"):
        doc = draft_with_revs(name, 1)
        assert getj(client, name)["name"] == name
        assert getj(client, f"{name}-01")["rev"] == "01"
        assert getj(client, f"{name}-00")["rev"] == "00"
        assert doc.name == name


def test_broken_history(client):
    draft = draft_with_revs("draft-some-broken-history", 10, skip=(9,))
    answer = getj(client, f"{draft.name}-09")
    assert answer == {
        "warning": HISTORY_NOT_FOUND,
        "name": draft.name,
        "rev": "09",
        "content_url": f"{ARCHIVE}{draft.name}-09.txt",
        "previous": f"{draft.name}-08",
        "previous_url": f"{ARCHIVE}{draft.name}-08.txt",
    }


def test_rfcs(client):
    draft = draft_with_revs("draft-ietf-mars-protocol", 5)
    rfc = f.document("rfc9999", type_id="rfc", rfc_number=9999)
    relate(draft, rfc, "became_rfc")
    expected = {
        "content_url": "https://www.rfc-editor.org/rfc/rfc9999.txt",
        "name": "rfc9999",
        "previous": f"{draft.name}-05",
        "previous_url": f"{ARCHIVE}{draft.name}-05.txt",
    }
    for path in ("9999", "rfc9999", "rfc09999", "RfC 9999", "rfc9999-03", draft.name):
        assert getj(client, path) == expected, path
    # With a revision, a draft that became an RFC is still the draft.
    assert getj(client, f"{draft.name}-01")["name"] == draft.name


def test_tombstone_rfc(client):
    draft = draft_with_revs("draft-ietf-sip-rfc2543bis", 9)
    rfc = f.document("rfc3261", type_id="rfc", rfc_number=3261)
    relate(draft, rfc, "became_rfc")
    answer = getj(client, "rfc3261")
    assert answer["previous"] == f"{draft.name}-08"


def test_bis_draft_first_revision(client):
    rfc = f.document("rfc2026", type_id="rfc", rfc_number=2026)
    bis = draft_with_revs("draft-someone-rfc2026bis", 0)
    answer = getj(client, f"{bis.name}-00")
    assert answer["previous"] == "rfc2026"
    assert answer["previous_url"] == "https://www.rfc-editor.org/rfc/rfc2026.txt"
    assert rfc.pk


@pytest.mark.parametrize(
    "path", ["rfc0000", "draft-ftei-oof-rab-00", "rfcfoo", "nothing.txt", "RFC 12x"]
)
def test_unknown_documents_are_404(client, path):
    assert client.get(URL + path).status_code == 404


def test_only_get(client):
    draft_with_revs("draft-x-y", 1)
    assert client.post(URL + "draft-x-y").status_code == 405
