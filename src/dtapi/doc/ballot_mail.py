"""The mail announcing a ballot position, sent through Django's mail backend.

Recipients follow the original's mail triggers for saved ballot positions (``iesg_ballot_saved``,
``irsg_ballot_saved``, ``rsab_ballot_saved``), built from the document rather than from
mail-trigger rows: To the balloting body; Cc the document's authors, group chairs, group list,
notify list and shepherd.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from dtapi.doc.models import Document
from dtapi.doc.services import PositionChange

__all__ = ["position_email", "recipients", "send_position_email", "subject"]

logger = logging.getLogger(__name__)

# Ballot type slug -> the list that gets positions on it (default: the IESG).
BALLOTING_BODY = {"irsg-approve": "irsg@irtf.org", "rsab-approve": "rsab@rfc-editor.org"}
IESG = "iesg@ietf.org"
# Group types whose chairs have a <acronym>-chairs alias, and the alias's domain.
CHAIRS_ALIAS_DOMAIN = {"wg": "ietf.org", "ag": "ietf.org", "edwg": "ietf.org", "rg": "irtf.org"}


def recipients(doc: Document, ballot_type_slug: str) -> tuple[list[str], list[str]]:
    """``(to, cc)`` for a position on a ballot of ``ballot_type_slug`` on ``doc``."""
    to = [BALLOTING_BODY.get(ballot_type_slug, IESG)]
    cc: list[str] = []
    if doc.type_id == "draft":
        cc.append(f"{doc.name}@ietf.org")
    group = doc.group
    if group is not None and group.type_id in CHAIRS_ALIAS_DOMAIN:
        cc.append(f"{group.acronym}-chairs@{CHAIRS_ALIAS_DOMAIN[group.type_id]}")
        if group.list_email:
            cc.append(group.list_email)
    cc.extend(a.strip() for a in doc.notify.replace(";", ",").split(",") if a.strip())
    if doc.shepherd_id:
        cc.append(doc.shepherd.formatted_email())
    unique = list(dict.fromkeys(a for a in cc if a not in to))
    return to, unique


def subject(change: PositionChange) -> str:
    pos = change.position
    name = pos.balloter.plain_name()
    owner = f"{name}'" if name.endswith("s") else f"{name}'s"
    doc = change.doc
    label = f"{doc.name}-{doc.rev}" if doc.rev else doc.name
    parts = []
    if pos.pos.blocking and pos.discuss:
        parts.append(pos.pos.name.upper())
    if pos.comment:
        parts.append("COMMENT")
    text = f"{owner} {pos.pos.name} on {label}"
    if parts:
        text += f": (with {' and '.join(parts)})"
    return text


def position_email(change: PositionChange) -> EmailMessage:
    pos = change.position
    role_email = pos.balloter.role_email("ad")
    sender = role_email.formatted_email() if role_email else settings.DEFAULT_FROM_EMAIL
    to, cc = recipients(change.doc, change.ballot.ballot_type.slug)
    body = render_to_string(
        "doc/ballot_position_mail.txt",
        {
            "change": change,
            "pos": pos,
            "doc": change.doc,
            "blocking_name": pos.pos.name.upper() if pos.pos.blocking else "",
            "base_url": settings.DTAPI_BASE_URL,
        },
    )
    return EmailMessage(subject(change), body, sender, to, cc=cc)


def send_position_email(change: PositionChange) -> None:
    """Send the position mail; a delivery failure is logged, not raised."""
    try:
        position_email(change).send()
    except Exception:
        logger.exception("could not send the ballot position mail for %s", change.doc.name)
