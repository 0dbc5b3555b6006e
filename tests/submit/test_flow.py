"""Drafts submitted through the HTTP API, processed by the worker, confirmed through the mailed
link and posted: checked in /api/v1, doc.json, the stored files, the mail and the signed
notification.

xml2rfc makes these the slow tests of the package (about a second each); the error paths are
in test_errors.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from dtapi.doc.models import Document, NewRevisionDocEvent, RelatedDocument, SubmissionDocEvent
from dtapi.group.models import GroupFeatures
from dtapi.notify.models import Subscription
from dtapi.person.models import Person
from dtapi.submit.models import Submission
from tests import factories as f
from tests.notify.conftest import Subscriber, subscriber  # noqa: F401 (fixture)

from . import drafts
from .conftest import account, confirmation_link, run_worker, upload

pytestmark = pytest.mark.django_db


def events(submission: Submission) -> list[str]:
    return list(
        submission.submissionevent_set.order_by("time", "id").values_list("desc", flat=True)
    )


_capture: list[Any] = []


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    """What waits for the commit (mails, file clean-up) runs at once in these tests."""
    _capture.append(django_capture_on_commit_callbacks)
    yield
    _capture.pop()


def confirm_click(client: Client, link: str, action: str = "confirm") -> Any:
    with _capture[-1](execute=True):
        return client.post(link, {"action": action})


def post_through_api(client: Client, xml: bytes, user: str, **kw: Any) -> Submission:
    answer = upload(client, xml, user, **kw)
    assert answer.status_code == 200, answer.content
    assert run_worker() >= 1
    submission = Submission.objects.get(pk=answer.json()["id"])
    assert submission.state_id in ("auth", "aut-appr"), events(submission)
    answer = confirm_click(client, confirmation_link())
    assert answer.status_code == 302
    submission.refresh_from_db()
    assert submission.state_id == "posted", events(submission)
    return submission


def test_a_new_v3_draft_from_upload_to_posted(
    alice: Person,
    client: Client,
    storage_dir: Path,
    subscriber: Subscriber,  # noqa: F811
) -> None:
    Subscription.objects.create(event="new_revision", url=subscriber.url, encoding="json")
    name = "draft-doe-widget-exchange"

    answer = upload(client, drafts.v3(name, "00", sections=3), "alice@example.org")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"id", "name", "rev", "status_url"}
    assert (body["name"], body["rev"]) == (name, "00")
    assert body["status_url"] == f"https://dt.example.org/api/submission/{body['id']}/status"
    status = client.get(f"/api/submission/{body['id']}/status").json()
    assert status == {
        "id": body["id"],
        "state": "validating",
        "state_desc": "Validating Submitted Draft",
    }
    assert (storage_dir / f"staging/{name}-00.xml").exists()

    run_worker()
    submission = Submission.objects.get(pk=body["id"])
    assert submission.state_id == "auth"
    assert client.get(f"/api/submission/{body['id']}/status").json()["state"] == "auth"
    assert submission.title == "An Example Widget Exchange"
    assert (
        submission.abstract == "This document describes how widgets are exchanged, as an example."
    )
    assert submission.authors == [
        {
            "name": "Alice Example",
            "email": "alice@example.org",
            "affiliation": "Example Widgets",
            "country": "Sweden",
        }
    ]
    assert submission.xml_version == "3"
    assert submission.pages and submission.pages >= 2 and submission.words > 300
    checks = {c.checker: c for c in submission.checks.all()}
    assert set(checks) == {"name syntax", "revision", "replaces", "idnits check", "xml2rfc"}
    assert all(c.passed for c in checks.values())
    assert {p.name for p in (storage_dir / "staging").iterdir()} == {
        f"{name}-00.xml",
        f"{name}-00.txt",
        f"{name}-00.html",
    }
    [confirm_mail] = [m for m in mail.outbox if m.subject == f"Confirm submission of I-D {name}"]
    assert confirm_mail.to == ["Alice Example <alice@example.org>"]

    link = confirmation_link()
    page = client.get(link)
    assert page.status_code == 200 and b"Authorization key accepted" in page.content
    assert client.get(link.replace(link.split("/")[-2], "0" * 32)).content.count(
        b"Incorrect authorization key"
    )
    assert confirm_click(client, link).status_code == 302
    submission.refresh_from_db()
    assert submission.state_id == "posted"
    assert events(submission) == [
        "Uploaded submission through API",
        "Completed submission validation checks",
        'Set submitter to "Alice Example <alice@example.org>", replaces to (none) and sent '
        "confirmation email to submitter and authors: Alice Example <alice@example.org>",
        "Confirmed and posted submission",
    ]
    # Clicking again changes nothing.
    again = client.post(link, {"action": "confirm"})
    assert again.status_code == 400
    assert b"not in a state where it can be confirmed" in again.content
    assert b"has been posted" in client.get(link).content

    doc = Document.objects.get(name=name)
    assert (doc.rev, doc.title, doc.type_id, doc.get_state_slug()) == (
        "00",
        submission.title,
        "draft",
        "active",
    )
    assert doc.get_state_slug("draft-iesg") == "idexists"
    assert submission.draft_id == doc.pk
    assert [
        (a.person.name, a.email_id, a.affiliation, a.country) for a in doc.documentauthor_set.all()
    ] == [("Alice Example", "alice@example.org", "Example Widgets", "Sweden")]
    new_rev = NewRevisionDocEvent.objects.get(doc=doc)
    assert new_rev.rev == "00" and new_rev.by.name == "Alice Example"
    assert list(
        SubmissionDocEvent.objects.filter(doc=doc)
        .order_by("time", "id")
        .values_list("desc", flat=True)
    ) == [
        "Uploaded new revision",
        "Request for posting confirmation emailed to submitter and authors: Alice Example <alice@example.org>",
        "New version approved",
    ]
    assert {p.name for p in (storage_dir / "internet-drafts").iterdir()} == {
        f"{name}-00.xml",
        f"{name}-00.txt",
        f"{name}-00.html",
    }
    assert not list((storage_dir / "staging").iterdir())
    text = (storage_dir / f"internet-drafts/{name}-00.txt").read_text()
    assert f"{name}-00" in text and "Security Considerations" in text

    api = client.get(f"/api/v1/doc/document/{name}/").json()
    assert (api["rev"], api["title"], api["pages"]) == ("00", submission.title, submission.pages)
    assert f"/api/v1/submit/submission/{submission.pk}/" in api["submissions"]
    sub_api = client.get(f"/api/v1/submit/submission/{submission.pk}/").json()
    assert sub_api["state"] == "/api/v1/name/draftsubmissionstatename/posted/"
    assert sub_api["draft"] == f"/api/v1/doc/document/{name}/"
    assert len(sub_api["checks"]) == 5
    listed = client.get(f"/api/v1/submit/submissionevent/?submission={submission.pk}").json()
    assert listed["meta"]["total_count"] == 4
    checks_api = client.get(f"/api/v1/submit/submissioncheck/?submission={submission.pk}").json()
    assert {c["checker"] for c in checks_api["objects"]} == set(checks)
    docjson = client.get(f"/doc/{name}/doc.json").json()
    assert (docjson["rev"], docjson["pages"], docjson["state"]) == (
        "00",
        submission.pages,
        "Active",
    )
    assert docjson["authors"][0]["email"] == "alice@example.org"

    [notice] = [m for m in mail.outbox if m.subject.startswith("New Version Notification")]
    assert notice.subject == f"New Version Notification for {name}-00.txt"
    assert notice.to == ["Alice Example <alice@example.org>"]
    assert submission.title in notice.body

    run_worker()  # delivers the signed notification
    [payload] = [p for p in subscriber.payloads() if p["kind"] == "new_revision"]
    assert payload["data"]["document"]["name"] == name
    assert payload["data"]["document"]["rev"] == "00"
    assert payload["data"]["submission"] == {
        "id": submission.pk,
        "uri": f"/api/v1/submit/submission/{submission.pk}/",
    }


def test_a_v2_revision_by_a_coauthor_is_confirmed_by_the_previous_authors(
    alice: Person, bob: Person, client: Client, storage_dir: Path
) -> None:
    name = "draft-doe-widget-legacy"
    both = (drafts.ALICE, drafts.BOB)
    post_through_api(client, drafts.v2(name, "00", authors=both), "alice@example.org")
    mail.outbox.clear()

    answer = upload(
        client, drafts.v2(name, "01", authors=both, title="Widgets, Revised"), "bob@example.net"
    )
    assert answer.status_code == 200 and answer.json()["rev"] == "01"
    run_worker()
    submission = Submission.objects.get(pk=answer.json()["id"])
    assert submission.state_id == "aut-appr"
    assert submission.xml_version == "2"
    [confirm_mail] = [m for m in mail.outbox if m.subject.startswith("Confirm submission")]
    assert sorted(confirm_mail.to) == [
        "Alice Example <alice@example.org>",
        "Bob Sample <bob@example.net>",
    ]
    assert "sent confirmation email to previous authors" in events(submission)[-1]

    confirm_click(client, confirmation_link())
    submission.refresh_from_db()
    assert submission.state_id == "posted"
    doc = Document.objects.get(name=name)
    assert (doc.rev, doc.title) == ("01", "Widgets, Revised")
    assert doc.history_set.count() == 2
    assert [a.person.name for a in doc.documentauthor_set.order_by("order")] == [
        "Alice Example",
        "Bob Sample",
    ]
    assert NewRevisionDocEvent.objects.filter(doc=doc).count() == 2
    assert (storage_dir / f"internet-drafts/{name}-00.txt").exists()
    assert (storage_dir / f"internet-drafts/{name}-01.txt").exists()
    assert client.get(f"/doc/{name}/doc.json").json()["rev"] == "01"
    # A confirmation link can not be used twice, nor can a posted revision be submitted again.
    answer = upload(client, drafts.v2(name, "01", authors=both), "bob@example.net")
    assert answer.status_code == 400
    assert answer.json()["messages"] == ["Invalid revision (revision 02 is expected)"]


def test_replaces_and_a_submitter_who_is_not_an_author(
    alice: Person, bob: Person, client: Client
) -> None:
    post_through_api(client, drafts.v3("draft-doe-widget-old", "00"), "alice@example.org")
    new = "draft-doe-widget-new"
    submission = post_through_api(
        client, drafts.v3(new, "00"), "alice@example.org", replaces="draft-doe-widget-old"
    )
    assert submission.replaces == "draft-doe-widget-old"
    old = Document.objects.get(name="draft-doe-widget-old")
    assert RelatedDocument.objects.filter(
        source__name=new, target=old, relationship_id="replaces"
    ).exists()
    assert old.get_state_slug() == "repl"
    assert "replaces to draft-doe-widget-old" in events(submission)[2]
    replaced = client.get(
        f"/api/v1/doc/relateddocument/?source={Document.objects.get(name=new).pk}"
    ).json()
    assert replaced["meta"]["total_count"] == 1

    # Bob is not an author of this draft: the submission is cancelled, nothing stays.
    answer = upload(client, drafts.v3("draft-doe-widget-alone", "00"), "bob@example.net")
    assert answer.status_code == 200
    run_worker()
    rejected = Submission.objects.get(pk=answer.json()["id"])
    assert rejected.state_id == "cancel"
    assert events(rejected)[-1] == (
        "Submission rejected: Submitter (Bob Sample <bob@example.net>) is not one of the "
        "document authors"
    )
    assert client.get(f"/api/submission/{rejected.pk}/status").json()["state_desc"] == "Cancelled"
    assert not Document.objects.filter(name="draft-doe-widget-alone").exists()


def test_a_working_group_00_waits_for_the_chairs(alice: Person, client: Client) -> None:
    group = f.group("widget", type_id="wg")
    GroupFeatures.objects.update_or_create(type_id="wg", defaults={"req_subm_approval": True})
    chair = account(drafts.Author("Carol Chair", "carol@example.com"), "carol")
    f.role(chair, "chair", group)
    answer = upload(client, drafts.v3("draft-ietf-widget-core", "00"), "alice@example.org")
    assert answer.status_code == 200, answer.content
    run_worker()
    submission = Submission.objects.get()
    assert submission.group == group
    assert submission.state_id == "grp-appr"
    [request] = [m for m in mail.outbox if m.subject.startswith("New Internet-Draft waiting")]
    assert request.to == ["Carol Chair <carol@example.com>"]
    assert (
        "sent approval email to group chairs: Carol Chair <carol@example.com>"
        in events(submission)[-1]
    )
