"""The benchmark's database: synthetic but realistic IETF documents, built fast with bulk_create.

Run in a process whose Django settings point at the target database (``DATABASE_URL``).
:func:`build` fills a migrated, empty database with

* 2,000 people with one or two email addresses each, 120 groups (areas, working groups,
  research groups) with chairs;
* ``documents`` documents (default 20,000): drafts (active, expired, replaced, published as
  RFC; most in a group, with IESG and stream states, some with tags, an AD and a shepherd),
  RFCs with numbers and standard levels, and some charters, slides and agendas -- each with
  the states and tags of its kind and one to four authors;
* about five document events per document (at least 100,000): new revisions, state changes,
  comments, ballot and last-call events, spread over 2000-2024.

Values come from a seeded random generator, so every build of a size is the same.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from typing import Any

from django.db import transaction

FORMAT_VERSION = 4  # bump when the data changes, so cached databases are rebuilt
UTC = datetime.UTC

WORDS = (
    "protocol transport secure routing extension framework architecture mechanism registry "
    "considerations requirements yang model data internet network layer session encrypted "
    "authentication identity key exchange message header format option use case deployment "
    "operational experience update revision profile interface discovery congestion control "
    "multicast address allocation domain name system mail delivery media stream quic http tls"
).split()
AREAS = ["art", "int", "ops", "rtg", "sec", "tsv", "gen"]
EVENT_TYPES = [
    ("new_revision", 0.45),
    ("changed_document", 0.12),
    ("added_comment", 0.12),
    ("changed_state", 0.12),
    ("sent_last_call", 0.04),
    ("created_ballot", 0.04),
    ("changed_ballot_position", 0.06),
    ("published_rfc", 0.02),
    ("iana_review", 0.03),
]


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(3, 8))
    return " ".join(word.capitalize() if i == 0 else word for i, word in enumerate(words))


def _abstract(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 6)):
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + ".")
    return " ".join(sentence.capitalize() for sentence in sentences)


def _when(rng: random.Random, start_year: int = 2000, end_year: int = 2024) -> datetime.datetime:
    start = datetime.datetime(start_year, 1, 1, tzinfo=UTC).timestamp()
    end = datetime.datetime(end_year, 12, 31, tzinfo=UTC).timestamp()
    moment = datetime.datetime.fromtimestamp(rng.uniform(start, end), tz=UTC)
    return moment.replace(microsecond=rng.randrange(1_000_000))


def _chunks(items: list[Any], size: int = 5000) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model: Any, rows: list[Any]) -> None:
    for chunk in _chunks(rows):
        model.objects.bulk_create(chunk)


def build(documents: int = 20000, seed: int = 4711, out=print) -> dict[str, int]:
    from django.apps import apps

    model = apps.get_model
    Person, Email = model("person", "Person"), model("person", "Email")
    Group, Role = model("group", "Group"), model("group", "Role")
    Document, State = model("doc", "Document"), model("doc", "State")
    Author, DocEvent = model("doc", "DocumentAuthor"), model("doc", "DocEvent")
    rng = random.Random(seed)
    states = {(s.type_id, s.slug): s.pk for s in State.objects.all()}
    counts: dict[str, int] = {}

    with transaction.atomic():
        out("  people and groups...")
        people = [
            Person(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                ascii=f"Person {i}",
                time=_when(rng, 2005, 2020),
                biography="" if i % 3 else "Works on " + _title(rng).lower() + ".",
            )
            for i in range(2000)
        ]
        _bulk(Person, people)
        person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        emails = []
        for index, pk in enumerate(person_ids):
            emails.append(Email(address=f"p{index}@example.org", person_id=pk, primary=True))
            if index % 4 == 0:
                emails.append(Email(address=f"p{index}@old.example", person_id=pk, active=False))
        _bulk(Email, emails)
        addresses = {pk: f"p{index}@example.org" for index, pk in enumerate(person_ids)}

        iesg = Group.objects.create(acronym="iesg", name="IESG", type_id="ietf", state_id="active")
        area_ids = []
        for acronym in AREAS:
            area = Group.objects.create(
                acronym=acronym,
                name=f"{acronym.upper()} Area",
                type_id="area",
                state_id="active",
                parent=iesg,
            )
            area_ids.append(area.pk)
        groups = []
        for index in range(110):
            kind = "rg" if index % 11 == 0 else "wg"
            groups.append(
                Group(
                    acronym=f"{rng.choice(WORDS)[:5]}{index}",
                    name=_title(rng)[:80],
                    type_id=kind,
                    state_id="active" if index % 5 else "conclude",
                    parent_id=None if kind == "rg" else rng.choice(area_ids),
                    list_email=f"wg{index}@ietf.example",
                    time=_when(rng, 2010, 2024),
                )
            )
        _bulk(Group, groups)
        group_ids = list(
            Group.objects.filter(type_id__in=["wg", "rg"]).values_list("pk", flat=True)
        )
        roles = [
            Role(
                name_id="chair",
                group_id=group,
                person_id=person_ids[i * 7 % len(person_ids)],
                email_id=addresses[person_ids[i * 7 % len(person_ids)]],
            )
            for i, group in enumerate(group_ids)
        ]
        _bulk(Role, roles)
        ads = person_ids[:15]

        out(f"  {documents} documents with states, tags and authors...")
        docs = []
        doc_states: list[tuple[int, int]] = []  # (doc index, state pk)
        doc_tags: list[tuple[int, str]] = []
        tags = ["need-rev", "ad-f-up", "w-expert", "errata", "ref", "via-rfc", "app-min"]
        rfc_number = 1000
        for index in range(documents):
            roll = rng.random()
            group = rng.choice(group_ids) if rng.random() < 0.75 else None
            when = _when(rng)
            if roll < 0.68:
                kind = "draft"
                name = f"draft-{'ietf' if group else 'smith'}-{rng.choice(WORDS)}-{index}"
                draft_state = rng.choices(["active", "expired", "repl", "rfc"], [5, 8, 1, 3])[0]
                doc_states.append((index, states[("draft", draft_state)]))
                iesg_state = rng.choice(["idexists", "pub-req", "ad-eval", "iesg-eva", "pub"])
                doc_states.append((index, states[("draft-iesg", iesg_state)]))
                if group:
                    stream = rng.choice(["wg-doc", "wg-lc", "sub-pub", "parked"])
                    doc_states.append((index, states[("draft-stream-ietf", stream)]))
                fields = {
                    "rev": f"{rng.randint(0, 30):02d}",
                    "expires": when + datetime.timedelta(days=185),
                    "intended_std_level_id": rng.choice(["ps", "inf", "exp", "bcp", None]),
                    "stream_id": "ietf" if group else rng.choice(["ietf", "ise", "irtf"]),
                }
            elif roll < 0.93:
                kind = "rfc"
                rfc_number += rng.randint(1, 3)
                name = f"rfc{rfc_number}"
                doc_states.append((index, states[("rfc", "published")]))
                fields = {
                    "rfc_number": rfc_number,
                    "std_level_id": rng.choice(["ps", "inf", "exp", "bcp", "std", "hist"]),
                    "stream_id": rng.choice(["ietf", "ietf", "ietf", "iab", "irtf", "ise"]),
                }
            else:
                kind = rng.choice(["charter", "slides", "agenda", "minutes"])
                name = f"{kind}-{index}-{rng.choice(WORDS)}"
                state_slug = "approved" if kind == "charter" else "active"
                doc_states.append((index, states[(kind, state_slug)]))
                fields = {"rev": f"{rng.randint(0, 5):02d}"}
            pages = rng.randint(5, 120) if kind in ("draft", "rfc") else None
            docs.append(
                Document(
                    name=name,
                    type_id=kind,
                    title=_title(rng),
                    abstract=_abstract(rng) if kind in ("draft", "rfc") else "",
                    time=when,
                    group_id=group,
                    pages=pages,
                    words=pages * 350 if pages else None,
                    ad_id=rng.choice(ads) if kind == "draft" and rng.random() < 0.4 else None,
                    shepherd_id=(
                        addresses[rng.choice(person_ids)]
                        if kind == "draft" and rng.random() < 0.3
                        else None
                    ),
                    notify=f"{name}@ietf.example" if kind == "draft" else "",
                    **fields,
                )
            )
            if rng.random() < 0.3:
                for tag in rng.sample(tags, rng.randint(1, 2)):
                    doc_tags.append((index, tag))
        _bulk(Document, docs)
        doc_ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
        state_through = Document.states.through
        _bulk(
            state_through,
            [state_through(document_id=doc_ids[i], state_id=s) for i, s in doc_states],
        )
        tag_through = Document.tags.through
        _bulk(
            tag_through,
            [tag_through(document_id=doc_ids[i], doctagname_id=t) for i, t in doc_tags],
        )
        authors = []
        for index, doc in enumerate(docs):
            if doc.type_id not in ("draft", "rfc"):
                continue
            for order, person in enumerate(rng.sample(person_ids, rng.randint(1, 4)), 1):
                authors.append(
                    Author(
                        document_id=doc_ids[index],
                        person_id=person,
                        email_id=addresses[person] if rng.random() < 0.9 else None,
                        affiliation=rng.choice(["", "Example Corp", "University", "Cisco"]),
                        country=rng.choice(["", "US", "DE", "FR", "CN", "JP", "SE"]),
                        order=order,
                    )
                )
        _bulk(Author, authors)

        out("  document events...")
        kinds, weights = zip(*EVENT_TYPES, strict=True)
        events = []
        target = max(100_000, documents * 5)
        for n in range(target):
            index = n % len(docs) if n < len(docs) else rng.randrange(len(docs))
            doc = docs[index]
            kind = rng.choices(kinds, weights)[0]
            events.append(
                DocEvent(
                    doc_id=doc_ids[index],
                    by_id=rng.choice(person_ids),
                    type=kind,
                    time=_when(rng),
                    rev=doc.rev or None,
                    desc=f"{kind.replace('_', ' ').capitalize()} for {doc.name}",
                )
            )
        _bulk(DocEvent, events)
        counts.update(
            people=len(people),
            documents=len(docs),
            states=len(doc_states),
            tags=len(doc_tags),
            authors=len(authors),
            events=len(events),
        )
    from django.db import connection

    # As autovacuum (PostgreSQL) or a DBA would after a bulk load: plans need statistics, and
    # index-only scans need PostgreSQL's visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return counts


FIRST = (
    "Alice Bob Carol David Erika Farid Greta Hiro Ines Jürgen Kwame Li Mónica Nils Olga Pat "
    "Quentin Rosa Sven Tanvir Ulla Viktor Wen Xavier Yuki Zoë"
).split()
LAST = (
    "Smith Müller García Wang Kim Nakamura Dupont Rossi Johansson Okafor Kowalski Novák Silva "
    "Haddad Olsen Ivanova Chen Patel Lindqvist Moreau"
).split()
