"""Loader for a list of groups active today (``dtapi load groups FILE [--rfc-json PATH]``).

The file is metanorma's ``groups.yaml`` (251 groups active in March 2025, scraped from the
Datatracker)::

    groups:
    - abbreviation: quic
      name: Gorry Fairhurst          # scraped noise: an Area Director's name
      organization: ietf
      type: wg
      status: active
      mailing_list: lucas%40lucaspardue.com
      mailing_list_archive: https://mailarchive.ietf.org/arch/browse/quic/

Only the acronym, the type and the state are reliable. A name shared by several groups is a
scraped person's name, not the group's: working groups are then named after the RFC Editor's
``source`` of their newest RFC (``--rfc-json``: the RFC Editor's JSON records, where
``draft-ietf-quic-transport`` has the source "QUIC"), else by their acronym in capitals.
Upper-case IRTF entries repeat the lower-case research groups; one without a twin ("GROUPS",
"All Research Groups") is a navigation link and is skipped.

Groups that exist (the 2013 data) keep their name and type and become ``active``; new ones
are created (research groups under ``irtf``, IAB programmes under ``iab``). Then every draft
named ``draft-ietf-<acronym>-...`` / ``draft-irtf-<acronym>-...`` that has no group (or the
individual submissions' ``none``) gets its group, and so does the RFC it became. Loading
again changes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps

from dtapi.loaders.base import LoadError, Report, atomic_load, timed
from dtapi.loaders.chunks import chunked
from dtapi.loaders.rfc.groups import DRAFT_GROUP_TYPES, acronym_in_draft_name
from dtapi.loaders.rfc.records import STREAMS, clean_text
from dtapi.loaders.rfc_json import iter_objects

# When the list was taken (metanorma/ietf-data-importer, 2025-03-20): the creation time of the
# groups it adds, so that loading again writes the same rows.
LIST_DATE = datetime.datetime(2025, 3, 20, tzinfo=datetime.UTC)

# One acronym listed under two types: the Datatracker's current type comes first.
TYPE_PREFERENCE = ("wg", "rg", "review", "iabasg", "ag", "rag", "dir", "team", "program")
PARENT_OF_TYPE = {"rg": "irtf", "iabasg": "iab", "program": "iab"}
# "Audio/Video Transport Payloads RAI": old RFC Editor sources end with the area's code.
AREA_SUFFIX = re.compile(r"\s+(APP|ART|GEN|INT|OPS|RAI|RTG|SEC|TSV|WIT)$")
DRAFT_ACRONYM = re.compile(r"^draft-(?:ietf|irtf)-([a-z0-9]+)-")


@dataclass(frozen=True)
class GroupEntry:
    acronym: str
    type: str
    state: str
    name: str | None  # None: the list's name is noise
    list_email: str
    list_archive: str


def parse(path: Path) -> list[GroupEntry]:
    """The groups of ``groups.yaml``, one entry per acronym, names judged."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise LoadError(f"{path}: invalid YAML: {' '.join(str(exc).split())}") from None
    items = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise LoadError(f'{path}: expected a top-level "groups" list')
    raw: list[dict] = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item.get(k) for k in ("abbreviation", "type")
        ):
            raise LoadError(f'{path}, group #{i}: "abbreviation" and "type" must be strings')
        raw.append(item)
    lower = {it["abbreviation"] for it in raw if it["abbreviation"].islower()}
    acronyms_by_name: dict[str, set] = {}
    for it in raw:
        acronyms_by_name.setdefault(clean_text(it.get("name")), set()).add(
            it["abbreviation"].lower()
        )
    by_acronym: dict[str, list[dict]] = {}
    for it in raw:
        acronym = it["abbreviation"]
        if not acronym.islower() and acronym.lower() not in lower:
            continue  # an IRTF navigation link, not a group
        by_acronym.setdefault(acronym.lower(), []).append(it)
    entries = []
    for acronym, candidates in by_acronym.items():
        it = min(candidates, key=_type_rank)
        name = clean_text(it.get("name"))
        noise = not name or len(acronyms_by_name.get(name, ())) > 1
        entries.append(
            GroupEntry(
                acronym=acronym,
                type=it["type"].lower(),
                state=(it.get("status") or "active").lower(),
                name=None if noise else name,
                list_email=_address(it.get("mailing_list")),
                list_archive=str(it.get("mailing_list_archive") or "")[:255],
            )
        )
    return entries


def _type_rank(item: dict) -> int:
    t = item["type"].lower()
    return TYPE_PREFERENCE.index(t) if t in TYPE_PREFERENCE else len(TYPE_PREFERENCE)


def _address(value: object) -> str:
    """A list address; scraped personal addresses ("chair%40example.com") are dropped."""
    text = str(value or "").strip()
    if "@" not in text or "%40" in text or len(text) > 64:
        return ""
    return text


def names_from_rfcs(path: Path) -> dict[str, str]:
    """Acronym -> working group name, from the RFC Editor's JSON records.

    The name is the ``source`` of the newest RFC whose draft was ``draft-ietf-<acronym>-...``
    (sources change over the years: "Hypertext Transfer Protocol Bis" became "HTTP").
    """
    newest: dict[str, tuple[int, str]] = {}
    for _where, obj in iter_objects(path):
        if not isinstance(obj, dict):
            continue
        m = DRAFT_ACRONYM.match(str(obj.get("draft") or "").strip().lower())
        source = clean_text(str(obj.get("source") or ""))
        if not m or not source or source.upper() in STREAMS or source.upper().startswith("IETF -"):
            continue
        number = int(re.sub(r"\D", "", str(obj.get("doc_id") or "")) or 0)
        if number > newest.get(m.group(1), (-1, ""))[0]:
            newest[m.group(1)] = (number, AREA_SUFFIX.sub("", source))
    return {acronym: name for acronym, (_n, name) in newest.items()}


def load(path: str | Path, *, rfc_json: str | Path | None = None, using: str = "default") -> Report:
    """Create or activate the listed groups, then derive documents' groups; one transaction."""
    path = Path(path)
    report = Report(f"groups {path}")
    with timed(report), atomic_load(using):
        entries = parse(path)
        wg_names = names_from_rfcs(Path(rfc_json)) if rfc_json else {}
        write_groups(entries, wg_names, using, report)
        assign_document_groups(using, report)
    return report


def write_groups(
    entries: list[GroupEntry], wg_names: dict[str, str], using: str, report: Report
) -> None:
    group = apps.get_model("group", "Group")
    groups = group._base_manager.using(using)
    types = set(
        apps.get_model("name", "GroupTypeName")
        ._base_manager.using(using)
        .values_list("pk", flat=True)
    )
    states = set(
        apps.get_model("name", "GroupStateName")
        ._base_manager.using(using)
        .values_list("pk", flat=True)
    )
    if not types or not states:
        raise LoadError("the built-in vocabulary is not installed: run 'dtapi migrate' first")
    existing = {a.lower(): (pk, s) for pk, a, s in groups.values_list("pk", "acronym", "state_id")}
    parents = {a: existing[a][0] for a in set(PARENT_OF_TYPE.values()) if a in existing}
    create, activate = [], []
    for e in entries:
        if e.type not in types:
            report.skip("group type not in the vocabulary", f"{e.acronym} ({e.type})")
            continue
        state = e.state if e.state in states else "active"
        if e.acronym in existing:
            pk, current = existing[e.acronym]
            if current != state:
                activate.append(pk)
            continue
        name = wg_names.get(e.acronym) or e.name or e.acronym.upper()
        create.append(
            group(
                acronym=e.acronym,
                name=name[:80],
                type_id=e.type,
                state_id=state,
                parent_id=parents.get(PARENT_OF_TYPE.get(e.type, "")),
                list_email=e.list_email,
                list_archive=e.list_archive,
                time=LIST_DATE,
            )
        )
        if not wg_names.get(e.acronym) and not e.name:
            report.count("group.group (named by acronym: no reliable name)")
    groups.bulk_create(create)
    if activate:
        groups.filter(pk__in=activate).update(state_id="active")
    report.count("group.group (created)", len(create))
    report.count("group.group (made active)", len(activate))
    report.count("group.group (listed, unchanged)", len(entries) - len(create) - len(activate))


def assign_document_groups(using: str, report: Report) -> None:
    """Drafts without a group get the one their name gives; their RFCs follow them."""
    group = apps.get_model("group", "Group")
    document = apps.get_model("doc", "Document")
    related = apps.get_model("doc", "RelatedDocument")
    docs = document._base_manager.using(using)
    by_acronym = {
        a.lower(): pk
        for pk, a, t in group._base_manager.using(using).values_list("pk", "acronym", "type_id")
        if t in DRAFT_GROUP_TYPES
    }
    none_ids = list(
        group._base_manager.using(using).filter(acronym="none").values_list("pk", flat=True)
    )
    ungrouped = docs.filter(type_id__in=["draft", "rfc"]).filter(_no_group(none_ids))
    wanted: dict[int, int] = {}  # document id -> group id
    for pk, name in ungrouped.filter(type_id="draft").values_list("pk", "name"):
        acronym = acronym_in_draft_name(name, by_acronym)
        if acronym:
            wanted[pk] = by_acronym[acronym]
    rfcs = set(ungrouped.filter(type_id="rfc").values_list("pk", flat=True))
    for draft_id, rfc_id, group_id in (
        related._base_manager.using(using)
        .filter(relationship_id="became_rfc", target_id__in=rfcs)
        .values_list("source_id", "target_id", "source__group_id")
    ):
        group_id = wanted.get(draft_id, group_id)
        if group_id is not None and group_id not in none_ids:
            wanted[rfc_id] = group_id
    by_group: dict[int, list[int]] = {}
    for doc_id, group_id in wanted.items():
        by_group.setdefault(group_id, []).append(doc_id)
    for group_id, doc_ids in by_group.items():
        for chunk in chunked(doc_ids):
            docs.filter(pk__in=chunk).update(group_id=group_id)
    kinds = Counter("rfc" if d in rfcs else "draft" for d in wanted)
    for kind, n in sorted(kinds.items()):
        report.count(f"doc.document ({kind}: group from the draft name)", n)


def _no_group(none_ids: list[int]):
    from django.db.models import Q

    return Q(group__isnull=True) | Q(group_id__in=none_ids)
