"""``dtapi ballot open|close`` and the documents admin's ballot actions."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dtapi.accounts.apikeys import key_string
from dtapi.doc.models import (
    BallotDocEvent,
    DocEvent,
    DocHistory,
    Document,
    IRSGBallotDocEvent,
    RelatedDocument,
    StateDocEvent,
)
from dtapi.person.models import Person
from tests import factories as f

pytestmark = pytest.mark.django_db


def ballot(*args: str) -> str:
    out = io.StringIO()
    call_command("ballot", *args, stdout=out)
    return out.getvalue()


def event_rows(doc: Document) -> list[tuple[str, str]]:
    return list(DocEvent.objects.filter(doc=doc).order_by("id").values_list("type", "desc"))


@pytest.fixture
def draft():
    doc = f.draft("draft-ietf-mars-test", rev="03")
    doc.set_state(f.state("draft-iesg", "writeupw"))
    doc.tags.add("need-rev")
    return doc


def test_open_issues_an_iesg_ballot_as_the_secretariat_does(draft):
    before = draft.time
    out = ballot("open", "--doc", "draft-ietf-mars-test")

    opened = BallotDocEvent.objects.get(doc=draft)
    assert out.splitlines() == [
        f"Opened ballot 'Approve' on draft-ietf-mars-test (event {opened.pk}); "
        "IESG state: IESG Evaluation (was Waiting for Writeup)",
        "Positions: POST /api/iesg/position with doc=draft-ietf-mars-test; the ballot: "
        f"/api/v1/doc/ballotdocevent/{opened.pk}/",
    ]
    assert (opened.type, opened.ballot_type.slug, opened.ballot_type.doc_type_id) == (
        "created_ballot",
        "approve",
        "draft",
    )
    assert opened.rev == "03"
    assert opened.by.name == "(System)"
    assert event_rows(draft) == [
        (
            "changed_state",
            "IESG state changed to <b>IESG Evaluation</b> from Waiting for Writeup::Revised I-D Needed",
        ),
        ("created_ballot", 'Created "Approve" ballot'),
        ("sent_ballot_announcement", "Ballot has been issued"),
    ]
    change = StateDocEvent.objects.get(doc=draft)
    assert (change.state_type_id, change.state.slug) == ("draft-iesg", "iesg-eva")
    draft.refresh_from_db()
    assert draft.get_state_slug("draft-iesg") == "iesg-eva"
    assert draft.get_state_slug("draft") == "active"  # other state machines are untouched
    assert not draft.tags.filter(slug="need-rev").exists()  # IESG substate tags go
    assert draft.time > before
    snapshot = DocHistory.objects.get(doc=draft)
    assert list(snapshot.states.values_list("slug", flat=True).order_by("slug")) == [
        "active",
        "iesg-eva",
    ]


def test_an_area_director_can_then_record_a_position(client, draft):
    ad = f.area_director("ad")
    ballot("open", "--doc", draft.name, "--type", "approve")
    key = key_string(f.api_key(ad, "/api/iesg/position"))
    r = client.post("/api/iesg/position", {"apikey": key, "doc": draft.name, "position": "yes"})
    assert (r.status_code, r.content) == (200, b"Done")
    ballot("close", "--doc", draft.name)
    r = client.post("/api/iesg/position", {"apikey": key, "doc": draft.name, "position": "yes"})
    assert (r.status_code, r.content) == (400, b"No open ballot found")


def test_a_draft_without_iesg_state_enters_iesg_evaluation():
    doc = f.draft()
    ballot("open", "--doc", doc.name)
    assert doc.get_state_slug("draft-iesg") == "iesg-eva"
    assert event_rows(doc)[0] == ("changed_state", "IESG state changed to <b>IESG Evaluation</b>")


def test_a_draft_already_in_evaluation_keeps_its_state(draft):
    draft.set_state(f.state("draft-iesg", "iesg-eva"))
    out = ballot("open", "--doc", draft.name)
    assert "IESG state stays IESG Evaluation" in out
    assert [t for t, _ in event_rows(draft)] == ["created_ballot", "sent_ballot_announcement"]


def test_a_published_draft_is_opened_with_a_note(draft):
    draft.set_state(f.state("draft", "rfc"))
    draft.set_state(f.state("draft-iesg", "pub"))
    out = ballot("open", "--doc", draft.name)
    assert out.startswith(
        "Note: draft-ietf-mars-test has already been published as an RFC; the original issues "
        "no ballot on it: this one is opened for trying the API\n"
    )
    assert "IESG state: IESG Evaluation (was RFC Published)" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--doc", "draft-no-such"], "No document named 'draft-no-such'"),
        (
            ["--doc", "draft-ietf-mars-test", "--type", "nosuch"],
            "Unknown ballot type 'nosuch' for a draft (known: approve, irsg-approve, "
            "rsab-approve; see /api/v1/doc/ballottype/)",
        ),
        (
            ["--doc", "draft-ietf-mars-test", "--type", "irsg-approve"],
            "IRSG Approve ballots (irsg-approve) are for drafts of the irtf stream; "
            "draft-ietf-mars-test is in the ietf stream",
        ),
        (
            ["--doc", "draft-ietf-mars-test", "--by", "nobody"],
            "No person 'nobody' (give a username, email address or person id)",
        ),
    ],
)
def test_refusals_write_nothing(draft, args, message):
    with pytest.raises(CommandError) as refused:
        ballot("open", *args)
    assert str(refused.value) == message
    assert event_rows(draft) == []
    assert draft.get_state_slug("draft-iesg") == "writeupw"


def test_a_second_ballot_is_refused_while_one_is_open(draft):
    ballot("open", "--doc", draft.name)
    events = event_rows(draft)
    opened = BallotDocEvent.objects.get(doc=draft)
    with pytest.raises(CommandError) as refused:
        ballot("open", "--doc", draft.name)
    assert str(refused.value) == (
        f"draft-ietf-mars-test already has an open 'Approve' ballot (opened "
        f"{opened.time:%Y-%m-%d %H:%M} UTC); close it first with "
        "`dtapi ballot close --doc draft-ietf-mars-test`"
    )
    assert event_rows(draft) == events
    ballot("close", "--doc", draft.name)
    ballot("open", "--doc", draft.name)
    assert BallotDocEvent.objects.filter(doc=draft, type="created_ballot").count() == 2


def test_an_rfc_has_no_ballots_and_names_its_draft():
    rfc = f.document("rfc9999", type_id="rfc", rfc_number=9999)
    draft = f.draft("draft-ietf-mars-done")
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    with pytest.raises(CommandError) as refused:
        ballot("open", "--doc", "rfc9999")
    assert str(refused.value) == (
        "rfc9999 is a document of type 'rfc', which has no ballots; ballots are on drafts "
        "(it was published from draft-ietf-mars-done)"
    )


def test_close_without_an_open_ballot_is_an_error(draft):
    with pytest.raises(CommandError, match="^draft-ietf-mars-test has no open ballot$"):
        ballot("close", "--doc", draft.name)


def test_irtf_drafts_get_an_irsg_ballot_by_default():
    doc = f.draft("draft-irtf-cfrg-test", stream_id="irtf")
    doc.set_state(f.state("draft-stream-irtf", "rg-lc"))
    ballot("open", "--doc", doc.name)
    opened = IRSGBallotDocEvent.objects.get(doc=doc)
    assert opened.ballot_type.slug == "irsg-approve"
    assert opened.desc == "Created IRSG Ballot"
    assert (opened.duedate - opened.time).days == 14
    assert doc.get_state_slug("draft-stream-irtf") == "irsgpoll"
    assert doc.get_state_slug("draft-iesg") is None


def test_other_document_types_enter_their_iesg_review_state():
    review = f.document("conflict-review-test", type_id="conflrev")
    review.set_state(f.state("conflrev", "adrev"))
    ballot("open", "--doc", review.name)
    assert review.get_state_slug("conflrev") == "iesgeval"
    assert BallotDocEvent.objects.get(doc=review).ballot_type.slug == "conflrev"
    charter = f.document("charter-ietf-mars", type_id="charter")
    ballot("open", "--doc", charter.name, "--type", "r-extrev")
    assert charter.get_state_slug("charter") == "intrev"
    assert (
        BallotDocEvent.objects.get(doc=charter).desc == 'Created "Ready for external review" ballot'
    )


def test_by_names_who_records_it(draft):
    secretary = f.user_person("secr1")
    ballot("open", "--doc", draft.name, "--by", "secr1")
    assert set(DocEvent.objects.filter(doc=draft).values_list("by", flat=True)) == {secretary.pk}
    ballot("close", "--doc", draft.name, "--by", "secr1@example.org")
    ballot("open", "--doc", draft.name, "--by", str(secretary.pk))
    assert set(DocEvent.objects.filter(doc=draft).values_list("by", flat=True)) == {secretary.pk}
    assert not Person.objects.filter(name="(System)").exists()


def test_admin_actions_open_and_close_ballots(client, draft):
    admin = f.user_person("admin1", is_staff=True)
    admin.user.is_superuser = True
    admin.user.save()
    rfc = f.document("rfc9998", type_id="rfc", rfc_number=9998)
    client.force_login(admin.user)
    url = "/admin/doc/document/"
    r = client.post(
        url,
        {"action": "open_ballot", "_selected_action": [draft.pk, rfc.pk]},
        follow=True,
    )
    texts = [str(m) for m in r.context["messages"]]
    assert (
        "Opened ballot 'Approve' (approve) on draft-ietf-mars-test; IESG state: IESG Evaluation"
        in texts
    )
    assert "rfc9998 is a document of type 'rfc', which has no ballots" in texts
    opened = BallotDocEvent.objects.get(doc=draft)
    assert opened.by == admin
    r = client.post(url, {"action": "close_ballot", "_selected_action": [draft.pk]}, follow=True)
    assert [str(m) for m in r.context["messages"]] == [
        "Closed ballot 'Approve' on draft-ietf-mars-test"
    ]
    assert BallotDocEvent.objects.filter(doc=draft).latest("id").type == "closed_ballot"
