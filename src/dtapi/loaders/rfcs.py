"""Writing RFC metadata (from any RFC Editor source) as Datatracker documents.

The format modules (:mod:`rfc_json`, :mod:`rfc_index`, :mod:`subseries`) parse their input
into :class:`RfcRecord` / :class:`SubseriesRecord` objects; :class:`RfcImporter` turns those
into today's model, the way the Datatracker represents RFCs since 2023:

* an ``rfc`` document ``rfcNNNN`` (``rfc_number``, title, abstract, pages, ``std_level``,
  stream, group, state ``rfc/published``, tag ``errata``) with a ``published_rfc`` event;
* the draft it came from (type ``draft``, name without revision, ``rev``, state ``draft/rfc``
  and, in the IETF stream, ``draft-iesg/pub``) with a ``new_revision`` event and a
  ``became_rfc`` relation to the RFC;
* authors as persons (matched by name where unambiguous, else created) and DocumentAuthor
  rows in order, on the RFC and on its draft;
* ``obs`` / ``updates`` relations between RFCs; subseries documents (``bcp14``, ``std1``,
  ``fyi5``) that ``contains`` their RFCs.

Fields a source does not know (``None``) are left alone on documents that exist, so a less
complete source (``rfc-index.txt``) does not erase what a richer one (the JSON records)
loaded. Everything is keyed by document name, so loading again changes nothing.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps
from django.db import models

from dtapi.loaders.base import LoadError, Report
from dtapi.loaders.bulk import TableWriter, add_m2m, own_fields

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}

STD_LEVELS = {
    "PROPOSED STANDARD": "ps",
    "INFORMATIONAL": "inf",
    "EXPERIMENTAL": "exp",
    "BEST CURRENT PRACTICE": "bcp",
    "HISTORIC": "hist",
    "DRAFT STANDARD": "ds",
    "INTERNET STANDARD": "std",
    "STANDARD": "std",
    "FOR YOUR INFORMATION": "inf",
    "UNKNOWN": "unkn",
}
# Intended levels have no "unknown".
INTENDED_STD_LEVELS = {k: v for k, v in STD_LEVELS.items() if v != "unkn"}

STREAMS = {
    "LEGACY": "legacy",
    "INDEPENDENT": "ise",
    "IAB": "iab",
    "IRTF": "irtf",
    "EDITORIAL": "editorial",
    "IETF": "ietf",
}

SUBSERIES_TYPES = ("bcp", "std", "fyi")
SUBSERIES_TITLES = {
    "bcp": "Best Current Practice {n}",
    "std": "Internet Standard technical specification {n}",
    "fyi": "For Your Information {n}",
}

DRAFT_NAME = re.compile(r"^(?P<name>draft-[a-z0-9][a-z0-9._+-]*?)(?:-(?P<rev>\d{1,3}))?$")
DOC_ID = re.compile(r"^\s*(RFC|BCP|STD|FYI)\s*0*(\d+)\s*$", re.IGNORECASE)
BATCH = 500


@dataclass
class RfcRecord:
    """One RFC as a source describes it; ``None`` means "not known by this source"."""

    number: int
    where: str  # file and record/line, for messages
    not_issued: bool = False
    title: str | None = None
    authors: list[str] | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    pages: int | None = None
    abstract: str | None = None
    draft: str | None = None  # source draft name, possibly with its revision
    stream: str | None = None  # stream slug
    wg_acronym: str | None = None
    source_name: str | None = None  # a working group *name* (RFC Editor JSON "source")
    std_level: str | None = None  # slug
    intended_std_level: str | None = None  # slug (publication status)
    obsoletes: list[int] = field(default_factory=list)
    updates: list[int] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # subseries names ("bcp14")
    errata: bool | None = None

    @property
    def name(self) -> str:
        return f"rfc{self.number}"

    @property
    def published(self) -> datetime.datetime | None:
        if not self.year:
            return None
        month = self.month or 1
        day = self.day or 1
        try:
            return datetime.datetime(self.year, month, day, tzinfo=datetime.UTC)
        except ValueError:
            return datetime.datetime(self.year, month, 1, tzinfo=datetime.UTC)


@dataclass
class SubseriesRecord:
    name: str  # "bcp14"
    rfcs: list[int]
    where: str
    title: str | None = None


# --- small parsers shared by the formats ---------------------------------------------------------


def parse_doc_id(text: str) -> tuple[str, int] | None:
    """``"RFC0010"`` / ``" BCP 14"`` -> ("rfc", 10) / ("bcp", 14); other ids -> None."""
    m = DOC_ID.match(text or "")
    if not m:
        return None
    return m.group(1).lower(), int(m.group(2))


def parse_month_year(text: str) -> tuple[int | None, int | None, int | None]:
    """``"May 2021"`` / ``"1 April 1978"`` -> (year, month, day)."""
    words = (text or "").replace(",", " ").split()
    year = month = day = None
    for w in words:
        lw = w.lower()
        if lw in MONTHS:
            month = MONTHS[lw]
        elif w.isdigit() and len(w) == 4:
            year = int(w)
        elif w.isdigit() and len(w) <= 2:
            day = int(w)
    return year, month, day


def clean_text(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.split())


def clean_abstract(text: str | None) -> str:
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def split_draft_name(text: str) -> tuple[str, str] | None:
    """``"draft-ietf-quic-transport-34"`` -> ("draft-ietf-quic-transport", "34")."""
    text = (text or "").strip().lower()
    if not text:
        return None
    m = DRAFT_NAME.match(text)
    if not m:
        return None
    rev = m.group("rev") or ""
    if rev and len(rev) < 2:
        rev = rev.zfill(2)
    return m.group("name"), rev


def clean_author(text: str) -> str:
    """ "J. Iyengar, Ed." -> "J. Iyengar" (names must not contain '@', ':' or '/')."""
    text = clean_text(text)
    text = re.sub(r",?\s*\b(Ed|Editor)\.?$", "", text).strip().rstrip(",").strip()
    if text.lower() in ("et al.", "et al", ""):
        return ""
    for ch in "@:/":
        text = text.replace(ch, " ")
    return clean_text(text)


def asciify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128)


def _surname_key(name: str) -> tuple[str, str] | None:
    """(first initial, surname) of "J. Iyengar" or "Jana Iyengar", lower case."""
    from dtapi.person.names import name_parts

    parts = name_parts(asciify(name))
    if not parts.first or not parts.last:
        return None
    first = parts.first.strip(".-")
    if not first:
        return None
    return first[0].lower(), parts.last.lower()


def _is_initials_form(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return bool(re.match(r"^([A-Z]\.-?)+[A-Z]?\.?$", first)) or bool(
        re.match(r"^[A-Z]-[A-Z]\.$", first)
    )


# --- author matching ---------------------------------------------------------------------------


class AuthorMatcher:
    """Finds (or creates) the Person for an author string such as "J. Iyengar, Ed."

    In order: a person created earlier from the same string (``name_from_draft``); a person
    with exactly that name or alias; the only existing person with the same first initial
    and surname ("J. Iyengar" -> "Jana Iyengar"); otherwise a new person. A matched person
    gets the string as an alias, so that the next load finds the same person again.
    """

    def __init__(self, using: str, report: Report) -> None:
        self.using = using
        self.report = report
        self.person = apps.get_model("person", "Person")
        self.alias = apps.get_model("person", "Alias")
        self._loaded = False
        self.by_draft_name: dict[str, int] = {}
        self.by_alias: dict[str, set] = defaultdict(set)
        self.by_key: dict[tuple, set] = defaultdict(set)
        self.aliases: set = set()  # (person id, alias)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        persons = self.person._base_manager.using(self.using)
        for pk, name, ascii_name, from_draft in persons.values_list(
            "pk", "name", "ascii", "name_from_draft"
        ):
            if from_draft:
                self.by_draft_name.setdefault(from_draft, pk)
                continue
            for n in {name, ascii_name}:
                key = _surname_key(n) if n else None
                if key:
                    self.by_key[key].add(pk)
        for pk, name in self.alias._base_manager.using(self.using).values_list("person_id", "name"):
            self.by_alias[name].add(pk)
            self.aliases.add((pk, name))

    def resolve(self, names: list[str], when: dict[str, datetime.datetime]) -> dict[str, int]:
        """Person ids for cleaned author strings, creating persons as needed."""
        self._load()
        result: dict[str, int] = {}
        create: list[str] = []
        new_aliases: set = set()
        for name in names:
            if name in result:
                continue
            pk = self.by_draft_name.get(name)
            if pk is None:
                found = self.by_alias.get(name)
                if found and len(found) == 1:
                    pk = next(iter(found))
            if pk is None and _is_initials_form(name):
                key = _surname_key(name)
                found = self.by_key.get(key) if key else None
                if found and len(found) == 1:
                    pk = next(iter(found))
                    self.report.count("authors matched by initials and surname")
            if pk is None:
                create.append(name)
                continue
            result[name] = pk
            if (pk, name) not in self.aliases:
                new_aliases.add((pk, name))
        if create:
            objs = [
                self.person(
                    name=n[:255],
                    ascii=asciify(n)[:255] or n[:255],
                    name_from_draft=n[:255],
                    time=when.get(n) or datetime.datetime.now(datetime.UTC),
                )
                for n in create
            ]
            self.person._base_manager.using(self.using).bulk_create(objs, batch_size=BATCH)
            if any(o.pk is None for o in objs):  # backends that do not return ids
                ids = dict(
                    self.person._base_manager.using(self.using)
                    .filter(name_from_draft__in=create)
                    .values_list("name_from_draft", "pk")
                )
                for o in objs:
                    o.pk = ids[o.name_from_draft]
            for n, o in zip(create, objs, strict=True):
                result[n] = o.pk
                self.by_draft_name[n] = o.pk
                new_aliases.add((o.pk, n))
                if o.ascii != n:
                    new_aliases.add((o.pk, o.ascii))
            self.report.count("person.person (authors created)", len(objs))
        if new_aliases:
            self.alias._base_manager.using(self.using).bulk_create(
                [self.alias(person_id=p, name=n) for p, n in sorted(new_aliases)],
                batch_size=BATCH,
            )
            for p, n in new_aliases:
                self.aliases.add((p, n))
                self.by_alias[n].add(p)
            self.report.count("person.alias", len(new_aliases))
        return result


# --- groups --------------------------------------------------------------------------------------


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


# --- the importer ----------------------------------------------------------------------------


class RfcImporter:
    """Writes RfcRecords in batches (see the module docstring)."""

    def __init__(
        self, using: str, report: Report, *, authors: str = "replace", existing: str = "update"
    ) -> None:
        """``authors``: "replace" (the source's list is authoritative) or "fill" (only
        documents without authors get them). ``existing``: "update" RFC documents that exist
        with everything the source knows, or "fill": only their status (``std_level``)."""
        self.using = using
        self.report = report
        self.authors_mode = authors
        self.existing_mode = existing
        self.writer = TableWriter(using=using)
        self.document = apps.get_model("doc", "Document")
        self.state = apps.get_model("doc", "State")
        self.docevent = apps.get_model("doc", "DocEvent")
        self.newrev = apps.get_model("doc", "NewRevisionDocEvent")
        self.related = apps.get_model("doc", "RelatedDocument")
        self.docauthor = apps.get_model("doc", "DocumentAuthor")
        self._check_vocabulary()
        self.groups = GroupIndex(using)
        self.matcher = AuthorMatcher(using, report)
        self._system: int | None = None
        self.pending: list[RfcRecord] = []
        self.seen_numbers: set[int] = set()

    # vocabulary

    def _check_vocabulary(self) -> None:
        def need(label: str, slugs):
            model = apps.get_model(label)
            have = set(
                model._base_manager.using(self.using)
                .filter(pk__in=slugs)
                .values_list("pk", flat=True)
            )
            missing = sorted(set(slugs) - have)
            if missing:
                raise LoadError(
                    f"the built-in vocabulary is not installed ({label} lacks "
                    f"{', '.join(missing)}): run 'dtapi migrate' first"
                )

        need("name.doctypename", ["rfc", "draft", *SUBSERIES_TYPES])
        need("name.docrelationshipname", ["became_rfc", "obs", "updates", "contains"])
        need("name.streamname", ["ietf", "irtf", "iab", "ise", "legacy"])
        states = self.state._base_manager.using(self.using)

        def state_id(type_slug: str, slug: str) -> int | None:
            return (
                states.filter(type_id=type_slug, slug=slug)
                .order_by("-used", "pk")
                .values_list("pk", flat=True)
                .first()
            )

        self.s_rfc_published = state_id("rfc", "published")
        self.s_draft_rfc = state_id("draft", "rfc")
        self.s_iesg_pub = state_id("draft-iesg", "pub")
        if self.s_rfc_published is None or self.s_draft_rfc is None:
            raise LoadError(
                "the built-in vocabulary is not installed (states rfc/published and draft/rfc "
                "are missing): run 'dtapi migrate' first"
            )
        self.std_levels = set(
            apps.get_model("name", "StdLevelName")
            ._base_manager.using(self.using)
            .values_list("pk", flat=True)
        )
        self.intended_levels = set(
            apps.get_model("name", "IntendedStdLevelName")
            ._base_manager.using(self.using)
            .values_list("pk", flat=True)
        )
        self.has_errata_tag = (
            apps.get_model("name", "DocTagName")
            ._base_manager.using(self.using)
            .filter(pk="errata")
            .exists()
        )

    def system_person(self) -> int:
        if self._system is None:
            from dtapi.loaders.legacy import SYSTEM_PERSON_NAME, system_person_id

            ctx = SimpleNamespace(using=self.using)
            pk = system_person_id(ctx)
            if pk is None:
                person = apps.get_model("person", "Person")
                obj = person._base_manager.using(self.using).create(
                    name=SYSTEM_PERSON_NAME, ascii=SYSTEM_PERSON_NAME
                )
                apps.get_model("person", "Alias")._base_manager.using(self.using).create(
                    person=obj, name=SYSTEM_PERSON_NAME
                )
                pk = obj.pk
                self.report.count("person.person (System)")
            self._system = pk
        return self._system

    # records

    def add(self, rec: RfcRecord) -> None:
        if rec.not_issued:
            self.report.skip("not issued", rec.name.upper())
            return
        self.seen_numbers.add(rec.number)
        self.pending.append(rec)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        recs, self.pending = self.pending, []
        if recs:
            self._write(recs)

    def _doc_ids(self, names) -> dict[str, int]:
        names = list(names)
        found: dict[str, int] = {}
        docs = self.document._base_manager.using(self.using)
        for i in range(0, len(names), BATCH):
            found.update(docs.filter(name__in=names[i : i + BATCH]).values_list("name", "id"))
        return found

    def _write(self, recs: list[RfcRecord]) -> None:
        doc = self.document
        drafts: dict[str, tuple[str, str]] = {}  # rfc name -> (draft name, rev)
        existing = self._doc_ids(r.name for r in recs) if self.existing_mode == "fill" else {}
        for rec in recs:
            if rec.name in existing:
                row = {"name": rec.name, "type_id": "rfc", "rfc_number": rec.number}
                if rec.std_level is not None:
                    row["std_level_id"] = rec.std_level
                self.writer.add(doc, row, key=("name",))
                continue
            rfc_row = {"name": rec.name, "type_id": "rfc", "rfc_number": rec.number, "rev": ""}
            split = split_draft_name(rec.draft) if rec.draft else None
            if rec.draft and not split:
                self.report.skip("source draft name not understood", f"{rec.name}: {rec.draft}")
            group = self.groups.for_rfc(rec, split[0] if split else None)
            stream = rec.stream
            if stream is None and group and group[1] == "rg":
                stream = "irtf"
            common = {}
            if rec.title is not None:
                common["title"] = clean_text(rec.title)[:255]
            if rec.abstract is not None:
                common["abstract"] = clean_abstract(rec.abstract)
            if rec.pages is not None:
                common["pages"] = rec.pages
            if stream is not None:
                common["stream_id"] = stream
            if group is not None and (
                rec.stream is not None or rec.wg_acronym or rec.draft or rec.source_name
            ):
                common["group_id"] = group[0]
            published = rec.published
            if published is not None:
                common["time"] = published
            rfc_row.update(common)
            if rec.std_level is not None:
                if rec.std_level not in self.std_levels:
                    raise LoadError(f"{rec.where}: unknown status {rec.std_level!r}")
                rfc_row["std_level_id"] = rec.std_level
            self.writer.add(doc, rfc_row, key=("name",))
            if split:
                name, rev = split
                drafts[rec.name] = (name, rev)
                draft_row = {"name": name, "type_id": "draft", "rev": rev, **common}
                if rec.intended_std_level in self.intended_levels:
                    draft_row["intended_std_level_id"] = rec.intended_std_level
                self.writer.add(doc, draft_row, key=("name",))
        self.writer.flush(doc)
        self.report.count("doc.document (rfc)", len(recs))
        self.report.count("doc.document (draft)", len(set(drafts.values())))
        ids = self._doc_ids([r.name for r in recs] + [d for d, _ in drafts.values()])
        by_rec = {r.name: r for r in recs}

        # States (one per state type), errata tags, draft -> RFC relations.
        state_links = {ids[r.name]: [self.s_rfc_published] for r in recs}
        for rfc_name, (draft_name, _rev) in drafts.items():
            wanted = [self.s_draft_rfc]
            if self.s_iesg_pub and by_rec[rfc_name].stream == "ietf":
                wanted.append(self.s_iesg_pub)
            state_links[ids[draft_name]] = wanted
        self._set_states(state_links)
        if self.has_errata_tag:
            errata = [(ids[r.name], "errata") for r in recs if r.errata]
            if errata:
                added = add_m2m(doc, "tags", errata, using=self.using)
                self.report.count("errata tags", added) if added else None
        self._add_relations([(ids[d], ids[rfc], "became_rfc") for rfc, (d, _r) in drafts.items()])

        # Authors.
        names_by_doc: dict[int, list[str]] = {}
        first_seen: dict[str, datetime.datetime] = {}
        for rec in recs:
            if rec.authors is None:
                continue
            cleaned = [a for a in (clean_author(x) for x in rec.authors) if a]
            names_by_doc[ids[rec.name]] = cleaned
            if rec.name in drafts:
                names_by_doc[ids[drafts[rec.name][0]]] = cleaned
            for a in cleaned:
                if rec.published and (a not in first_seen or rec.published < first_seen[a]):
                    first_seen[a] = rec.published
        if names_by_doc:
            self._set_authors(names_by_doc, first_seen)

        # Events: published_rfc on the RFC, new_revision on the draft.
        self._ensure_events(recs, ids, drafts)

    def _set_states(self, links: dict[int, list[int]]) -> None:
        """Give each document these states, replacing others of the same state types."""
        state_types = dict(
            self.state._base_manager.using(self.using)
            .filter(pk__in={s for ss in links.values() for s in ss})
            .values_list("pk", "type_id")
        )
        through = self.document._meta.get_field("states").remote_field.through
        qs = through._base_manager.using(self.using)
        doc_ids = list(links)
        existing: dict[int, set] = defaultdict(set)
        for i in range(0, len(doc_ids), BATCH):
            for d, s, t in qs.filter(document_id__in=doc_ids[i : i + BATCH]).values_list(
                "document_id", "state_id", "state__type_id"
            ):
                existing[d].add((s, t))
        add, remove = [], []
        for d, wanted in links.items():
            types = {state_types[s] for s in wanted}
            have = existing.get(d, set())
            for s, t in have:
                if t in types and s not in wanted:
                    remove.append((d, s))
            have_ids = {s for s, _ in have}
            add.extend(through(document_id=d, state_id=s) for s in wanted if s not in have_ids)
        for d, s in remove:
            qs.filter(document_id=d, state_id=s).delete()
        qs.bulk_create(add, batch_size=BATCH)

    def _add_relations(self, triples) -> int:
        """Add (source id, target id, relationship) relations that are missing."""
        triples = set(triples)
        if not triples:
            return 0
        qs = self.related._base_manager.using(self.using)
        sources = sorted({s for s, _, _ in triples})
        existing = set()
        for i in range(0, len(sources), BATCH):
            existing.update(
                qs.filter(source_id__in=sources[i : i + BATCH]).values_list(
                    "source_id", "target_id", "relationship_id"
                )
            )
        missing = sorted(triples - existing)
        qs.bulk_create(
            [self.related(source_id=s, target_id=t, relationship_id=r) for s, t, r in missing],
            batch_size=BATCH,
        )
        if missing:
            for _s, _t, r in missing:
                self.report.count(f"doc.relateddocument ({r})")
        return len(missing)

    def _set_authors(self, names_by_doc: dict[int, list[str]], first_seen) -> None:
        qs = self.docauthor._base_manager.using(self.using)
        doc_ids = list(names_by_doc)
        existing: dict[int, list[int]] = defaultdict(list)
        for i in range(0, len(doc_ids), BATCH):
            for d, p in (
                qs.filter(document_id__in=doc_ids[i : i + BATCH])
                .order_by("document_id", "order", "id")
                .values_list("document_id", "person_id")
            ):
                existing[d].append(p)
        if self.authors_mode == "fill":
            names_by_doc = {d: n for d, n in names_by_doc.items() if not existing.get(d)}
        all_names = sorted({n for names in names_by_doc.values() for n in names})
        persons = self.matcher.resolve(all_names, first_seen) if all_names else {}
        replace, create = [], []
        for d, names in names_by_doc.items():
            wanted = [persons[n] for n in names]
            if existing.get(d, []) == wanted:
                continue
            if existing.get(d):
                replace.append(d)
            create.extend(
                self.docauthor(document_id=d, person_id=p, order=i, affiliation="", country="")
                for i, p in enumerate(wanted, start=1)
            )
        if replace:
            qs.filter(document_id__in=replace).delete()
        qs.bulk_create(create, batch_size=BATCH)
        if create:
            self.report.count("doc.documentauthor", len(create))

    def _ensure_events(self, recs, ids, drafts) -> None:
        by = self.system_person()
        ev = self.docevent._base_manager.using(self.using)
        doc_ids = [ids[r.name] for r in recs] + [ids[d] for d, _ in drafts.values()]
        have = set()
        for i in range(0, len(doc_ids), BATCH):
            have.update(
                ev.filter(
                    doc_id__in=doc_ids[i : i + BATCH], type__in=["published_rfc", "new_revision"]
                ).values_list("doc_id", "type", "rev")
            )
        have_types = {(d, t) for d, t, _r in have}
        now = datetime.datetime.now(datetime.UTC)
        published, revisions = [], []
        for rec in recs:
            when = rec.published or now
            rfc_id = ids[rec.name]
            if (rfc_id, "published_rfc") not in have_types:
                published.append(
                    self.docevent(
                        doc_id=rfc_id,
                        type="published_rfc",
                        time=when,
                        by_id=by,
                        rev="",
                        desc="RFC published",
                    )
                )
            if rec.name in drafts:
                name, rev = drafts[rec.name]
                draft_id = ids[name]
                if (draft_id, "new_revision", rev) not in have:
                    revisions.append(
                        self.docevent(
                            doc_id=draft_id,
                            type="new_revision",
                            time=when,
                            by_id=by,
                            rev=rev,
                            desc=f"New version available: <b>{name}-{rev}.txt</b>"
                            if rev
                            else f"New version available: <b>{name}.txt</b>",
                        )
                    )
        if published:
            ev.bulk_create(published, batch_size=BATCH)
            self.report.count("doc.docevent (published_rfc)", len(published))
        if revisions:
            create_children(self.newrev, revisions, self.using)
            self.report.count("doc.newrevisiondocevent (new_revision)", len(revisions))

    # relations between RFCs and subseries -------------------------------------------------------

    def add_rfc_relations(self, edges: list[tuple[int, int, str]], where: str = "") -> None:
        """(source RFC number, target RFC number, "obs"/"updates"); unknown targets skipped."""
        names = {f"rfc{s}" for s, _, _ in edges} | {f"rfc{t}" for _, t, _ in edges}
        ids = self._doc_ids(names)
        triples = []
        for s, t, rel in edges:
            si, ti = ids.get(f"rfc{s}"), ids.get(f"rfc{t}")
            if si is None or ti is None:
                self.report.skip(
                    f"{rel} relation to an RFC that is not loaded", f"rfc{s} -> rfc{t}"
                )
                continue
            triples.append((si, ti, rel))
        self._add_relations(triples)

    def set_subseries(self, records: list[SubseriesRecord]) -> None:
        """Create subseries documents and make their ``contains`` relations equal the lists."""
        if not records:
            return
        doc = self.document
        for rec in records:
            kind = re.match(r"^[a-z]+", rec.name).group(0)
            n = int(rec.name[len(kind) :])
            row = {"name": rec.name, "type_id": kind, "rev": ""}
            if rec.title:
                row["title"] = clean_text(rec.title)[:255]
            else:
                row["title"] = SUBSERIES_TITLES[kind].format(n=n)
            self.writer.add(
                doc,
                row,
                key=("name",),
                update=["type_id", "rev"] + (["title"] if rec.title else []),
            )
        self.writer.flush(doc)
        sub_ids = self._doc_ids([r.name for r in records])
        rfc_ids = self._doc_ids({f"rfc{n}" for r in records for n in r.rfcs})
        qs = self.related._base_manager.using(self.using)
        existing: dict[int, set] = defaultdict(set)
        sids = list(sub_ids.values())
        for i in range(0, len(sids), BATCH):
            for s, t in qs.filter(
                source_id__in=sids[i : i + BATCH], relationship_id="contains"
            ).values_list("source_id", "target_id"):
                existing[s].add(t)
        create, remove = [], []
        for rec in records:
            sid = sub_ids[rec.name]
            wanted = set()
            for n in rec.rfcs:
                tid = rfc_ids.get(f"rfc{n}")
                if tid is None:
                    self.report.skip(
                        "subseries member RFC that is not loaded", f"{rec.name} -> rfc{n}"
                    )
                    continue
                wanted.add(tid)
            have = existing.get(sid, set())
            create.extend(
                self.related(source_id=sid, target_id=t, relationship_id="contains")
                for t in sorted(wanted - have)
            )
            remove.extend((sid, t) for t in have - wanted)
        for s, t in remove:
            qs.filter(source_id=s, target_id=t, relationship_id="contains").delete()
        qs.bulk_create(create, batch_size=BATCH)
        self.report.count("doc.document (subseries)", len(records))
        if create:
            self.report.count("doc.relateddocument (contains)", len(create))


def create_children(child: type[models.Model], parents: list[models.Model], using: str) -> None:
    """Insert multi-table-inheritance children: the parent rows, then the child rows."""
    parent_model = child._meta.pk.remote_field.model
    parent_model._base_manager.using(using).bulk_create(parents, batch_size=BATCH)
    if any(p.pk is None for p in parents):  # pragma: no cover - SQLite < 3.35
        raise LoadError("the database does not return ids from bulk inserts")
    ptr = child._meta.pk
    fields = [f for f in own_fields(child)]
    rows = []
    for p in parents:
        values = {f.attname: f.get_default() for f in fields}
        values[ptr.attname] = p.pk
        rows.append(SimpleNamespace(**values))
    qs = child._base_manager.using(using)
    for i in range(0, len(rows), BATCH):
        qs._insert(rows[i : i + BATCH], fields=fields, raw=True, using=using)
