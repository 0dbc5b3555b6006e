"""Mail aliases of Internet-Drafts, for the mail system (``/api/doc/draft-aliases/``).

Every active draft, and every draft expired in the last two years, has the aliases
``<name>`` and ``<name>.authors`` (its authors), ``<name>.ad`` (the responsible AD),
``<name>.shepherd``, ``<name>.chairs`` (its group's chairs), ``<name>.notify`` (the addresses
of its notify list) and ``<name>.all`` (all of these), each where it has addresses; all in
the ``ietf`` domain.
"""

from __future__ import annotations

import datetime
import email.utils
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from dtapi.doc.models import Document, DocumentAuthor
from dtapi.group.aliases import alias
from dtapi.group.models import Role
from dtapi.person.models import Email

__all__ = ["draft_aliases"]

RECENTLY_EXPIRED = datetime.timedelta(days=2 * 365)
DOMAINS = ["ietf"]


def _notify_addresses(notify: str) -> set[str]:
    return {addr for _name, addr in email.utils.getaddresses([notify]) if "@" in addr}


def _primary_addresses(person_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    rows = Email.objects.filter(person_id__in=person_ids, active=True)
    for person_id, address, primary in rows.values_list("person_id", "address", "primary"):
        if primary or person_id not in found:
            found[person_id] = address
    return found


def draft_aliases() -> list[dict]:
    since = timezone.now() - RECENTLY_EXPIRED
    drafts = list(
        Document.objects.filter(type="draft")
        .filter(
            Q(states__type="draft", states__slug="active")
            | Q(states__type="draft", states__slug="expired", expires__gte=since)
        )
        .distinct()
        .order_by("name")
        .values("pk", "name", "ad_id", "shepherd_id", "group_id", "notify")
    )
    ids = [d["pk"] for d in drafts]
    authors: dict[int, set[str]] = defaultdict(set)
    rows = DocumentAuthor.objects.filter(document_id__in=ids, email__isnull=False)
    for doc_id, address in rows.values_list("document_id", "email_id"):
        authors[doc_id].add(address)
    ads = _primary_addresses({d["ad_id"] for d in drafts if d["ad_id"]})
    chairs: dict[int, set[str]] = defaultdict(set)
    group_ids = {d["group_id"] for d in drafts if d["group_id"]}
    roles = Role.objects.filter(group_id__in=group_ids, name="chair")
    for group_id, address in roles.values_list("group_id", "email_id"):
        chairs[group_id].add(address)
    out = []
    for draft in drafts:
        name = draft["name"]
        parts = {
            "": authors.get(draft["pk"], set()),
            ".authors": authors.get(draft["pk"], set()),
            ".ad": {ads[draft["ad_id"]]} if draft["ad_id"] in ads else set(),
            ".shepherd": {draft["shepherd_id"]} if draft["shepherd_id"] else set(),
            ".chairs": chairs.get(draft["group_id"], set()),
            ".notify": _notify_addresses(draft["notify"]),
        }
        parts[".all"] = set().union(*parts.values())
        out.extend(alias(name + suffix, DOMAINS, found) for suffix, found in parts.items() if found)
    return out
