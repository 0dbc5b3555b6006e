"""The mails of the submission process: confirmation, approval request, new version notice."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from dtapi.doc.models import Document
from dtapi.submit.conf import submit_settings
from dtapi.submit.models import Submission


def confirmation_token(submission: Submission) -> str:
    """The secret of the confirmation link (from the stored ``auth_key``, which never leaves)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), submission.auth_key.encode(), hashlib.sha256
    ).hexdigest()[:32]


def token_matches(submission: Submission, token: str) -> bool:
    return bool(submission.auth_key) and hmac.compare_digest(confirmation_token(submission), token)


def confirmation_url(submission: Submission) -> str:
    path = reverse("submit-confirm", args=[submission.pk, confirmation_token(submission)])
    return settings.DTAPI_BASE_URL + path


def status_url(submission: Submission) -> str:
    return settings.DTAPI_BASE_URL + reverse("submit-api-status", args=[submission.pk])


def _unique(addresses: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for address in addresses:
        key = address.lower()
        if address and key not in seen:
            seen.add(key)
            out.append(address)
    return out


def confirmers(submission: Submission) -> list[str]:
    """Who confirms: the previous revision's authors (aut-appr), else submitter and authors."""
    if submission.state_id == "aut-appr":
        doc = Document.objects.filter(name=submission.name).first()
        if doc is not None:
            found = [
                a.email.formatted_email() if a.email else a.person.formatted_email()
                for a in doc.documentauthor_set.select_related("email", "person").order_by("order")
            ]
            found = [a for a in found if "@" in a]
            if found:
                return _unique(found)
    submitter = submission.submitter if "@" in submission.submitter else ""
    authors = [f"{a['name']} <{a['email']}>" for a in submission.authors if a.get("email")]
    return _unique([submitter, *authors])


def send_confirmation(submission: Submission) -> list[str]:
    to = confirmers(submission)
    EmailMessage(
        subject=f"Confirm submission of I-D {submission.name}",
        body=render_to_string(
            "submit/confirm_submission.txt",
            {"submission": submission, "confirmation_url": confirmation_url(submission)},
        ),
        from_email=submit_settings().from_email,
        to=to,
    ).send()
    return to


def send_approval_request(submission: Submission, approvers: list[str], kind: str) -> list[str]:
    if not approvers:
        return []
    EmailMessage(
        subject=f"New Internet-Draft waiting for approval: {submission.name}",
        body=render_to_string(
            "submit/approval_request.txt",
            {"submission": submission, "kind": kind, "status_url": status_url(submission)},
        ),
        from_email=submit_settings().from_email,
        to=approvers,
    ).send()
    return approvers


def announce_to_authors(submission: Submission, doc: Document) -> list[str]:
    to = _unique(
        [submission.submitter if "@" in submission.submitter else ""]
        + [f"{a['name']} <{a['email']}>" for a in submission.authors if a.get("email")]
    )
    if not to:
        return []
    group = (
        doc.group.acronym
        if doc.group and doc.group.type_id != "individ"
        else "Individual Submission"
    )
    EmailMessage(
        subject=f"New Version Notification for {submission.name}-{submission.rev}.txt",
        body=render_to_string(
            "submit/announce_to_authors.txt",
            {
                "submission": submission,
                "group": group,
                "base_url": settings.DTAPI_BASE_URL,
            },
        ),
        from_email=submit_settings().announce_from_email,
        to=to,
    ).send()
    return to
