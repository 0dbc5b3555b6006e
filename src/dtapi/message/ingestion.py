"""Inbound mail handed over by the mail system (``POST /api/email/``), routed by destination.

``iana-review``: IANA's review of a draft; recorded as a comment on the draft the subject
names. ``ipr-response``: a reply to a message sent about an IPR disclosure (matched by
``In-Reply-To``); recorded as the message and an incoming-message event of the disclosure.
``nomcom-feedback-<year>``: feedback to that year's NomCom; recorded as a feedback row.

A handler that cannot use a message raises :class:`EmailIngestionError`; the caller answers
``bad_msg`` and, when the error says so, mails the administrators.
"""

from __future__ import annotations

import email
import email.policy
import re
import traceback
from collections.abc import Callable
from email.message import EmailMessage as ParsedMessage

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

__all__ = ["EmailIngestionError", "handler_for", "ingest", "report_error"]


class EmailIngestionError(Exception):
    """A message a handler cannot use; with ``email_body``, the administrators are told."""

    def __init__(
        self,
        message: str = "Message rejected",
        *,
        email_body: str | None = None,
        email_recipients: list[str] | None = None,
        email_original_message: bytes | None = None,
        email_attach_traceback: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.email_body = email_body
        self.email_recipients = email_recipients
        self.email_original_message = email_original_message
        self.email_attach_traceback = email_attach_traceback


def _parse(raw: bytes) -> ParsedMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def _text_body(message: ParsedMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise EmailIngestionError("Message has no text part")
    return part.get_content()


def _system_person():
    from dtapi.doc.ballots import system_person

    return system_person()


def iana_review(raw: bytes) -> None:
    from dtapi.doc.models import DocEvent, Document

    message = _parse(raw)
    found = re.search(r"\bdraft-[a-z0-9-]*[a-z0-9]", str(message.get("Subject", "")).lower())
    names = [found.group(0), re.sub(r"-\d\d$", "", found.group(0))] if found else []
    doc = Document.objects.filter(name__in=names).order_by("-name").first()
    if doc is None:
        raise EmailIngestionError("Unable to find the draft an IANA review is about")
    DocEvent.objects.create(
        doc=doc,
        rev=doc.rev,
        type="added_comment",
        by=_system_person(),
        desc=f"IANA review comment:\n{_text_body(message)}",
    )


def ipr_response(raw: bytes) -> None:
    from dtapi.ipr.models import IprEvent
    from dtapi.message.models import Message

    message = _parse(raw)
    in_reply_to = str(message.get("In-Reply-To", "")).strip()
    sent = IprEvent.objects.filter(message__msgid=in_reply_to).first() if in_reply_to else None
    if sent is None:
        raise EmailIngestionError("Unable to match an IPR response to a message sent")
    received = Message.objects.create(
        by=_system_person(),
        subject=str(message.get("Subject", "")),
        frm=str(message.get("From", "")),
        to=str(message.get("To", "")),
        cc=str(message.get("Cc", "")),
        body=_text_body(message),
        msgid=str(message.get("Message-ID", "")) or None,
    )
    IprEvent.objects.create(
        type_id="msgin",
        by=_system_person(),
        disclosure=sent.disclosure,
        desc="Received Message",
        message=received,
        in_reply_to=sent.message,
    )


def nomcom_feedback(raw: bytes, year: int) -> None:
    from dtapi.nomcom.models import Feedback, NomCom

    nomcom = NomCom.objects.filter(group__acronym=f"nomcom{year}").first()
    if nomcom is None:
        raise EmailIngestionError(f"No NomCom for {year}")
    message = _parse(raw)
    author = email.utils.parseaddr(str(message.get("From", "")))[1]
    Feedback.objects.create(
        nomcom=nomcom,
        author=author,
        subject=str(message.get("Subject", "")),
        comments=raw,
    )


def handler_for(dest: str) -> Callable[[bytes], None] | None:
    """The handler for a destination, or None when there is none (``bad_dest``)."""
    if dest == "iana-review":
        return iana_review
    if dest == "ipr-response":
        return ipr_response
    found = re.fullmatch(r"nomcom-feedback-(\d+)", dest)
    if found:
        year = int(found.group(1))
        return lambda raw: nomcom_feedback(raw, year)
    return None


def ingest(handler: Callable[[bytes], None], raw: bytes) -> None:
    """Run ``handler`` on ``raw`` in one transaction (nothing is kept if it fails)."""
    try:
        with transaction.atomic():
            handler(raw)
    except EmailIngestionError:
        raise
    except (ValueError, LookupError, UnicodeError) as exc:
        raise EmailIngestionError(f"Message could not be processed: {exc}") from exc


def report_error(error: EmailIngestionError, raw: bytes) -> None:
    """Mail the administrators about a rejected message, when the error asks for it."""
    if error.email_body is None:
        return
    recipients = error.email_recipients or [address for _name, address in settings.ADMINS]
    if not recipients:
        return
    mail = EmailMessage(error.message, error.email_body, settings.SERVER_EMAIL, recipients)
    if error.email_original_message is not None:
        mail.attach("original-message", error.email_original_message, "application/octet-stream")
    if error.email_attach_traceback:
        mail.attach("traceback.txt", "".join(traceback.format_exception(error)), "text/plain")
    mail.send()
