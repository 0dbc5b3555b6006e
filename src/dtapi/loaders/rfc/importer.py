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
from collections import defaultdict

from django.apps import apps

from dtapi.loaders.base import LoadError, Report
from dtapi.loaders.bulk import TableWriter, add_m2m, create_children
from dtapi.loaders.chunks import BATCH_SIZE, chunked
from dtapi.loaders.legacy import SYSTEM_PERSON_NAME, system_person_id
from dtapi.loaders.rfc.authors import AuthorMatcher
from dtapi.loaders.rfc.groups import GroupIndex
from dtapi.loaders.rfc.records import (
    SUBSERIES_TITLES,
    SUBSERIES_TYPES,
    RfcRecord,
    SubseriesRecord,
    clean_abstract,
    clean_author,
    clean_text,
    split_draft_name,
)


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
            pk = system_person_id(self.using)
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
        if len(self.pending) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        recs, self.pending = self.pending, []
        if recs:
            self._write(recs)

    def _doc_ids(self, names) -> dict[str, int]:
        names = list(names)
        found: dict[str, int] = {}
        docs = self.document._base_manager.using(self.using)
        for chunk in chunked(names):
            found.update(docs.filter(name__in=chunk).values_list("name", "id"))
        return found

    def _write(self, recs: list[RfcRecord]) -> None:
        """Documents first (their ids are needed), then states, tags, relations, authors."""
        drafts = self._queue_documents(recs)  # rfc name -> (draft name, rev)
        self.writer.flush(self.document)
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
                added = add_m2m(self.document, "tags", errata, using=self.using)
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

    def _queue_documents(self, recs: list[RfcRecord]) -> dict[str, tuple[str, str]]:
        """Queue the RFC and draft rows; return {rfc name: (draft name, rev)}."""
        doc = self.document
        drafts: dict[str, tuple[str, str]] = {}
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
            common = self._common_fields(rec, split[0] if split else None)
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
        return drafts

    def _common_fields(self, rec: RfcRecord, draft: str | None) -> dict:
        """The columns an RFC and its draft share, for what the source knows."""
        group = self.groups.for_rfc(rec, draft)
        stream = rec.stream
        if stream is None and group and group[1] == "rg":
            stream = "irtf"
        common: dict = {}
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
        if rec.published is not None:
            common["time"] = rec.published
        return common

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
        for chunk in chunked(doc_ids):
            for d, s, t in qs.filter(document_id__in=chunk).values_list(
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
        qs.bulk_create(add, batch_size=BATCH_SIZE)

    def _add_relations(self, triples) -> int:
        """Add (source id, target id, relationship) relations that are missing."""
        triples = set(triples)
        if not triples:
            return 0
        qs = self.related._base_manager.using(self.using)
        sources = sorted({s for s, _, _ in triples})
        existing = set()
        for chunk in chunked(sources):
            existing.update(
                qs.filter(source_id__in=chunk).values_list(
                    "source_id", "target_id", "relationship_id"
                )
            )
        missing = sorted(triples - existing)
        qs.bulk_create(
            [self.related(source_id=s, target_id=t, relationship_id=r) for s, t, r in missing],
            batch_size=BATCH_SIZE,
        )
        if missing:
            for _s, _t, r in missing:
                self.report.count(f"doc.relateddocument ({r})")
        return len(missing)

    def _set_authors(self, names_by_doc: dict[int, list[str]], first_seen) -> None:
        qs = self.docauthor._base_manager.using(self.using)
        doc_ids = list(names_by_doc)
        existing: dict[int, list[int]] = defaultdict(list)
        for chunk in chunked(doc_ids):
            for d, p in (
                qs.filter(document_id__in=chunk)
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
        qs.bulk_create(create, batch_size=BATCH_SIZE)
        if create:
            self.report.count("doc.documentauthor", len(create))

    def _ensure_events(self, recs, ids, drafts) -> None:
        by = self.system_person()
        ev = self.docevent._base_manager.using(self.using)
        doc_ids = [ids[r.name] for r in recs] + [ids[d] for d, _ in drafts.values()]
        have = set()
        for chunk in chunked(doc_ids):
            have.update(
                ev.filter(doc_id__in=chunk, type__in=["published_rfc", "new_revision"]).values_list(
                    "doc_id", "type", "rev"
                )
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
            ev.bulk_create(published, batch_size=BATCH_SIZE)
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
        for chunk in chunked(sids):
            for s, t in qs.filter(source_id__in=chunk, relationship_id="contains").values_list(
                "source_id", "target_id"
            ):
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
        qs.bulk_create(create, batch_size=BATCH_SIZE)
        self.report.count("doc.document (subseries)", len(records))
        if create:
            self.report.count("doc.relateddocument (contains)", len(create))
