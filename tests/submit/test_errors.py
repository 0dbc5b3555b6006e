"""Every error of /api/submission, its status and tombstone, and bad or hostile files: the
original's texts, a clear message, and nothing left behind but a cancelled record."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dtapi.submit import services
from dtapi.submit.models import Submission
from dtapi.submit.offline import NetworkRefused, offline
from tests import factories as f

from . import drafts
from .conftest import run_worker, upload

pytestmark = pytest.mark.django_db

NAME = "draft-doe-widget-exchange"


def refused(answer: Any, status: int = 400) -> dict[str, Any]:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/json"
    body: dict[str, Any] = answer.json()
    assert set(body) == {"error", "messages"}
    return body


def validation(answer: Any) -> list[str]:
    body = refused(answer)
    assert body["error"] == "Validation Error"
    return list(body["messages"])


def nothing_stored(storage_dir: Path) -> None:
    assert Submission.objects.count() == 0
    assert not (storage_dir / "staging").exists() or not list((storage_dir / "staging").iterdir())


# -- the endpoints ------------------------------------------------------------------------------


def test_get_documents_the_api(client: Client) -> None:
    page = client.get("/api/submission")
    assert page.status_code == 200
    assert (
        b"Internet-Draft submission API" in page.content and b"multipart/form-data" in page.content
    )
    assert client.get("/api/submission/").status_code == 200


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(client: Client, method: str) -> None:
    answer = getattr(client, method)("/api/submission")
    assert answer.status_code == 405
    assert answer.json() == {"error": "Method not allowed"}


@pytest.mark.parametrize("method", ["get", "post", "put"])
def test_the_old_api_is_gone(client: Client, method: str) -> None:
    for path in ("/api/submit", "/api/submit/"):
        answer = getattr(client, method)(path)
        assert answer.status_code == 410
        assert b"Obsolete Internet-Draft submission API notice" in answer.content
        assert b'href="/api/submission"' in answer.content


def test_status(client: Client, alice: Any) -> None:
    assert client.get("/api/submission/999/status").status_code == 404
    assert client.get("/api/submission/999/status/").status_code == 404
    sid = upload(client, drafts.v3()).json()["id"]
    for path in (f"/api/submission/{sid}/status", f"/api/submission/{sid}/status/"):
        assert client.get(path).json() == {
            "id": sid,
            "state": "validating",
            "state_desc": "Validating Submitted Draft",
        }


# -- the form -----------------------------------------------------------------------------------


def test_missing_fields(client: Client, storage_dir: Path) -> None:
    assert validation(upload(client, None, None)) == [
        "This field is required.",
        "This field is required.",
    ]
    assert validation(upload(client, drafts.v3(), None)) == ["This field is required."]
    assert validation(upload(client, None)) == ["This field is required."]
    assert validation(upload(client, drafts.v3(), "not an address")) == [
        "Enter a valid email address."
    ]
    assert validation(upload(client, b"")) == ["The submitted file is empty."]
    nothing_stored(storage_dir)


def test_user_errors(client: Client, storage_dir: Path) -> None:
    body = refused(upload(client, drafts.v3(), "nobody@example.org"))
    assert body == {
        "error": "No such user: nobody@example.org",
        "messages": ["No such user: nobody@example.org"],
    }
    f.email(None, "orphan@example.org")
    assert refused(upload(client, drafts.v3(), "orphan@example.org"))["error"] == (
        "No person matches orphan@example.org"
    )
    f.email(f.person(name="No Login"), "nologin@example.org")
    assert refused(upload(client, drafts.v3(), "nologin@example.org"))["error"] == (
        "No user matches: nologin@example.org"
    )
    get_user_model().objects.create_user("lonely@example.org", password="x")
    assert refused(upload(client, drafts.v3(), "lonely@example.org"))["error"] == (
        "No person with username lonely@example.org"
    )
    get_user_model().objects.create_user("Twin@example.org", password="x")
    get_user_model().objects.create_user("twin@example.org", password="x")
    assert refused(upload(client, drafts.v3(), "twin@example.org"), 500)["error"] == (
        "Multiple matching accounts for twin@example.org"
    )
    nothing_stored(storage_dir)


def test_a_username_that_is_an_address_works(client: Client) -> None:
    person = f.user_person("alice.login@example.com", name="Alice Example")
    f.email(person, "alice@example.org", primary=False)
    answer = upload(client, drafts.v3(), "ALICE.login@example.com")
    assert answer.status_code == 200, answer.content


def test_file_errors(client: Client, alice: Any, settings: Any, storage_dir: Path) -> None:
    assert validation(upload(client, drafts.v3(), filename="draft.txt")) == [
        'Expected the XML file to have extension ".xml", found the name "draft.txt"'
    ]
    assert validation(upload(client, drafts.v3(), filename="my draft.xml")) == [
        "Invalid characters were found in the name of the file which was just submitted:  "
    ]
    settings.DTAPI_SUBMIT = {"MAX_XML_SIZE": 1000}
    assert validation(upload(client, drafts.v3())) == [
        "File size is larger than the permitted maximum of 1000\xa0bytes"
    ]
    settings.DTAPI_SUBMIT = {}
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert validation(upload(client, png, content_type="image/png")) == [
        "Invalid utf-8 byte(s) starting at byte 1: [0x89]"
    ]
    messages = validation(upload(client, b"<rfc docName='draft-doe-x-00'><front>"))
    assert messages[0] == (
        "The uploaded file is not valid XML. Please make sure you are uploading the correct file."
    )
    assert validation(upload(client, b"<html><body/></html>"))[1] == (
        "The top-level element is <html>; an Internet-Draft's is <rfc>."
    )
    assert validation(upload(client, b"<rfc/>"))[0].startswith(
        "Could not extract a valid Internet-Draft name from the XML."
    )
    assert validation(upload(client, b'<rfc docName="draft-doe-widget-exchange"/>'))[0].startswith(
        "Could not extract a valid Internet-Draft revision from the XML."
    )
    nothing_stored(storage_dir)


def test_name_and_revision_rules(client: Client, alice: Any, storage_dir: Path) -> None:
    assert validation(upload(client, drafts.v3("draft-Doe-Widget", "00"))) == [
        "Expected name 'draft-...' using lowercase ascii letters, digits, and hyphen; found "
        "'draft-Doe-Widget'."
    ]
    assert validation(upload(client, drafts.v3("draft-doe--widget", "00"))) == [
        "Name contains adjacent dashes or the name ends with a dash."
    ]
    assert validation(upload(client, drafts.v3("draft-doe", "00"))) == [
        "Name has less than three dash-delimited components in the name."
    ]
    long = "draft-doe-" + "x" * 45
    assert validation(upload(client, drafts.v3(long, "00"))) == [
        "Expected the Internet-Draft name to be at most 50 ascii characters long; found 55."
    ]
    assert validation(upload(client, drafts.v3(NAME, "01"))) == [
        "Invalid revision (revision 00 is expected)"
    ]
    assert validation(upload(client, drafts.v3("draft-ietf-nosuchwg-thing", "00"))) == [
        "There is no active group with acronym 'nosuchwg', please rename your Internet-Draft"
    ]
    assert validation(upload(client, drafts.v3("draft-iab-widget", "00"))) == [
        "Internet-Draft names starting with draft-iab- are restricted, please pick a different name"
    ]
    nothing_stored(storage_dir)


def test_replaces_errors(client: Client, alice: Any, storage_dir: Path) -> None:
    f.document("rfc9999", type_id="rfc")
    f.draft("draft-doe-published").set_state(f.state("draft", "rfc"))
    messages = validation(
        upload(client, drafts.v3(), replaces="draft-doe-nothing, rfc9999,draft-doe-published")
    )
    assert messages == [
        "Unknown Internet-Draft name(s): draft-doe-nothing",
        "An Internet-Draft can only replace another Internet-Draft",
        "An Internet-Draft cannot replace another Internet-Draft that has become an RFC",
    ]
    nothing_stored(storage_dir)


def test_one_submission_of_a_revision_at_a_time(client: Client, alice: Any) -> None:
    first = upload(client, drafts.v3())
    assert first.status_code == 200
    messages = validation(upload(client, drafts.v3()))
    assert messages == [
        "A submission with same name and revision is currently being processed. "
        f'<a href="/api/submission/{first.json()["id"]}/status">Check the status here.</a>'
    ]


# -- hostile files ------------------------------------------------------------------------------

HOSTILE = {
    "external entity (file)": b"""<?xml version="1.0"?>
<!DOCTYPE rfc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rfc docName="draft-doe-widget-exchange-00" version="3"><front><title>&secret;</title></front></rfc>""",
    "billion laughs": b"""<?xml version="1.0"?>
<!DOCTYPE rfc [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rfc docName="draft-doe-widget-exchange-00" version="3"><front><title>&lol9;</title></front></rfc>""",
    "XInclude of a local file": drafts.v3(
        extra_back='<xi:include href="/etc/passwd" parse="text"/>'
    ),
    "XInclude from the network": drafts.v3(
        extra_back="<references><name>Normative References</name>"
        '<xi:include href="https://bib.ietf.org/public/rfc/bibxml/reference.RFC.9999.xml"/>'
        "</references>"
    ),
    "DTD from the network": b"""<?xml version="1.0"?>
<!DOCTYPE rfc SYSTEM "http://dtd.example.net/evil.dtd">
<rfc docName="draft-doe-widget-exchange-00" version="3"><front><title>x</title></front></rfc>""",
    "PI include": drafts.v3(extra_back='<?rfc include="reference.RFC.9999"?>'),
}

EXPECTED: dict[str, str | tuple[str, ...]] = {
    "external entity (file)": "The external entity &secret; 'file:///etc/passwd' is not resolved",
    # libxml2 itself stops it before dtapi's own check would: either message is clear.
    "billion laughs": (
        "The entity declaration &lol; is not accepted",
        "XML error: Maximum entity amplification",
    ),
    "XInclude of a local file": "The XInclude of '/etc/passwd' is not resolved",
    "XInclude from the network": "The XInclude of 'https://bib.ietf.org/public/rfc/bibxml/reference.RFC.9999.xml' is not resolved",
    "DTD from the network": "The DTD 'http://dtd.example.net/evil.dtd' is not loaded",
    "PI include": "The include 'reference.RFC.9999' is not resolved",
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to open a connection or resolve a name fails, and is recorded."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_files_get_a_clear_error_and_touch_nothing(
    client: Client, alice: Any, storage_dir: Path, no_network: list[Any], kind: str
) -> None:
    messages = validation(upload(client, HOSTILE[kind]))
    assert any(m.startswith(EXPECTED[kind]) for m in messages), messages
    assert "root:" not in " ".join(messages)
    assert no_network == []
    nothing_stored(storage_dir)


def test_references_come_from_the_local_library(
    client: Client, alice: Any, settings: Any, tmp_path: Path, no_network: list[Any]
) -> None:
    library = tmp_path / "bibxml"
    library.mkdir()
    (library / "reference.RFC.9999.xml").write_text(
        '<reference anchor="RFC9999" target="https://www.rfc-editor.org/info/rfc9999">'
        "<front><title>Widget Requirements</title>"
        '<author initials="W." surname="Maker" fullname="Wanda Maker"/>'
        '<date year="2031" month="May"/></front>'
        '<seriesInfo name="RFC" value="9999"/></reference>'
    )
    settings.DTAPI_XML_LIBRARY = str(library)
    answer = upload(client, HOSTILE["XInclude from the network"])
    assert answer.status_code == 200, answer.content
    run_worker()
    submission = Submission.objects.get()
    assert submission.state_id == "auth", list(submission.submissionevent_set.values_list("desc"))
    assert no_network == []


# -- rejected while processing --------------------------------------------------------------------


def rejected(client: Client, xml: bytes, storage_dir: Path) -> str:
    answer = upload(client, xml)
    assert answer.status_code == 200, answer.content
    run_worker()
    submission = Submission.objects.get(pk=answer.json()["id"])
    assert submission.state_id == "cancel"
    assert not list((storage_dir / "staging").iterdir())  # only the record remains
    return str(submission.submissionevent_set.order_by("-time", "-id").first().desc)


def test_failed_checks_cancel_the_submission(client: Client, alice: Any, storage_dir: Path) -> None:
    xml = drafts.v3().replace(
        b"<name>Security Considerations</name>", b"<name>Odds and Ends</name>"
    )
    assert rejected(client, xml, storage_dir) == (
        "Submission rejected: Checks failed:   ** The document seems to lack a Security "
        "Considerations section."
    )
    check = Submission.objects.get().checks.get(checker="idnits check")
    assert (check.passed, check.errors) == (False, 1)


def test_an_author_without_an_address_cancels(
    client: Client, alice: Any, storage_dir: Path
) -> None:
    xml = drafts.v3(authors=(drafts.ALICE, drafts.Author("No Mail", "")))
    xml = xml.replace(b"<email></email>", b"")
    assert rejected(client, xml, storage_dir) == (
        "Submission rejected: Email address not found for all authors"
    )


def test_xml2rfc_errors_cancel(client: Client, alice: Any, storage_dir: Path) -> None:
    xml = drafts.v3().replace(b"<middle>", b"<middle><section><t>no name</t><bogus/></section>")
    desc = rejected(client, xml, storage_dir)
    assert desc.startswith("Submission rejected: Error during xml2rfc prep"), desc


def test_processing_never_opens_a_connection(
    client: Client, alice: Any, no_network: list[Any]
) -> None:
    assert upload(client, drafts.v2()).status_code == 200
    run_worker()
    assert Submission.objects.get().state_id == "auth"
    assert no_network == []


def test_the_offline_guard_refuses_the_network() -> None:
    with offline(), pytest.raises(NetworkRefused):
        socket.getaddrinfo("example.org", 80)


def test_stale_validating_submissions_are_cancelled(
    client: Client, alice: Any, settings: Any
) -> None:
    upload(client, drafts.v3())
    settings.DTAPI_SUBMIT = {"MAX_VALIDATION_MINUTES": -1}
    assert services.cancel_stale_submissions() == 1
    submission = Submission.objects.get()
    assert submission.state_id == "cancel"
    assert submission.submissionevent_set.order_by("-id").first().desc == (
        "Submission canceled: validation checks took too long"
    )
    assert run_worker() == 1  # its task finds it cancelled and does nothing
    assert Submission.objects.get().state_id == "cancel"
