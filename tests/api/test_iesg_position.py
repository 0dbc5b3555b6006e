"""POST /api/iesg/position (ported from the original's ``test_api_set_position`` and the
checks of its view)."""

from __future__ import annotations

import pytest
from django.core import mail

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import BallotPositionDocEvent, DocEvent
from dtapi.name.models import BallotPositionName
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/iesg/position"


@pytest.fixture
def ad():
    return f.area_director("ad", name="Areað Irector")


@pytest.fixture
def apikey(ad):
    return key_string(f.api_key(ad, URL))


@pytest.fixture
def draft(ad):
    doc = f.draft("draft-ietf-mars-test", group=f.group("mars"), ad=ad)
    f.ballot(doc, ad)
    return doc


def post(client, **data):
    return client.post(URL, data)


def text(r) -> str:
    return r.content.decode()


def all_slugs() -> str:
    return ",".join(BallotPositionName.objects.values_list("slug", flat=True))


def test_set_position(client, ad, apikey, draft, django_capture_on_commit_callbacks):
    events_before = DocEvent.objects.filter(doc=draft).count()

    # 1. A blocking position with both texts; surrounding whitespace: leading kept.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            client,
            apikey=apikey,
            doc=draft.name,
            position="discuss",
            discuss=" This is a discussion test. \n ",
            comment=" This is a test. \n ",
        )
    assert (r.status_code, text(r)) == (200, "Done")
    pos = draft.latest_event(BallotPositionDocEvent)
    assert pos.pos_id == "discuss"
    assert pos.discuss == " This is a discussion test."
    assert pos.comment == " This is a test."
    assert pos.discuss_time is not None and pos.comment_time is not None
    assert pos.balloter == ad and pos.by == ad
    assert pos.send_email is True
    assert pos.type == "changed_ballot_position"
    assert pos.ballot.type == "created_ballot"
    assert "New position" in pos.desc
    assert pos.desc == (
        "[Ballot Position Update] New position, Discuss, has been recorded for Areað Irector"
    )
    assert DocEvent.objects.filter(doc=draft).count() == events_before + 3
    descs = set(
        DocEvent.objects.filter(doc=draft, type="added_comment").values_list("desc", flat=True)
    )
    assert descs == {
        "[Ballot comment]\n This is a test.",
        "[Ballot discuss]\n This is a discussion test.",
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "Areað Irector's Discuss on draft-ietf-mars-test-00: (with DISCUSS and COMMENT)"
    )

    # 2. No Objection: the position changes, the discuss goes away.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, apikey=apikey, doc=draft.name, position="noobj")
    assert r.status_code == 200
    pos = draft.latest_event(BallotPositionDocEvent)
    assert pos.pos_id == "noobj"
    assert pos.discuss == ""
    assert "Position for" in pos.desc
    assert pos.desc == (
        "[Ballot Position Update] Position for Areað Irector has been changed to "
        "No Objection from Discuss"
    )
    assert DocEvent.objects.filter(doc=draft).count() == events_before + 4
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert "No Objection" in message.subject
    assert any("iesg@" in to for to in message.to)
    assert any(draft.name in cc for cc in message.cc)
    assert any("mars-chairs@" in cc for cc in message.cc)

    # 3. No Record.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, apikey=apikey, doc=draft.name, position="norecord")
    assert r.status_code == 200
    assert "Position for" in draft.latest_event(BallotPositionDocEvent).desc
    assert "No Record" in mail.outbox[2].subject

    # 4. A comment on the same position.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, apikey=apikey, doc=draft.name, position="norecord", comment="New comment.")
    assert r.status_code == 200
    pos = draft.latest_event(BallotPositionDocEvent)
    assert pos.comment == "New comment."
    assert "Ballot comment text updated" in pos.desc
    assert DocEvent.objects.filter(doc=draft).count() == events_before + 4 + 1 + 2
    assert "COMMENT" in mail.outbox[3].subject
    assert "New comment." in mail.outbox[3].body

    # 5. Nothing changed: no event, but the mail still goes out.
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, apikey=apikey, doc=draft.name, position="norecord", comment="New comment.")
    assert r.status_code == 200
    assert DocEvent.objects.filter(doc=draft).count() == events_before + 7
    assert len(mail.outbox) == 5


def test_discuss_and_comment_text_update(client, apikey, draft):
    post(client, apikey=apikey, doc=draft.name, position="discuss", discuss="d1", comment="c1")
    post(client, apikey=apikey, doc=draft.name, position="discuss", discuss="d2", comment="c2")
    pos = draft.latest_event(BallotPositionDocEvent)
    assert pos.desc == "Ballot discuss and comment text updated for Areað Irector"


def test_no_mail_when_the_transaction_fails(client, apikey, draft, monkeypatch):
    from dtapi.doc import services

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services.DocEvent, "save", fail)
    client.raise_request_exception = False
    r = post(client, apikey=apikey, doc=draft.name, position="discuss", discuss="x", comment="y")
    assert r.status_code == 500
    assert not BallotPositionDocEvent.objects.filter(doc=draft).exists()  # all or nothing
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Missing document name"),
        ({"doc": ""}, "Missing document name"),
        ({"doc": "draft-no-such-thing"}, "Document not found"),
        ({"doc": "draft-with-nul\x00"}, "Document not found"),
        ({"doc": "DRAFT"}, "Document not found"),
    ],
)
def test_document_errors(client, apikey, draft, data, message):
    r = post(client, apikey=apikey, **data)
    assert (r.status_code, text(r)) == (400, message)


def test_position_name_errors(client, apikey, draft):
    slugs = all_slugs()
    assert slugs.split(",")[0] == "concern"  # name-table order: order, then name
    r = post(client, apikey=apikey, doc=draft.name)
    assert (r.status_code, text(r)) == (400, f"Missing parameter: position, one of: {slugs} ")
    for bad in ("bogus", "NOOBJ", "noobj\x00"):
        r = post(client, apikey=apikey, doc=draft.name, position=bad)
        assert (r.status_code, text(r)) == (400, f"Bad position name, must be one of: {slugs} ")


def test_no_open_ballot(client, ad, apikey):
    never = f.draft()
    closed = f.draft()
    f.ballot(closed, ad, closed=True)
    for doc in (never, closed):
        r = post(client, apikey=apikey, doc=doc.name, position="yes")
        assert (r.status_code, text(r)) == (400, "No open ballot found")


def test_reopened_ballot_is_open(client, ad, apikey):
    doc = f.draft()
    f.ballot(doc, ad, closed=True)
    f.ballot(doc, ad)
    r = post(client, apikey=apikey, doc=doc.name, position="yes")
    assert (r.status_code, text(r)) == (200, "Done")


def test_position_not_allowed_by_the_ballot_type(client, apikey, draft):
    r = post(client, apikey=apikey, doc=draft.name, position="block")
    assert r.status_code == 400
    assert text(r) == (
        "Form not valid: position: Select a valid choice. "
        "That choice is not one of the available choices."
    )
    assert not BallotPositionDocEvent.objects.exists()


@pytest.mark.parametrize("discuss", [None, "", "   \n "])
def test_blocking_position_needs_a_discuss(client, apikey, draft, discuss):
    data = {"apikey": apikey, "doc": draft.name, "position": "discuss"}
    if discuss is not None:
        data["discuss"] = discuss
    r = client.post(URL, data)
    assert (r.status_code, text(r)) == (
        400,
        "Form not valid: discuss: You must enter a non-empty discuss",
    )


def test_nul_in_texts_is_refused(client, apikey, draft):
    r = post(client, apikey=apikey, doc=draft.name, position="yes", comment="a\x00b")
    assert r.status_code == 400
    assert text(r).startswith("Form not valid: comment: ")


def test_charter_ballot_block(client, ad, apikey):
    charter = f.document("charter-ietf-mars", type_id="charter", rev="01", group=f.group())
    f.ballot(charter, ad, slug="approve")
    r = post(client, apikey=apikey, doc=charter.name, position="block")
    assert text(r) == "Form not valid: discuss: You must enter a non-empty discuss"
    r = post(client, apikey=apikey, doc=charter.name, position="block", discuss="Why?")
    assert (r.status_code, text(r)) == (200, "Done")
    assert charter.latest_event(BallotPositionDocEvent).discuss == "Why?"


def test_irsg_ballot_positions_and_recipients(
    client, ad, apikey, django_capture_on_commit_callbacks
):
    doc = f.draft(stream_id="irtf", group=f.group(type_id="rg"))
    f.ballot(doc, ad, slug="irsg-approve")
    r = post(client, apikey=apikey, doc=doc.name, position="discuss", discuss="x")
    assert r.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        r = post(client, apikey=apikey, doc=doc.name, position="notready")
    assert (r.status_code, text(r)) == (200, "Done")
    assert mail.outbox[-1].to == ["irsg@irtf.org"]
    assert f"{doc.group.acronym}-chairs@irtf.org" in mail.outbox[-1].cc
