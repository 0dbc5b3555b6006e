"""A deterministic synthetic Datatracker at any size, from the real vocabularies.

:func:`generate` fills a migrated database with ``documents`` documents and ``events``
document events, and what they hang on, in proportions taken from the real Datatracker:

* people: those already loaded (real ones, from ``dtapi load``) first, then generated ones,
  up to one per four documents, each with a primary address (a quarter with an old one too);
* groups: areas with their ADs, and working/research groups (one per hundred documents) with
  chairs and secretaries;
* documents of every type of the vocabulary: drafts (half of all) in every draft state, with
  IESG, stream, IANA and RFC Editor states in plausible mixes; RFCs; charters, conflict
  reviews, status changes, BOF requests, statements; meeting materials (slides, agendas,
  minutes, bluesheets, recordings, ...). Each has the states of its type; drafts and RFCs
  have one to four authors, older revisions have history rows;
* relations: ``became_rfc`` (a draft in state "rfc" and its RFC), ``replaces``, ``obs``,
  ``updates`` and references between drafts and RFCs;
* document events of every type over 30 years (1996-2025), the right subtype row where a
  type has one (new revisions, state changes, ballots with a position per AD, last calls,
  telechats, writeups, consensus); ids follow time, as in the real log;
* IETF meetings (three a year) with a session per group, and interim meetings.

The same ``seed`` gives the same rows (values come from one seeded generator; ids start after
what the database held). Rows are written with COPY on PostgreSQL.
"""

from __future__ import annotations

import datetime
import random
import time as clock
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from .writer import TableWriter, next_id, reset_sequences

UTC = datetime.UTC
START = datetime.datetime(1996, 1, 1, tzinfo=UTC)
END = datetime.datetime(2025, 12, 31, tzinfo=UTC)
SPAN = (END - START).total_seconds()
MARKER = "bench-data"

WORDS = (
    "protocol transport secure routing extension framework architecture mechanism registry "
    "considerations requirements yang model data network layer session encrypted "
    "authentication identity key exchange message header format option deployment "
    "operational experience update profile interface discovery congestion control "
    "multicast address allocation domain name system mail delivery media stream quic http "
    "tls dns bgp mpls ipv6 oauth json cbor coap sip rtp netconf pce lsr bier detnet"
).split()
FIRST = (
    "Alice Bob Carol David Erika Farid Greta Hiro Ines Jurgen Kwame Li Monica Nils Olga Pat "
    "Quentin Rosa Sven Tanvir Ulla Viktor Wen Xavier Yuki Zoe Amir Beatriz Chen Dmitri"
).split()
LAST = (
    "Smith Muller Garcia Wang Kim Nakamura Dupont Rossi Johansson Okafor Kowalski Novak Silva "
    "Haddad Olsen Ivanova Chen Patel Lindqvist Moreau Tanaka Schmidt Lopez Nguyen Brown"
).split()
DOMAINS = ["example.com", "example.org", "example.net", "university.example", "corp.example"]
AREAS = ["art", "int", "ops", "rtg", "sec", "tsv", "gen", "wit"]

# (document type, share of all documents). Drafts are about half of the real Datatracker's
# documents, meeting materials most of the rest.
DOC_TYPES = [
    ("draft", 50.0),
    ("rfc", 5.0),
    ("slides", 14.0),
    ("agenda", 5.0),
    ("minutes", 5.0),
    ("bluesheets", 4.0),
    ("recording", 3.0),
    ("chatlog", 2.0),
    ("polls", 1.0),
    ("narrativeminutes", 0.5),
    ("procmaterials", 0.5),
    ("charter", 2.5),
    ("conflrev", 1.0),
    ("statchg", 0.5),
    ("bofreq", 0.5),
    ("statement", 0.3),
    ("review", 3.0),
    ("shepwrit", 1.0),
    ("liaison", 0.5),
    ("bcp", 0.1),
    ("std", 0.05),
    ("fyi", 0.05),
]
MATERIALS = {
    "slides",
    "agenda",
    "minutes",
    "bluesheets",
    "recording",
    "chatlog",
    "polls",
    "narrativeminutes",
    "procmaterials",
}
# State weights where a type's states are not equally likely (the rest: weight 1).
STATE_WEIGHTS = {
    "draft": {"active": 20, "expired": 45, "rfc": 12, "repl": 8, "auth-rm": 2, "ietf-rm": 1},
    "draft-iesg": {"idexists": 60, "pub": 12, "dead": 6, "approved": 2, "iesg-eva": 2},
    "draft-stream-ietf": {"wg-doc": 10, "sub-pub": 12, "dead": 4, "adopt-wg": 3},
    "draft-stream-irtf": {"active": 6, "pub": 6, "dead": 3},
    "draft-stream-iab": {"active": 4, "pub": 6},
    "draft-stream-ise": {"receive": 3, "pub": 6, "dead": 3},
    "draft-stream-editorial": {"active": 3, "pub": 3},
    "charter": {"approved": 30, "notrev": 5, "replaced": 5},
    "slides": {"active": 30, "deleted": 2, "archived": 3},
}
STREAM_STATE = {
    "ietf": "draft-stream-ietf",
    "irtf": "draft-stream-irtf",
    "iab": "draft-stream-iab",
    "ise": "draft-stream-ise",
    "editorial": "draft-stream-editorial",
}
# IESG states in which a draft has been balloted.
BALLOTED = {"pub", "approved", "ann", "iesg-eva", "rfcqueue", "defer", "dead"}
BALLOT_TYPES = {"draft": "approve", "charter": "r-extrev", "conflrev": "conflrev"}
BALLOT_TYPES["statchg"] = "statchg"

# Event type weights (the rest: weight 0.4, so every type occurs).
EVENT_WEIGHTS = {
    "new_revision": 30,
    "changed_document": 10,
    "added_comment": 10,
    "changed_state": 14,
    "new_submission": 4,
    "sync_from_rfc_editor": 4,
    "changed_action_holders": 4,
    "expired_document": 4,
    "iana_review": 3,
    "requested_last_call": 2,
    "sent_last_call": 2,
    "scheduled_for_telechat": 2,
    "added_message": 2,
    "edited_authors": 1,
}
BALLOT_EVENTS = {"created_ballot", "closed_ballot", "changed_ballot_position"}
MATERIAL_EVENTS = ["new_revision", "changed_document", "changed_state", "added_comment"]
WRITEUPS = {
    "changed_ballot_writeup_text",
    "changed_ballot_approval_text",
    "changed_rfc_editor_note_text",
    "changed_last_call_text",
    "changed_protocol_writeup",
}
POSITIONS = [("yes", 4), ("noobj", 10), ("norecord", 4), ("discuss", 1), ("abstain", 1)]


class Progress:
    """One progress bar per stage on stderr (tqdm), or nothing when quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def bar(self, label: str, total: int) -> Any:
        from tqdm import tqdm

        return tqdm(
            total=total, desc=f"{label:<10}", unit=" rows", unit_scale=True, disable=self.quiet
        )


def marker_text(documents: int, events: int, seed: int) -> str:
    return f"{MARKER} documents={documents} events={events} seed={seed}"


def existing_marker() -> str | None:
    DumpInfo = apps.get_model("utils", "DumpInfo")
    row = DumpInfo.objects.filter(host__startswith=MARKER).values_list("host", flat=True).first()
    return row


def _time(rng: random.Random, start: datetime.datetime, years: float) -> datetime.datetime:
    limit = min(END.timestamp(), start.timestamp() + years * 365.25 * 86400)
    moment = rng.uniform(start.timestamp(), max(limit, start.timestamp()))
    return datetime.datetime.fromtimestamp(int(moment), tz=UTC)


def _pick(rng: random.Random, slugs: list[str], weights: dict[str, float]) -> str:
    return rng.choices(slugs, [weights.get(s, 1.0) for s in slugs])[0]


class Generator:
    def __init__(self, documents: int, events: int, seed: int, out: Callable[[str], None]):
        self.n_docs = documents
        self.n_events = events
        self.rng = random.Random(seed)
        self.out = out
        self.model = apps.get_model
        self.counts: dict[str, int] = {}

    # -- vocabulary ------------------------------------------------------------------------

    def load_vocabulary(self) -> None:
        State = self.model("doc", "State")
        self.states: dict[str, list[tuple[str, int]]] = {}
        for pk, type_id, slug in State.objects.order_by("pk").values_list("pk", "type", "slug"):
            self.states.setdefault(type_id, []).append((slug, pk))
        BallotType = self.model("doc", "BallotType")
        self.ballot_types = {
            (doc_type, slug): pk
            for pk, doc_type, slug in BallotType.objects.values_list("pk", "doc_type", "slug")
        }
        from dtapi.doc.models.events import EVENT_TYPES

        self.event_labels = dict(EVENT_TYPES)
        kinds = [slug for slug, _ in EVENT_TYPES if slug not in BALLOT_EVENTS]
        self.event_kinds = kinds
        self.event_weights = [EVENT_WEIGHTS.get(k, 0.4) for k in kinds]
        DocTypeName = self.model("name", "DocTypeName")
        known = set(DocTypeName.objects.values_list("slug", flat=True))
        self.doc_types = [(t, w) for t, w in DOC_TYPES if t in known]

    def state(self, state_type: str, weights: dict[str, float] | None = None) -> tuple[str, int]:
        choices = self.states[state_type]
        slugs = [slug for slug, _ in choices]
        slug = _pick(self.rng, slugs, weights or STATE_WEIGHTS.get(state_type, {}))
        return slug, dict(choices)[slug]

    # -- people and groups -----------------------------------------------------------------

    def people(self, progress: Progress) -> None:
        Person, Email = self.model("person", "Person"), self.model("person", "Email")
        rng = self.rng
        # Real people with an address (a role needs one), primary addresses first.
        self.address: dict[int, str] = {}
        for person, address in (
            Email.objects.filter(person__isnull=False)
            .order_by("-primary", "address")
            .values_list("person", "address")
        ):
            self.address.setdefault(person, address)
        real = sorted(self.address)[: self.n_docs // 4]
        self.address = {pk: self.address[pk] for pk in real}
        self.person_ids = real[:]
        wanted = max(500, self.n_docs // 4) - len(real)
        persons, emails = TableWriter(Person), TableWriter(Email)
        pk = next_id(Person)
        with progress.bar("people", max(wanted, 0)) as bar:
            for i in range(max(wanted, 0)):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                name = f"{first} {last}"
                when = _time(rng, START, 30)
                persons.add(id=pk, name=name, plain="", ascii=name, time=when, biography="")
                address = f"{first}.{last}.{pk}@{rng.choice(DOMAINS)}".lower()
                emails.add(address=address, person_id=pk, time=when, primary=True, active=True)
                if i % 4 == 0:
                    emails.add(
                        address=f"{last}{pk}@old.example".lower(),
                        person_id=pk,
                        time=when,
                        primary=False,
                        active=False,
                    )
                self.person_ids.append(pk)
                self.address[pk] = address
                pk += 1
                bar.update(1)
            persons.flush()
            emails.flush()
        self.counts.update(people=persons.written, emails=emails.written)

    def author(self) -> int:
        """A person, some far more often than others (as authors are)."""
        ids = self.person_ids
        return ids[int(len(ids) * self.rng.random() ** 2)]

    def groups(self, progress: Progress) -> None:
        Group, Role = self.model("group", "Group"), self.model("group", "Role")
        rng = self.rng
        taken = set(Group.objects.values_list("acronym", flat=True))
        groups, roles = TableWriter(Group), TableWriter(Role)
        pk, role_pk = next_id(Group), next_id(Role)
        self.ads: list[int] = []
        area_ids = []
        wanted = max(30, self.n_docs // 100)
        with progress.bar("groups", len(AREAS) + wanted) as bar:
            for area in AREAS:
                acronym = f"{area}-area" if area in taken else area
                groups.add(
                    id=pk,
                    acronym=acronym,
                    name=f"{area.upper()} Area",
                    type_id="area",
                    state_id="active",
                    time=START,
                    used_roles=[],
                )
                for _ in range(2):
                    person = self.person_ids[len(self.ads) % len(self.person_ids)]
                    self.ads.append(person)
                    roles.add(
                        id=role_pk,
                        name_id="ad",
                        group_id=pk,
                        person_id=person,
                        email_id=self.address[person],
                    )
                    role_pk += 1
                area_ids.append(pk)
                pk += 1
                bar.update(1)
            self.group_ids: list[int] = []
            self.acronyms: dict[int, str] = {}
            for index in range(wanted):
                kind = "rg" if index % 12 == 0 else "wg"
                acronym = f"{rng.choice(WORDS)}{rng.choice(WORDS)[:3]}{index}"
                while acronym in taken:
                    acronym += "x"
                taken.add(acronym)
                active = rng.random() < 0.45
                groups.add(
                    id=pk,
                    acronym=acronym,
                    name=f"{acronym.capitalize()} Working Group",
                    type_id=kind,
                    state_id="active" if active else "conclude",
                    parent_id=None if kind == "rg" else rng.choice(area_ids),
                    list_email=f"{acronym}@ietf.example",
                    time=_time(rng, START, 30),
                    used_roles=[],
                )
                for name in ["chair", "chair", "secr"][: rng.randint(1, 3)]:
                    person = self.author()
                    roles.add(
                        id=role_pk,
                        name_id=name,
                        group_id=pk,
                        person_id=person,
                        email_id=self.address[person],
                    )
                    role_pk += 1
                self.group_ids.append(pk)
                self.acronyms[pk] = acronym
                pk += 1
                bar.update(1)
            groups.flush()
            roles.flush()
        self.counts.update(groups=groups.written, roles=roles.written)

    # -- documents, their states, authors, history, relations and events --------------------

    def documents(self, progress: Progress) -> None:
        m = self.model
        Document, DocHistory = m("doc", "Document"), m("doc", "DocHistory")
        rng = self.rng
        w = {
            name: TableWriter(m("doc", model))
            for name, model in [
                ("doc", "Document"),
                ("author", "DocumentAuthor"),
                ("history", "DocHistory"),
                ("relation", "RelatedDocument"),
                ("event", "DocEvent"),
                ("newrev", "NewRevisionDocEvent"),
                ("state_event", "StateDocEvent"),
                ("ballot", "BallotDocEvent"),
                ("position", "BallotPositionDocEvent"),
                ("writeup", "WriteupDocEvent"),
                ("lastcall", "LastCallDocEvent"),
                ("telechat", "TelechatDocEvent"),
                ("consensus", "ConsensusDocEvent"),
            ]
        }
        states = TableWriter(Document.states.through)
        ids = {
            "doc": next_id(Document),
            "author": next_id(m("doc", "DocumentAuthor")),
            "history": next_id(DocHistory),
            "relation": next_id(m("doc", "RelatedDocument")),
            "event": next_id(m("doc", "DocEvent")),
            "state": next_id(Document.states.through),
        }
        top_rfc = Document.objects.order_by("-rfc_number").values_list("rfc_number", flat=True)
        self.rfc_number = (top_rfc.first() or 0) + 1
        taken_names = set(
            Document.objects.filter(type__in=["bcp", "std", "fyi"]).values_list("name", flat=True)
        )
        kinds = [t for t, _ in self.doc_types]
        kind_weights = [wt for _, wt in self.doc_types]
        # Documents a later one can point at: drafts waiting for their RFC, replaced drafts,
        # RFCs (obsoleted/updated/referenced), drafts (referenced).
        awaiting_rfc: list[int] = []
        replaced: list[int] = []
        rfcs: list[int] = []
        drafts: list[int] = []
        weights_total = 0.0
        plan: list[tuple[str, float]] = []
        for _ in range(self.n_docs):
            kind = rng.choices(kinds, kind_weights)[0]
            weight = {"draft": 1.6, "rfc": 2.0, "charter": 1.5}.get(kind, 0.35)
            weight *= 0.3 + rng.random() * 1.4
            plan.append((kind, weight))
            weights_total += weight
        share = self.n_events / weights_total
        cumulative, events_done = 0.0, 0

        def relate(source: int, target: int, slug: str) -> None:
            w["relation"].add(
                id=ids["relation"], source_id=source, target_id=target, relationship_id=slug
            )
            ids["relation"] += 1

        with progress.bar("documents", self.n_docs) as bar:
            for index, (kind, weight) in enumerate(plan):
                doc_id = ids["doc"]
                ids["doc"] += 1
                when = START + datetime.timedelta(
                    seconds=int((index + rng.random()) / self.n_docs * SPAN)
                )
                group = rng.choice(self.group_ids) if rng.random() < 0.7 else None
                acronym = self.acronyms.get(group, "none") if group else "none"
                doc_states: dict[str, str] = {}
                fields: dict[str, Any] = {}
                word = rng.choice(WORDS)
                if kind == "draft":
                    stream = (
                        "ietf"
                        if group
                        else rng.choices(
                            ["ietf", "irtf", "iab", "ise", "editorial"], [6, 2, 1, 3, 0.3]
                        )[0]
                    )
                    who = acronym if group else rng.choice(LAST).lower()
                    prefix = "ietf" if stream == "ietf" and group else stream
                    name = f"draft-{prefix}-{who}-{word}-{index}"
                    doc_states["draft"] = self.state("draft")[0]
                    if rng.random() < 0.45 or doc_states["draft"] == "rfc":
                        doc_states["draft-iesg"] = self.state("draft-iesg")[0]
                    doc_states[STREAM_STATE[stream]] = self.state(STREAM_STATE[stream])[0]
                    for extra, chance in [
                        ("draft-iana-review", 0.12),
                        ("draft-iana-action", 0.08),
                        ("draft-rfceditor", 0.06),
                        ("draft-iana-experts", 0.02),
                    ]:
                        if rng.random() < chance:
                            doc_states[extra] = self.state(extra)[0]
                    fields = {
                        "stream_id": stream,
                        "intended_std_level_id": rng.choice(["ps", "inf", "exp", "bcp", None]),
                        "expires": when + datetime.timedelta(days=185),
                        "ad_id": rng.choice(self.ads) if rng.random() < 0.3 else None,
                        "shepherd_id": (
                            self.address[self.author()] if rng.random() < 0.2 else None
                        ),
                        "notify": f"{name}@ietf.example",
                    }
                elif kind == "rfc":
                    name = f"rfc{self.rfc_number}"
                    fields = {
                        "rfc_number": self.rfc_number,
                        "std_level_id": rng.choice(["ps", "inf", "exp", "bcp", "std", "hist"]),
                        "stream_id": rng.choices(["ietf", "iab", "irtf", "ise"], [8, 1, 1, 2])[0],
                    }
                    self.rfc_number += 1
                elif kind in ("bcp", "std", "fyi"):
                    number = index
                    name = f"{kind}{number}"
                    while name in taken_names:
                        number += self.n_docs
                        name = f"{kind}{number}"
                    taken_names.add(name)
                elif kind in MATERIALS:
                    name = f"{kind}-{when.year}-{acronym}-{word}-{index}"
                else:
                    name = f"{kind}-{acronym if group else 'ietf'}-{word}-{index}"
                if kind in self.states and kind not in doc_states and kind != "draft":
                    doc_states[kind] = self.state(kind)[0]
                if kind == "rfc":
                    doc_states["rfc"] = "published"
                for state_type, slug in doc_states.items():
                    states.add(
                        id=ids["state"],
                        document_id=doc_id,
                        state_id=dict(self.states[state_type])[slug],
                    )
                    ids["state"] += 1

                # events: this document's share of the total, in time order
                cumulative += weight * share
                n_events = max(int(cumulative) - events_done, 0)
                if index == len(plan) - 1:
                    n_events = self.n_events - events_done
                events_done += n_events
                revs = self.write_events(w, ids, doc_id, kind, when, doc_states, n_events)
                rev = f"{revs:02d}" if kind not in ("rfc", "bcp", "std", "fyi") else ""
                pages = rng.randint(5, 120) if kind in ("draft", "rfc") else None
                row = {
                    "name": name,
                    "type_id": kind,
                    "title": " ".join(rng.sample(WORDS, rng.randint(3, 8))).capitalize(),
                    "abstract": (
                        " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60)))
                        if kind in ("draft", "rfc")
                        else ""
                    ),
                    "rev": rev,
                    "time": when,
                    "group_id": group,
                    "pages": pages,
                    "words": pages * 350 if pages else None,
                    **fields,
                }
                w["doc"].add(id=doc_id, **row)
                for older in range(max(revs - 1, 0), revs):  # the revision before this one
                    w["history"].add(
                        id=ids["history"], doc_id=doc_id, **{**row, "rev": f"{older:02d}"}
                    )
                    ids["history"] += 1
                if kind in ("draft", "rfc"):
                    for order in range(1, rng.choice([1, 1, 2, 2, 2, 3, 3, 4]) + 1):
                        person = self.author()
                        w["author"].add(
                            id=ids["author"],
                            document_id=doc_id,
                            person_id=person,
                            email_id=self.address[person] if rng.random() < 0.9 else None,
                            affiliation=rng.choice(["", "Example Corp", "University", "ISP"]),
                            country=rng.choice(["", "US", "DE", "FR", "CN", "JP", "SE"]),
                            order=order,
                        )
                        ids["author"] += 1

                # relations
                if kind == "draft":
                    if doc_states.get("draft") == "rfc":
                        awaiting_rfc.append(doc_id)
                    if doc_states.get("draft") == "repl":
                        replaced.append(doc_id)
                    elif replaced and rng.random() < 0.1:
                        relate(doc_id, replaced.pop(rng.randrange(len(replaced))), "replaces")
                    drafts.append(doc_id)
                if kind == "rfc":
                    if awaiting_rfc:
                        relate(awaiting_rfc.pop(0), doc_id, "became_rfc")
                    if rfcs and rng.random() < 0.08:
                        relate(doc_id, rng.choice(rfcs), "obs")
                    if rfcs and rng.random() < 0.15:
                        for target in set(rng.sample(rfcs, min(len(rfcs), rng.randint(1, 2)))):
                            relate(doc_id, target, "updates")
                    rfcs.append(doc_id)
                if kind in ("draft", "rfc") and (rfcs or drafts):
                    pool = rfcs[-5000:] + drafts[-5000:]
                    for target in set(rng.sample(pool, min(len(pool), rng.randint(0, 5)))):
                        if target != doc_id:
                            relate(doc_id, target, rng.choice(["refnorm", "refinfo", "refinfo"]))
                bar.update(1)
            for writer in [*w.values(), states]:
                writer.flush()
        self.counts.update(
            documents=w["doc"].written,
            states=states.written,
            authors=w["author"].written,
            history=w["history"].written,
            relations=w["relation"].written,
            events=w["event"].written,
            ballots=w["ballot"].written,
            positions=w["position"].written,
        )

    def write_events(
        self,
        w: dict[str, TableWriter],
        ids: dict[str, int],
        doc_id: int,
        kind: str,
        when: datetime.datetime,
        doc_states: dict[str, str],
        count: int,
    ) -> int:
        """``count`` events of one document; returns its number of new revisions - 1."""
        rng = self.rng
        if count <= 0:
            return 0
        if kind in MATERIALS or kind in ("review", "shepwrit", "liaison"):
            kinds = ["new_revision"] + rng.choices(MATERIAL_EVENTS, [3, 3, 3, 1], k=count - 1)
        else:
            kinds = ["new_revision"] + rng.choices(
                self.event_kinds, self.event_weights, k=count - 1
            )
        ballot_type = self.ballot_types.get((kind, BALLOT_TYPES.get(kind, "")))
        balloted = kind != "draft" or doc_states.get("draft-iesg") in BALLOTED
        if ballot_type and balloted and count >= 6:
            # a ballot: opened, a position per AD (as many as fit), closed
            positions = min(count - 3, len(self.ads))
            start = rng.randint(1, count - positions - 2)
            kinds[start : start + positions + 2] = (
                ["created_ballot"] + ["changed_ballot_position"] * positions + ["closed_ballot"]
            )
        years = 3.0 if kind not in MATERIALS else 0.1
        times = sorted(_time(rng, when, years) for _ in range(count))
        rev = -1
        ballot_id = None
        balloters = iter(rng.sample(self.ads, len(self.ads)))
        state_types = list(doc_states)
        for event_kind, moment in zip(kinds, times, strict=True):
            if event_kind == "changed_state" and not state_types:
                event_kind = "changed_document"  # a type without states (bcp, std, fyi)
            event_id = ids["event"]
            ids["event"] += 1
            if event_kind == "new_revision":
                rev += 1
            by = self.author()
            desc = self.event_labels[event_kind]
            if event_kind == "new_revision":
                w["newrev"].add(docevent_ptr_id=event_id)
                desc = f"New version available: <b>{rev:02d}</b>"
            elif event_kind == "changed_state":
                state_type = rng.choice(state_types)
                slug, state_pk = self.state(state_type)
                w["state_event"].add(
                    docevent_ptr_id=event_id, state_type_id=state_type, state_id=state_pk
                )
                desc = f"State changed to <b>{slug}</b>"
            elif event_kind in ("created_ballot", "closed_ballot"):
                w["ballot"].add(docevent_ptr_id=event_id, ballot_type_id=ballot_type)
                if event_kind == "created_ballot":
                    ballot_id = event_id
            elif event_kind == "changed_ballot_position":
                by = next(balloters)
                pos = rng.choices([p for p, _ in POSITIONS], [x for _, x in POSITIONS])[0]
                w["position"].add(
                    docevent_ptr_id=event_id,
                    ballot_id=ballot_id,
                    balloter_id=by,
                    pos_id=pos,
                    discuss="Please clarify section 3." if pos == "discuss" else "",
                    discuss_time=moment if pos == "discuss" else None,
                    comment="" if rng.random() < 0.7 else "A comment on the document.",
                )
                desc = f"[Ballot Position Update] New position, {pos}, has been recorded"
            elif event_kind in WRITEUPS:
                w["writeup"].add(docevent_ptr_id=event_id, text=f"{desc} for the document.")
            elif event_kind == "sent_last_call":
                w["lastcall"].add(
                    docevent_ptr_id=event_id, expires=moment + datetime.timedelta(days=14)
                )
            elif event_kind == "scheduled_for_telechat":
                w["telechat"].add(
                    docevent_ptr_id=event_id,
                    telechat_date=(moment + datetime.timedelta(days=21)).date(),
                    returning_item=rng.random() < 0.2,
                )
            elif event_kind == "changed_consensus":
                w["consensus"].add(docevent_ptr_id=event_id, consensus=rng.random() < 0.8)
            w["event"].add(
                id=event_id,
                time=moment,
                type=event_kind,
                by_id=by,
                doc_id=doc_id,
                rev=None if kind in ("rfc", "bcp", "std", "fyi") else f"{max(rev, 0):02d}",
                desc=desc,
            )
        return max(rev, 0)

    # -- meetings ------------------------------------------------------------------------------

    def meetings(self, progress: Progress) -> None:
        Meeting, Session = self.model("meeting", "Meeting"), self.model("meeting", "Session")
        rng = self.rng
        taken = set(Meeting.objects.values_list("number", flat=True))
        meetings, sessions = TableWriter(Meeting), TableWriter(Session)
        pk, session_pk = next_id(Meeting), next_id(Session)
        interims = len(self.group_ids) * 2
        with progress.bar("meetings", 90 + interims) as bar:
            for k in range(90):  # IETF 35 (1996) to IETF 124 (2025), three a year
                number = str(35 + k)
                date = (START + datetime.timedelta(days=int(k * 365.25 / 3) + 60)).date()
                bar.update(1)
                if number in taken:
                    continue
                meetings.add(
                    id=pk,
                    number=number,
                    type_id="ietf",
                    date=date,
                    days=6,
                    city=rng.choice(["Prague", "Vancouver", "Yokohama", "Montreal", "Dublin"]),
                    country=rng.choice(["CZ", "CA", "JP", "IE"]),
                )
                for group in rng.sample(self.group_ids, min(len(self.group_ids), 120)):
                    sessions.add(
                        id=session_pk,
                        meeting_id=pk,
                        group_id=group,
                        type_id="regular",
                        purpose_id="regular",
                        requested_duration=datetime.timedelta(minutes=rng.choice([60, 90, 120])),
                        attendees=rng.randint(10, 300),
                        modified=datetime.datetime.combine(date, datetime.time(), tzinfo=UTC),
                    )
                    session_pk += 1
                pk += 1
            for k in range(interims):
                group = self.group_ids[k % len(self.group_ids)]
                moment = _time(rng, START, 30)
                number = f"interim-{moment.year}-{self.acronyms[group]}-{k // len(self.group_ids) + 1:02d}"
                bar.update(1)
                if number in taken:
                    continue
                meetings.add(id=pk, number=number, type_id="interim", date=moment.date(), days=1)
                sessions.add(
                    id=session_pk,
                    meeting_id=pk,
                    group_id=group,
                    type_id="regular",
                    purpose_id="regular",
                    requested_duration=datetime.timedelta(hours=1),
                    modified=moment,
                )
                session_pk += 1
                pk += 1
            meetings.flush()
            sessions.flush()
        self.counts.update(meetings=meetings.written, sessions=sessions.written)


def generate(
    documents: int,
    events: int,
    seed: int = 1,
    out: Callable[[str], None] = print,
    quiet: bool = False,
) -> dict[str, int]:
    """Fill the default database; returns the number of rows written per kind."""
    DumpInfo = apps.get_model("utils", "DumpInfo")
    progress = Progress(quiet)
    gen = Generator(documents, events, seed, out)
    started = clock.monotonic()
    with transaction.atomic():
        gen.load_vocabulary()
        gen.people(progress)
        gen.groups(progress)
        gen.documents(progress)
        gen.meetings(progress)
        m = apps.get_model
        reset_sequences(
            [
                m("person", "Person"),
                m("group", "Group"),
                m("group", "Role"),
                m("doc", "Document"),
                m("doc", "Document").states.through,
                m("doc", "DocumentAuthor"),
                m("doc", "DocHistory"),
                m("doc", "RelatedDocument"),
                m("doc", "DocEvent"),
                m("meeting", "Meeting"),
                m("meeting", "Session"),
            ]
        )
        DumpInfo.objects.create(date=END, host=marker_text(documents, events, seed), tz="UTC")
    out(f"  written in {clock.monotonic() - started:.0f} s; analysing...")
    # As autovacuum would after a bulk load: plans need statistics, index-only scans need
    # PostgreSQL's visibility map.
    # VACUUM cannot run in a transaction (a test's): statistics alone there.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return gen.counts
