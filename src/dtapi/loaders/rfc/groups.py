"""Which group an RFC or a draft belongs to: by acronym, by the draft's name, by the group's name."""

from __future__ import annotations

import re
from collections import defaultdict

from django.apps import apps

from dtapi.loaders.rfc.records import RfcRecord, clean_text

# Types a draft's name may point at ("draft-ietf-<acronym>-...").
DRAFT_GROUP_TYPES = frozenset(
    {"wg", "rg", "ag", "area", "team", "dir", "program", "rag", "iab", "edwg", "review", "iabasg"}
)
DRAFT_WORDS = re.compile(r"^draft-(?:ietf|irtf)-(.+)$")


def acronym_in_draft_name(name: str, known: dict | set) -> str | None:
    """The longest known acronym after ``draft-ietf-`` / ``draft-irtf-``.

    Acronyms may hold hyphens: ``draft-ietf-krb-wg-crypto`` is the ``krb-wg`` group's.
    """
    m = DRAFT_WORDS.match(name or "")
    if not m:
        return None
    words = m.group(1).split("-")[:-1]  # the last word names the document, not the group
    for end in range(len(words), 0, -1):
        candidate = "-".join(words[:end])
        if candidate in known:
            return candidate
    return None


class GroupIndex:
    def __init__(self, using: str) -> None:
        group = apps.get_model("group", "Group")
        self.by_acronym: dict[str, tuple[int, str]] = {}
        by_name: dict[str, list] = defaultdict(list)
        for pk, acronym, name, type_id in group._base_manager.using(using).values_list(
            "pk", "acronym", "name", "type_id"
        ):
            self.by_acronym[acronym.lower()] = (pk, type_id)
            by_name[clean_text(name).lower()].append((pk, type_id))
        self.by_name = {n: v[0] for n, v in by_name.items() if len(v) == 1}

    def get(self, acronym: str | None) -> tuple[int, str] | None:
        return self.by_acronym.get(acronym.lower()) if acronym else None

    def for_rfc(self, rec: RfcRecord, draft: str | None) -> tuple[int, str] | None:
        """The group an RFC came from: WG acronym, draft name, WG name, else by stream."""
        if rec.wg_acronym and rec.wg_acronym.lower() not in ("none", "", "iesg"):
            found = self.get(rec.wg_acronym)
            if found:
                return found
        if draft:
            parts = draft.split("-")
            acronym = acronym_in_draft_name(draft, self.by_acronym)
            found = self.by_acronym.get(acronym) if acronym else None
            if found and found[1] in DRAFT_GROUP_TYPES:
                return found
            if len(parts) > 2 and parts[1] == "iab":
                found = self.get("iab")
                if found:
                    return found
        if rec.source_name:
            found = self.by_name.get(clean_text(rec.source_name).lower())
            if found:
                return found
        stream = rec.stream
        if stream in ("iab", "irtf"):
            found = self.get(stream)
            if found:
                return found
        return self.get("none")
