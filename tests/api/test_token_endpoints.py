"""The application-token (X-Api-Key) endpoints and ``dtapi apitoken`` (ported from the
original's ``test_draft_aliases``, ``test_group_aliases``, ``test_active_email_list``,
``test_role_holder_addresses``, ``test_ingest_email``, ``DirectAuthApiTests`` and ``TokenTests``)."""

from __future__ import annotations

import base64
import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dtapi.accounts import apptokens
from dtapi.accounts.models import AppApiToken
from dtapi.doc.models import DocEvent, DocumentAuthor
from dtapi.message import ingestion
from dtapi.nomcom.models import Feedback, NomCom
from tests import factories as f

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/doc/draft-aliases/": "ietf.api.views.draft_aliases",
    "/api/group/group-aliases/": "ietf.api.views.group_aliases",
    "/api/group/role-holder-addresses/": "ietf.api.views.role_holder_addresses",
    "/api/person/email/": "ietf.api.views.active_email_list",
}
EMAIL, EMAIL_TEST = "/api/email/", "/api/email/test/"


def issue(*endpoints: str) -> str:
    out = io.StringIO()
    call_command(
        "apitoken",
        "add",
        *[f"--endpoint={e}" for e in endpoints],
        "--client=test",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue().strip()


def get(client, url, token=None, method="get", **kwargs):
    headers = {"X-Api-Key": token} if token else {}
    return getattr(client, method)(url, headers=headers, **kwargs)


# -- tokens -------------------------------------------------------------------------------------


def test_apitoken_command():
    token = issue("ietf.api.views.draft_aliases", "/api/person/email/")
    assert len(token) >= 40
    assert apptokens.is_valid_token("ietf.api.views.draft_aliases", token)
    assert apptokens.is_valid_token("ietf.api.views.active_email_list", token)
    assert not apptokens.is_valid_token("ietf.api.views.group_aliases", token)
    row = AppApiToken.objects.get()
    assert token not in row.token_hash  # only the hash is kept
    out = io.StringIO()
    call_command("apitoken", "list", stdout=out)
    assert (
        "test  enabled" in out.getvalue() and "ietf.api.views.active_email_list" in out.getvalue()
    )
    call_command("apitoken", "disable", str(row.pk), stdout=io.StringIO())
    assert not apptokens.is_valid_token("ietf.api.views.draft_aliases", token)
    with pytest.raises(CommandError, match="Unknown endpoint"):
        issue("/api/nowhere/")
    with pytest.raises(CommandError, match="No token 999"):
        call_command("apitoken", "disable", "999")


def test_tokens_from_settings(settings):
    settings.APP_API_TOKENS = {"ietf.api.views.draft_aliases": ["valid-token"], "oops": "a str"}
    assert apptokens.is_valid_token("ietf.api.views.draft_aliases", "valid-token")
    assert not apptokens.is_valid_token("ietf.api.views.draft_aliases", "valid")
    assert apptokens.is_valid_token("oops", "a str")
    assert not apptokens.is_valid_token("oops", "a")
    assert not apptokens.is_valid_token("oops", "")
    assert not apptokens.is_valid_token("oops", None)


@pytest.mark.parametrize("url", [*LISTS, EMAIL, EMAIL_TEST])
def test_no_token_is_forbidden(client, url):
    wrong = issue("ietf.api.views.directauth")
    for method in ("get", "post"):
        for token in (None, "bogus", wrong):
            r = get(client, url, token, method)
            assert (r.status_code, r.content) == (403, b""), (method, token)


@pytest.mark.parametrize("url", list(LISTS))
def test_lists_answer_get_only(client, url):
    token = issue(LISTS[url])
    r = get(client, url, token, "post")
    assert (r.status_code, r.content) == (405, b"")
    r = get(client, url, token)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"


# -- the lists ----------------------------------------------------------------------------------


def test_draft_aliases(client):
    chair = f.user_person("chair")
    wg = f.group("mars")
    f.role(chair, "chair", wg)
    ad = f.area_director("ad")
    author = f.user_person("author")
    draft = f.draft(
        "draft-ietf-mars-thing", group=wg, ad=ad, notify="Some One <one@notify.example>"
    )
    DocumentAuthor.objects.create(document=draft, person=author, email=author.email(), order=1)
    expired = f.draft("draft-old-thing")
    expired.set_state(f.state("draft", "expired"))
    expired.expires = timezone.now() - datetime.timedelta(days=3 * 365)
    expired.save()
    token = issue("ietf.api.views.draft_aliases")
    r = get(client, "/api/doc/draft-aliases/", token)
    aliases = r.json()["aliases"]
    assert set(r.json()) == {"aliases"}
    by_name = {a["alias"]: a for a in aliases}
    assert by_name["draft-ietf-mars-thing"] == {
        "alias": "draft-ietf-mars-thing",
        "domains": ["ietf"],
        "addresses": ["author@example.org"],
    }
    assert by_name["draft-ietf-mars-thing.ad"]["addresses"] == ["ad@example.org"]
    assert by_name["draft-ietf-mars-thing.chairs"]["addresses"] == ["chair@example.org"]
    assert by_name["draft-ietf-mars-thing.notify"]["addresses"] == ["one@notify.example"]
    assert by_name["draft-ietf-mars-thing.all"]["addresses"] == [
        "ad@example.org",
        "author@example.org",
        "chair@example.org",
        "one@notify.example",
    ]
    assert "draft-ietf-mars-thing.shepherd" not in by_name  # no shepherd, no alias
    assert not any(a["alias"].startswith("draft-old-thing") for a in aliases)


def test_group_aliases(client):
    area = f.group("ops", type_id="area")
    ad = f.user_person("opsad")
    f.role(ad, "ad", area)
    wg = f.group("mars", parent=area)
    chair = f.user_person("marschair")
    f.role(chair, "chair", wg)
    rg = f.group("cfrg", type_id="rg")
    f.role(f.user_person("rgchair"), "chair", rg)
    f.group("gone", state_id="conclude")
    token = issue("ietf.api.views.group_aliases")
    aliases = get(client, "/api/group/group-aliases/", token).json()["aliases"]
    assert {"alias": "mars-ads", "domains": ["ietf"], "addresses": ["opsad@example.org"]} in aliases
    assert {
        "alias": "mars-chairs",
        "domains": ["ietf"],
        "addresses": ["marschair@example.org"],
    } in aliases
    assert {"alias": "cfrg-chairs", "domains": ["irtf"], "addresses": ["rgchair@example.org"]} in (
        aliases
    )
    assert not any(a["alias"].startswith("gone") for a in aliases)


def test_role_holder_addresses_and_active_emails(client):
    holder = f.user_person("holder")
    f.role(holder, "chair", f.group())
    f.role(holder, "secr", f.group())
    plain = f.user_person("plain")
    f.email(plain, "old@example.org", primary=False, active=False)
    token = issue("ietf.api.views.role_holder_addresses", "ietf.api.views.active_email_list")
    r = get(client, "/api/group/role-holder-addresses/", token)
    assert r.json() == {"addresses": ["holder@example.org"]}
    r = get(client, "/api/person/email/", token)
    assert r.json() == {"addresses": ["holder@example.org", "plain@example.org"]}


# -- mail ingestion -----------------------------------------------------------------------------


def message(subject="Hello", extra="") -> str:
    raw = f"From: iana@example.org\nTo: x@example.org\nSubject: {subject}\n{extra}\nBody text\n"
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("url", [EMAIL, EMAIL_TEST])
def test_ingest_email_errors(client, url):
    token = issue(LISTS.get(url, "ietf.api.views.ingest_email"), "/api/email/test/", "/api/email/")
    r = get(client, url, token)
    assert (r.status_code, r.content) == (405, b"Method not allowed")

    def post(body, content_type="application/json"):
        return get(client, url, token, "post", data=body, content_type=content_type)

    r = post("dest=x", "application/x-www-form-urlencoded")
    assert (r.status_code, r.content) == (415, b"Content-Type must be application/json")
    cases = [
        (" ", "JSON parse error at line 1 col 2: Expecting value"),
        ("this is not JSON!", "JSON parse error at line 1 col 1: Expecting value"),
        ('{"dest": "iana-review"}', "JSON schema error at $: 'message' is a required property"),
        ('{"dest": 1, "message": "x"}', "JSON schema error at $.dest: 1 is not of type 'string'"),
        ("[]", "JSON schema error at $: [] is not of type 'object'"),
        (
            '{"dest": "iana-review", "message": "not base64!"}',
            "Invalid message: bad base64 encoding",
        ),
    ]
    for body, text in cases:
        r = post(body)
        assert (r.status_code, r.content.decode()) == (400, text), body
    for dest in (
        "not-a-destination",
        "nomcom-feedback",
        "nomcom-feedback-",
        "nomcom-feedback-squid",
        "nomcom-feedback-2024-2025",
    ):
        r = post(json.dumps({"dest": dest, "message": message()}))
        assert (r.status_code, r.json()) == (200, {"result": "bad_dest"}), dest


def test_ingest_email_routes_to_handlers(client):
    token = issue("/api/email/", "/api/email/test/")
    draft = f.draft("draft-ietf-mars-thing", rev="03")
    nomcom = NomCom.objects.create(group=f.group("nomcom2024", type_id="nomcom"))

    def post(url, dest, body):
        return get(
            client,
            url,
            token,
            "post",
            data=json.dumps({"dest": dest, "message": body}),
            content_type="application/json",
        )

    review = message("[IANA #123] Last Call: draft-ietf-mars-thing-03 (A Thing)")
    # The test endpoint only validates.
    assert post(EMAIL_TEST, "iana-review", review).json() == {"result": "ok"}
    assert post(EMAIL_TEST, "nomcom-feedback-2024", message()).json() == {"result": "ok"}
    assert not DocEvent.objects.filter(doc=draft).exists() and not Feedback.objects.exists()

    assert post(EMAIL, "iana-review", review).json() == {"result": "ok"}
    event = DocEvent.objects.get(doc=draft)
    assert event.desc.startswith("IANA review comment:\nBody text")
    assert post(EMAIL, "nomcom-feedback-2024", message("Feedback")).json() == {"result": "ok"}
    feedback = Feedback.objects.get()
    assert (feedback.nomcom, feedback.author, feedback.subject) == (
        nomcom,
        "iana@example.org",
        "Feedback",
    )
    # Messages a handler cannot use.
    assert post(EMAIL, "iana-review", message("No draft here")).json() == {"result": "bad_msg"}
    assert post(EMAIL, "nomcom-feedback-1999", message()).json() == {"result": "bad_msg"}
    assert post(EMAIL, "ipr-response", message()).json() == {"result": "bad_msg"}
    assert DocEvent.objects.filter(doc=draft).count() == 1 and Feedback.objects.count() == 1


def test_ingestion_error_mail(client, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMINS = [("Admin", "admin@example.org")]
    token = issue("/api/email/")

    def failing(raw):
        raise ingestion.EmailIngestionError(
            "Error: do send email",
            email_body="body text",
            email_original_message=raw,
            email_attach_traceback=True,
        )

    monkeypatch.setattr(ingestion, "iana_review", failing)
    monkeypatch.setattr(
        ingestion, "handler_for", lambda dest: failing if dest == "iana-review" else None
    )
    r = get(
        client,
        EMAIL,
        token,
        "post",
        content_type="application/json",
        data=json.dumps({"dest": "iana-review", "message": message()}),
    )
    assert r.json() == {"result": "bad_msg"}
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["admin@example.org"],
        "Error: do send email",
        "body text",
    )
    names = {a[0]: a[2] for a in sent.attachments}
    assert names == {"original-message": "application/octet-stream", "traceback.txt": "text/plain"}


# -- directauth ---------------------------------------------------------------------------------


def test_directauth(client, settings):
    url = "/api/directauth"
    for method in ("get", "put", "head", "delete", "patch"):
        assert getattr(client, method)(url).status_code == 405
    f.user_person("Valid")
    token = issue("ietf.api.views.directauth")

    def post(**data):
        return client.post(url, {"data": json.dumps(data)}).json()

    good = {"authtoken": token, "username": "valid", "password": "Valid+password"}
    for missing in good:
        partial = {k: v for k, v in good.items() if k != missing}
        assert post(**partial) == {"result": "failure", "reason": "invalid post"}
    assert client.post(url, good).json() == {"result": "failure", "reason": "invalid post"}
    assert post(**{**good, "authtoken": "bogus"}) == {
        "result": "failure",
        "reason": "invalid authtoken",
    }
    for changes in ({"username": "nobody"}, {"password": "wrong"}):
        assert post(**{**good, **changes}) == {
            "result": "failure",
            "reason": "authentication failed",
        }
    assert post(**good) == {"result": "success"}
    assert client.post(url + "/", {"data": json.dumps(good)}).json() == {"result": "success"}
