"""A deterministic data set covering every app, for the differential and fuzz tests.

:func:`build` fills an empty database (after migrations, i.e. with the built-in vocabulary)
with hand-made rows for the core apps (people, groups, documents with states, tags, authors
and every kind of event, meetings with sessions and timeslots) and then gives every model
that is still empty a few generated rows, so that every resource has data. It returns
:class:`Refs`: the primary keys of the rows a request corpus refers to by name (primary keys
depend on the database's sequences, so the corpus never hard-codes them).

Values are chosen to exercise the wire format: non-ASCII names, datetimes with microseconds
and in other time zones, durations of more than a day, nullable relations both set and unset,
JSON columns, file fields, a relation to Django's ``User``.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models

UTC = datetime.UTC
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
LA = zoneinfo.ZoneInfo("America/Los_Angeles")

# A body with a character XML cannot carry (used by one Message only).
CONTROL_CHARACTER_TEXT = "Bell \x07 in the body"


def at(y: int, mo: int, d: int, h: int = 12, mi: int = 0, s: int = 0, us: int = 0, tz=UTC):
    return datetime.datetime(y, mo, d, h, mi, s, us, tzinfo=tz)


class Refs(dict):
    """Name -> primary key (or other identifier) of the rows the corpus uses."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def M(label: str) -> type[models.Model]:
    return apps.get_model(label)


def state(type_slug: str, slug: str) -> Any:
    return M("doc.State").objects.get(type_id=type_slug, slug=slug)


def build() -> Refs:
    refs = Refs()
    _people(refs)
    _groups(refs)
    _documents(refs)
    _events(refs)
    _meetings(refs)
    _submissions_reviews_ipr(refs)
    _other_apps(refs)
    fill_empty_models(refs)
    return refs


# -- people ---------------------------------------------------------------------------------

PEOPLE = [
    # key, name, ascii, with user, emails
    ("chair", "Jürgen Schönwälder", "Juergen Schoenwaelder", True, ["js@example.org"]),
    ("ad", "Alissa Cooper-Smith", "Alissa Cooper-Smith", True, ["alissa@example.com"]),
    ("author", "Marie Dupont", "Marie Dupont", False, ["marie@example.fr", "old@example.fr"]),
    ("author2", "李 小龍", "Li Xiaolong", False, ["li@example.cn"]),
    ("secr", "O'Brien, Pat", "Pat O'Brien", False, ["pat+ietf@example.net"]),
    ("reviewer", "Ana María Núñez", "Ana Maria Nunez", True, ["ana@example.es"]),
    ("shepherd", "Bob Marsh", "Bob Marsh", False, ["bob@mars.example"]),
    ("system", "(System)", "(System)", False, []),
    ("nomail", "Nobody Withoutmail", "Nobody Withoutmail", False, []),
    ("marsfan", "Marsha Mars", "Marsha Mars", False, ["marsha@example.org"]),
]


def _people(refs: Refs) -> None:
    Person, Email = M("person.Person"), M("person.Email")
    user_model = get_user_model()
    for index, (key, name, ascii_name, with_user, emails) in enumerate(PEOPLE):
        user = None
        if with_user:
            user = user_model.objects.create(username=f"user{index}@example.org")
        person = Person(
            name=name,
            ascii=ascii_name,
            user=user,
            time=at(2010 + index, 1 + index, 1 + index, 8, index, 5, 123456 * (index % 2)),
            biography=f"Biography of {ascii_name}." if index % 3 else "",
            ascii_short="J. S." if key == "chair" else None,
            pronouns_selectable=["he/him", "they/them"] if key == "chair" else [],
            pronouns_freetext="ze/zir" if key == "author2" else None,
            photo="photo/marie.jpg" if key == "author" else "",
            photo_thumb="photo/marie-thumb.jpg" if key == "author" else "",
            name_from_draft="Marie D." if key == "author" else None,
        )
        person.save()
        refs[f"p_{key}"] = person.pk
        for order, address in enumerate(emails):
            Email.objects.create(
                address=address,
                person=person,
                primary=order == 0,
                active=order == 0,
                origin="author: draft-ietf-mars-protocol" if key == "author" else "user's email",
            )
    Email.objects.create(address="orphan@example.org", person=None, origin="", active=False)


# -- groups ---------------------------------------------------------------------------------


def _groups(refs: Refs) -> None:
    Group = M("group.Group")
    specs = [
        # key, acronym, name, type, state, parent
        ("iesg", "iesg", "Internet Engineering Steering Group", "ietf", "active", None),
        ("art", "art", "Applications and Real-Time Area", "area", "active", "iesg"),
        ("mars", "mars", "Mars Exploration", "wg", "active", "art"),
        ("madinas", "madinas", "MAC Address Device Identification", "wg", "active", "art"),
        ("quic", "quic", "QUIC", "wg", "active", "art"),
        ("oldwg", "oldwg", "An Old Concluded WG", "wg", "conclude", "art"),
        ("cfrg", "cfrg", "Crypto Forum", "rg", "active", None),
        ("irtf", "irtf", "Internet Research Task Force", "irtf", "active", None),
        ("bof", "marsbof", "Mars BoF", "wg", "bof", "art"),
    ]
    for index, (key, acronym, name, type_slug, state_slug, parent) in enumerate(specs):
        group = Group.objects.create(
            acronym=acronym,
            name=name,
            type_id=type_slug,
            state_id=state_slug,
            parent_id=refs.get(f"g_{parent}") if parent else None,
            description=f"The {name}." if index % 2 else "",
            list_email=f"{acronym}@ietf.example" if type_slug == "wg" else "",
            list_archive=f"https://mailarchive.example/{acronym}/" if index % 3 == 0 else "",
            used_roles=["chair", "secr"] if key == "mars" else [],
            time=at(2015, 3, 1 + index, 10, 0, 0, 999999 if key == "mars" else 0),
            meeting_seen_as_area=key == "art",
        )
        refs[f"g_{key}"] = group.pk
    mars = Group.objects.get(pk=refs.g_mars)
    mars.unused_tags.set(M("name.DocTagName").objects.filter(slug__in=["need-aut", "w-dep"]))
    mars.unused_states.set([state("draft-stream-ietf", "wg-cand")])

    Role, Email = M("group.Role"), M("person.Email")
    roles = [
        ("chair", "mars", "chair", "js@example.org"),
        ("ad", "art", "ad", "alissa@example.com"),
        ("ad", "iesg", "ad", "alissa@example.com"),
        ("secr", "mars", "secr", "pat+ietf@example.net"),
        ("author", "quic", "chair", "marie@example.fr"),
        ("reviewer", "art", "reviewer", "ana@example.es"),
    ]
    for person, group, name, address in roles:
        role = Role.objects.create(
            name_id=name,
            group_id=refs[f"g_{group}"],
            person_id=refs[f"p_{person}"],
            email=Email.objects.get(address=address),
        )
        refs.setdefault(f"role_{group}_{name}", role.pk)


# -- documents ------------------------------------------------------------------------------

DOCS = [
    # key, name, type, group, stream, title, states, tags, rev, pages, rfc_number
    (
        "mars",
        "draft-ietf-mars-protocol",
        "draft",
        "mars",
        "ietf",
        "The Mars Protocol",
        [("draft", "active"), ("draft-iesg", "pub-req"), ("draft-stream-ietf", "wg-doc")],
        ["need-rev", "w-expert"],
        "03",
        42,
        None,
    ),
    (
        "marsreq",
        "draft-ietf-mars-requirements",
        "draft",
        "mars",
        "ietf",
        "Requirements for Mars",
        [("draft", "active"), ("draft-iesg", "iesg-eva")],
        [],
        "11",
        12,
        None,
    ),
    (
        "madinas",
        "draft-ietf-madinas-use-cases",
        "draft",
        "madinas",
        "ietf",
        "MAC Address Use Cases",
        [("draft", "active"), ("draft-iesg", "dead")],
        ["ad-f-up"],
        "00",
        8,
        None,
    ),
    (
        "quic",
        "draft-ietf-quic-transport",
        "draft",
        "quic",
        "ietf",
        "QUIC: A UDP-Based Multiplexed and Secure Transport",
        [("draft", "rfc"), ("draft-iesg", "pub")],
        [],
        "34",
        151,
        None,
    ),
    (
        "indiv",
        "draft-smith-mars-extension",
        "draft",
        None,
        None,
        "An Individual Extension to Mars (ünïcödé)",
        [("draft", "expired")],
        [],
        "01",
        None,
        None,
    ),
    (
        "irtf",
        "draft-irtf-cfrg-curves",
        "draft",
        "cfrg",
        "irtf",
        "Elliptic Curves",
        [("draft", "active"), ("draft-stream-irtf", "active")],
        [],
        "02",
        20,
        None,
    ),
    (
        "rfc9000",
        "rfc9000",
        "rfc",
        "quic",
        "ietf",
        "QUIC: A UDP-Based Multiplexed and Secure Transport",
        [("rfc", "published")],
        ["errata"],
        "",
        151,
        9000,
    ),
    (
        "rfc2026",
        "rfc2026",
        "rfc",
        None,
        "legacy",
        "The Internet Standards Process -- Revision 3",
        [("rfc", "published")],
        [],
        "",
        36,
        2026,
    ),
    (
        "bcp9",
        "bcp9",
        "bcp",
        None,
        None,
        "The Internet Standards Process",
        [],
        [],
        "",
        None,
        None,
    ),
    (
        "charter",
        "charter-ietf-mars",
        "charter",
        "mars",
        "ietf",
        "Mars Exploration charter",
        [("charter", "approved")],
        [],
        "01",
        None,
        None,
    ),
    (
        "conflrev",
        "conflict-review-irtf-cfrg-curves",
        "conflrev",
        "iesg",
        "ietf",
        "Conflict review",
        [("conflrev", "appr-noprob-sent")],
        [],
        "00",
        None,
        None,
    ),
    (
        "slides",
        "slides-83-mars-intro",
        "slides",
        "mars",
        None,
        "Introduction",
        [("slides", "active")],
        [],
        "00",
        None,
        None,
    ),
    (
        "agenda",
        "agenda-83-mars",
        "agenda",
        "mars",
        None,
        "Agenda for MARS at IETF-83",
        [("agenda", "active")],
        [],
        "01",
        None,
        None,
    ),
    (
        "minutes",
        "minutes-83-mars",
        "minutes",
        "mars",
        None,
        "Minutes",
        [("minutes", "active")],
        [],
        "00",
        None,
        None,
    ),
    (
        "bofreq",
        "bofreq-cooper-mars-bof",
        "bofreq",
        "irtf",
        None,
        "Mars BoF request",
        [("bofreq", "proposed")],
        [],
        "00",
        None,
        None,
    ),
    (
        "recording",
        "recording-83-mars-1",
        "recording",
        "mars",
        None,
        "Video recording for mars on 2012-03-26 at 09:00",
        [("recording", "active")],
        [],
        "00",
        None,
        None,
    ),
]


def _documents(refs: Refs) -> None:
    Document, Email = M("doc.Document"), M("person.Email")
    for index, (
        key,
        name,
        type_slug,
        group,
        stream,
        title,
        states,
        tags,
        rev,
        pages,
        rfc,
    ) in enumerate(DOCS):
        doc = Document.objects.create(
            name=name,
            type_id=type_slug,
            group_id=refs.get(f"g_{group}") if group else None,
            stream_id=stream,
            title=title,
            abstract=f"Abstract of {name}.\nSecond line with <markup> & ampersand."
            if index % 2 == 0
            else "",
            rev=rev,
            pages=pages,
            words=pages * 300 if pages else None,
            time=at(2020 + index % 5, 1 + index % 12, 1 + index, 9, index, index, index * 1111, LA),
            expires=at(2024, 6, 1 + index, 0, 0, 12) if type_slug == "draft" else None,
            intended_std_level_id="ps" if key in ("mars", "quic") else None,
            std_level_id="ps" if key == "rfc9000" else ("bcp" if key == "rfc2026" else None),
            ad_id=refs.p_ad if key in ("mars", "marsreq", "quic") else None,
            shepherd=Email.objects.get(address="bob@mars.example") if key == "mars" else None,
            notify="mars-chairs@ietf.example" if key == "mars" else "",
            external_url="https://videos.example/83/mars" if key == "recording" else "",
            uploaded_filename="slides-83-mars-intro-00.pdf" if key == "slides" else "",
            note="A note." if key == "marsreq" else "",
            rfc_number=rfc,
        )
        refs[f"d_{key}"] = doc.pk
        doc.states.set([state(t, s) for t, s in states])
        doc.tags.set(M("name.DocTagName").objects.filter(slug__in=tags))
        if key == "mars":
            doc.formal_languages.set(M("name.FormalLanguageName").objects.filter(slug="abnf"))
    Group = M("group.Group")
    Group.objects.filter(pk=refs.g_mars).update(charter_id=refs.d_charter)

    Author = M("doc.DocumentAuthor")
    authors = [
        ("mars", "author", "marie@example.fr", 1, "Example Corp", "FR"),
        ("mars", "author2", "li@example.cn", 2, "", "CN"),
        ("marsreq", "author", None, 1, "Example Corp", ""),
        ("quic", "chair", "js@example.org", 1, "Jacobs University", "DE"),
        ("rfc9000", "chair", "js@example.org", 1, "Jacobs University", "DE"),
        ("indiv", "marsfan", "marsha@example.org", 1, "", "US"),
        ("irtf", "reviewer", "ana@example.es", 1, "Universidad", "ES"),
    ]
    for doc, person, address, order, affiliation, country in authors:
        author = Author.objects.create(
            document_id=refs[f"d_{doc}"],
            person_id=refs[f"p_{person}"],
            email=Email.objects.get(address=address) if address else None,
            order=order,
            affiliation=affiliation,
            country=country,
        )
        refs.setdefault(f"author_{doc}", author.pk)

    Related = M("doc.RelatedDocument")
    for source, target, relationship in [
        ("quic", "rfc9000", "became_rfc"),
        ("mars", "indiv", "replaces"),
        ("rfc9000", "rfc2026", "refnorm"),
        ("bcp9", "rfc2026", "contains"),
    ]:
        rel = Related.objects.create(
            source_id=refs[f"d_{source}"],
            target_id=refs[f"d_{target}"],
            relationship_id=relationship,
        )
        refs.setdefault(f"rel_{relationship}", rel.pk)

    History = M("doc.DocHistory")
    mars = Document.objects.get(pk=refs.d_mars)
    for rev in ("01", "02"):
        history = History.objects.create(
            doc=mars,
            name=mars.name,
            type_id="draft",
            title=f"The Mars Protocol (rev {rev})",
            group_id=refs.g_mars,
            stream_id="ietf",
            rev=rev,
            pages=30 + int(rev),
            time=at(2021, int(rev), 2, 7, 7, 7, 777777),
        )
        history.states.set([state("draft", "active")])
        refs.setdefault("dochistory", history.pk)
        M("doc.DocHistoryAuthor").objects.create(
            document=history, person_id=refs.p_author, order=1, affiliation="Example Corp"
        )
    M("doc.DocumentURL").objects.create(
        doc_id=refs.d_mars, tag_id="repository", desc="Repo", url="https://github.example/mars"
    )
    M("doc.DocExtResource").objects.create(
        doc_id=refs.d_mars, name_id="github_repo", display_name="", value="https://g.example/m"
    )
    M("doc.DocumentActionHolder").objects.create(
        document_id=refs.d_mars, person_id=refs.p_author, time_added=at(2022, 2, 2)
    )


# -- events ---------------------------------------------------------------------------------


def _events(refs: Refs) -> None:
    DocEvent = M("doc.DocEvent")
    base = dict(by_id=refs.p_system)

    def event(model: str, key: str | None, doc: str, type_: str, when, **kwargs: Any) -> Any:
        kwargs.setdefault("desc", f"{type_} on {doc}")
        obj = M(model).objects.create(
            **{**base, **kwargs}, doc_id=refs[f"d_{doc}"], type=type_, time=when
        )
        if key:
            refs[key] = obj.pk
        return obj

    for index, doc in enumerate(("mars", "marsreq", "madinas", "quic", "indiv", "irtf")):
        for rev in range(3):
            event(
                "doc.NewRevisionDocEvent",
                f"ev_newrev_{doc}" if rev == 0 else None,
                doc,
                "new_revision",
                at(2019 + rev, 1 + index, 10 + rev, 10, 30, rev, 500000),
                rev=f"{rev:02d}",
                desc=f"New version available: <b>{doc}-{rev:02d}.txt</b>",
            )
    event(
        "doc.DocEvent",
        "ev_comment",
        "mars",
        "added_comment",
        at(2022, 5, 5, 23, 59, 59),
        desc='A comment > with < brackets & "quotes"',
        by_id=refs.p_ad,
    )
    event("doc.DocEvent", None, "mars", "changed_document", at(2022, 5, 6, 1, 2, 3, tz=PARIS))
    event("doc.DocEvent", None, "rfc9000", "published_rfc", at(2021, 5, 27, 17, 0, 0))
    event(
        "doc.StateDocEvent",
        "ev_state",
        "mars",
        "changed_state",
        at(2022, 6, 1),
        state_type_id="draft-iesg",
        state=state("draft-iesg", "pub-req"),
    )
    event(
        "doc.StateDocEvent",
        None,
        "madinas",
        "changed_state",
        at(2022, 6, 2),
        state_type_id="draft-iesg",
        state=None,
    )
    ballot = event(
        "doc.BallotDocEvent",
        "ev_ballot",
        "mars",
        "created_ballot",
        at(2022, 7, 1, 9),
        ballot_type=M("doc.BallotType").objects.get(doc_type_id="draft", slug="approve"),
    )
    event(
        "doc.IRSGBallotDocEvent",
        "ev_irsg",
        "irtf",
        "created_ballot",
        at(2022, 7, 2),
        ballot_type=M("doc.BallotType").objects.get(slug="irsg-approve"),
        duedate=at(2022, 8, 1, 23, 59, 59),
    )
    for index, (who, pos) in enumerate([("ad", "yes"), ("chair", "discuss"), ("secr", "noobj")]):
        event(
            "doc.BallotPositionDocEvent",
            f"ev_pos_{pos}",
            "mars",
            "changed_ballot_position",
            at(2022, 7, 3 + index, 12),
            ballot=ballot,
            balloter_id=refs[f"p_{who}"],
            pos_id=pos,
            discuss="Blocking issue" if pos == "discuss" else "",
            discuss_time=at(2022, 7, 4) if pos == "discuss" else None,
            comment="Looks good" if pos == "yes" else "",
            comment_time=at(2022, 7, 3, 12) if pos == "yes" else None,
            send_email=pos == "yes" if pos != "noobj" else None,
        )
    event(
        "doc.BallotPositionDocEvent",
        None,
        "mars",
        "changed_ballot_position",
        at(2022, 7, 9),
        ballot=None,
        balloter_id=refs.p_ad,
        pos_id="norecord",
    )
    event(
        "doc.WriteupDocEvent",
        "ev_writeup",
        "mars",
        "changed_ballot_writeup_text",
        at(2022, 7, 1, 8),
        text="Writeup text\nwith two lines",
    )
    event(
        "doc.LastCallDocEvent",
        "ev_lastcall",
        "mars",
        "sent_last_call",
        at(2022, 6, 15),
        expires=at(2022, 6, 29, 23, 59, 59),
    )
    event(
        "doc.TelechatDocEvent",
        "ev_telechat",
        "mars",
        "scheduled_for_telechat",
        at(2022, 7, 1, 10),
        telechat_date=datetime.date(2022, 7, 14),
        returning_item=True,
    )
    event(
        "doc.TelechatDocEvent",
        None,
        "marsreq",
        "scheduled_for_telechat",
        at(2022, 7, 1, 11),
        telechat_date=None,
        returning_item=False,
    )
    event(
        "doc.ConsensusDocEvent",
        "ev_consensus",
        "mars",
        "changed_consensus",
        at(2022, 6, 20),
        consensus=True,
    )
    event(
        "doc.ConsensusDocEvent",
        None,
        "marsreq",
        "changed_consensus",
        at(2022, 6, 21),
        consensus=None,
    )
    event(
        "doc.InitialReviewDocEvent",
        None,
        "charter",
        "initial_review",
        at(2021, 1, 1),
        expires=at(2021, 1, 15),
    )
    event("doc.IanaExpertDocEvent", None, "mars", "iana_review", at(2022, 8, 8))
    event(
        "doc.EditedAuthorsDocEvent",
        None,
        "mars",
        "edited_authors",
        at(2022, 8, 9),
        basis="Request from the chairs",
    )
    editors = event("doc.BofreqEditorDocEvent", None, "bofreq", "changed_editors", at(2023, 1, 1))
    editors.editors.set([refs.p_ad, refs.p_chair])
    responsible = event(
        "doc.BofreqResponsibleDocEvent", None, "bofreq", "changed_responsible", at(2023, 1, 2)
    )
    responsible.responsible.set([refs.p_ad])
    refs["ev_count"] = DocEvent.objects.count()

    M("doc.DocReminder").objects.create(
        event_id=refs.ev_lastcall, type_id="stream-s", due=at(2022, 7, 1), active=True
    )
    M("doc.DeletedEvent").objects.create(
        content_type=ContentType.objects.get_for_model(M("doc.DocEvent")),
        json='{"pk": 1}',
        by_id=refs.p_system,
        time=at(2023, 3, 3),
    )

    GroupEvent = M("group.GroupEvent")
    GroupEvent.objects.create(
        group_id=refs.g_mars,
        type="info_changed",
        by_id=refs.p_chair,
        time=at(2016, 1, 1),
        desc="Changed list",
    )
    M("group.ChangeStateGroupEvent").objects.create(
        group_id=refs.g_oldwg,
        type="changed_state",
        by_id=refs.p_ad,
        time=at(2017, 2, 2),
        desc="Concluded",
        state_id="conclude",
    )
    milestone = M("group.GroupMilestone").objects.create(
        group_id=refs.g_mars,
        state_id="active",
        desc="Submit protocol to IESG",
        due=datetime.date(2023, 12, 1),
        order=1,
        resolved="",
        time=at(2022, 1, 1),
    )
    milestone.docs.set([refs.d_mars])
    refs["milestone"] = milestone.pk
    M("group.MilestoneGroupEvent").objects.create(
        group_id=refs.g_mars,
        type="changed_milestone",
        by_id=refs.p_chair,
        time=at(2022, 1, 2),
        desc="Added milestone",
        milestone=milestone,
    )


# -- meetings -------------------------------------------------------------------------------


def _meetings(refs: Refs) -> None:
    Meeting, Schedule = M("meeting.Meeting"), M("meeting.Schedule")
    ietf83 = Meeting.objects.create(
        number="83",
        type_id="ietf",
        date=datetime.date(2012, 3, 25),
        days=6,
        city="Paris",
        country="FR",
        time_zone="Europe/Paris",
        idsubmit_cutoff_time_utc=datetime.timedelta(hours=23, minutes=59, seconds=59),
        idsubmit_cutoff_warning_days=datetime.timedelta(days=21),
        venue_name="Palais des Congrès",
        attendees=1200,
    )
    interim = Meeting.objects.create(
        number="interim-2024-mars-01",
        type_id="interim",
        date=datetime.date(2024, 2, 1),
        days=1,
        time_zone="UTC",
    )
    empty = Meeting.objects.create(number="999", type_id="ietf", date=datetime.date(2030, 7, 1))
    refs.update(m_83=ietf83.pk, m_interim=interim.pk, m_empty=empty.pk)
    base = Schedule.objects.create(meeting=ietf83, name="base", owner_id=refs.p_secr)
    official = Schedule.objects.create(
        meeting=ietf83, name="official", owner_id=refs.p_secr, base=base, badness=3
    )
    draft_schedule = Schedule.objects.create(
        meeting=ietf83,
        name="draft-1",
        owner_id=refs.p_chair,
        visible=False,
        public=False,
        origin=official,
    )
    Meeting.objects.filter(pk=ietf83.pk).update(schedule=official)
    refs.update(sched_official=official.pk, sched_base=base.pk, sched_draft=draft_schedule.pk)
    Room = M("meeting.Room")
    floor = M("meeting.FloorPlan").objects.create(
        name="Level 1",
        short="L1",
        meeting=ietf83,
        order=1,
        image="floorplan/l1.png",
        modified=at(2012, 3, 1),
    )
    room = Room.objects.create(
        meeting=ietf83,
        name="Salon A",
        functional_name="Mars room",
        capacity=100,
        floorplan=floor,
        x1=1,
        y1=2,
        x2=30,
        y2=40,
        modified=at(2012, 3, 2),
    )
    room2 = Room.objects.create(
        meeting=ietf83, name="Grand Hall", capacity=None, modified=at(2012, 3, 3)
    )
    room.session_types.set(M("name.TimeSlotTypeName").objects.filter(slug__in=["regular"]))
    resource = M("meeting.ResourceAssociation").objects.create(
        name_id="project", icon="projector.png", desc="Projector"
    )
    room.resources.set([resource])
    refs.update(room=room.pk, resource=resource.pk)

    TimeSlot, Session = M("meeting.TimeSlot"), M("meeting.Session")
    Assignment = M("meeting.SchedTimeSessAssignment")
    slots = []
    for index, (name, type_slug, duration, location) in enumerate(
        [
            ("Monday Morning I", "regular", datetime.timedelta(hours=1, minutes=30), room),
            ("Monday Afternoon", "regular", datetime.timedelta(hours=2, minutes=30), room),
            ("Plenary", "plenary", datetime.timedelta(days=1, seconds=5), room2),
            ("Break", "break", datetime.timedelta(minutes=20), None),
        ]
    ):
        slots.append(
            TimeSlot.objects.create(
                meeting=ietf83,
                type_id=type_slug,
                name=name,
                time=at(2012, 3, 26, 9 + 2 * index, 0, 0, tz=PARIS),
                duration=duration,
                location=location,
                show_location=location is not None,
                modified=at(2012, 3, 20, 10, index, 0, 654321),
            )
        )
    refs.update(ts_1=slots[0].pk, ts_2=slots[1].pk, ts_plenary=slots[2].pk)
    sessions = []
    for index, (group, duration) in enumerate(
        [
            ("mars", datetime.timedelta(hours=1, minutes=30)),
            ("quic", datetime.timedelta(hours=2)),
            ("iesg", datetime.timedelta(days=1)),
        ]
    ):
        session = Session.objects.create(
            meeting=ietf83,
            group_id=refs[f"g_{group}"],
            purpose_id="regular",
            type_id="regular" if group != "iesg" else "plenary",
            requested_duration=duration,
            attendees=50 * (index + 1) if index < 2 else None,
            scheduled=at(2012, 3, 1, 10) if index < 2 else None,
            modified=at(2012, 3, 21, 8, index, 0),
            name="" if index < 2 else "IETF Plenary",
            remote_instructions="https://meetecho.example/mars" if index == 0 else "",
        )
        sessions.append(session)
        refs[f"s_{group}"] = session.pk
    sessions[0].materials.add(refs.d_slides, refs.d_agenda)
    Assignment.objects.create(
        timeslot=slots[0], session=sessions[0], schedule=official, modified=at(2012, 3, 22)
    )
    assignment = Assignment.objects.create(
        timeslot=slots[1],
        session=sessions[1],
        schedule=official,
        modified=at(2012, 3, 23),
        notes="Moved",
        badness=None,
        pinned=True,
    )
    Assignment.objects.create(
        timeslot=slots[2], session=sessions[2], schedule=base, modified=at(2012, 3, 24)
    )
    Assignment.objects.create(
        timeslot=slots[1],
        session=sessions[0],
        schedule=draft_schedule,
        extendedfrom=assignment,
        modified=at(2012, 3, 25),
    )
    Assignment.objects.create(
        timeslot=slots[3], session=None, schedule=official, modified=at(2012, 3, 25, 1)
    )
    refs["assignment"] = assignment.pk
    M("meeting.SchedulingEvent").objects.create(
        session=sessions[0], time=at(2012, 2, 1), status_id="sched", by_id=refs.p_secr
    )
    M("meeting.SchedulingEvent").objects.create(
        session=sessions[1], time=at(2012, 2, 2), status_id="canceled", by_id=refs.p_secr
    )
    constraint = M("meeting.Constraint").objects.create(
        meeting=ietf83, source_id=refs.g_mars, target_id=refs.g_quic, name_id="conflict"
    )
    constraint.timeranges.set(M("name.TimerangeName").objects.filter(slug="monday-morning"))
    M("meeting.Constraint").objects.create(
        meeting=ietf83, source_id=refs.g_mars, person_id=refs.p_chair, name_id="bethere"
    )
    M("meeting.ImportantDate").objects.create(
        meeting=ietf83, date=datetime.date(2012, 3, 12), name_id="idcutoff"
    )
    M("meeting.Attended").objects.create(
        session=sessions[0], person_id=refs.p_author, time=at(2012, 3, 26, 9, 5), origin="onsite"
    )
    registration = M("meeting.Registration").objects.create(
        meeting=ietf83,
        person_id=refs.p_author,
        first_name="Marie",
        last_name="Dupont",
        affiliation="Example Corp",
        country_code="FR",
        email="marie@example.fr",
        attended=True,
        checkedin=True,
    )
    refs["registration"] = registration.pk


# -- submit, review, ipr --------------------------------------------------------------------


def _submissions_reviews_ipr(refs: Refs) -> None:
    Submission = M("submit.Submission")
    submission = Submission.objects.create(
        state_id="posted",
        name="draft-ietf-mars-protocol",
        group_id=refs.g_mars,
        title="The Mars Protocol",
        rev="03",
        pages=42,
        authors=[{"name": "Marie Dupont", "email": "marie@example.fr"}],
        submission_date=datetime.date(2022, 4, 1),
        document_date=datetime.date(2022, 3, 31),
        draft_id=refs.d_mars,
        file_types=".txt,.xml",
        file_size=12345,
        submitter="Marie Dupont <marie@example.fr>",
        remote_ip="192.0.2.1",
        access_key="k" * 16,
        auth_key="a" * 16,
    )
    refs["submission"] = submission.pk
    M("submit.SubmissionCheck").objects.create(
        submission=submission,
        checker="idnits",
        passed=True,
        message="ok",
        errors=0,
        warnings=2,
        items={"warnings": ["a", "b"]},
        symbol="",
        time=at(2022, 4, 1, 1),
    )
    M("submit.SubmissionEvent").objects.create(
        submission=submission, time=at(2022, 4, 1, 2), by_id=refs.p_author, desc="Uploaded"
    )
    M("submit.SubmissionEvent").objects.create(
        submission=submission, time=at(2022, 4, 1, 3), by=None, desc="Posted"
    )
    M("doc.SubmissionDocEvent").objects.create(
        doc_id=refs.d_mars,
        by_id=refs.p_system,
        type="new_submission",
        time=at(2022, 4, 1, 4),
        desc="Submitted",
        submission=submission,
        rev="03",
    )
    ReviewRequest = M("review.ReviewRequest")
    request = ReviewRequest.objects.create(
        state_id="assigned",
        type_id="lc",
        doc_id=refs.d_mars,
        team_id=refs.g_art,
        deadline=datetime.date(2022, 7, 1),
        requested_by_id=refs.p_ad,
        requested_rev="03",
        time=at(2022, 6, 1, 6),
    )
    assignment = M("review.ReviewAssignment").objects.create(
        review_request=request,
        state_id="completed",
        reviewer=M("person.Email").objects.get(address="ana@example.es"),
        assigned_on=at(2022, 6, 2),
        completed_on=at(2022, 6, 20),
        result_id="ready",
        reviewed_rev="03",
        mailarch_url="https://mailarchive.example/msg/1",
    )
    refs.update(reviewrequest=request.pk, reviewassignment=assignment.pk)
    M("doc.ReviewRequestDocEvent").objects.create(
        doc_id=refs.d_mars,
        by_id=refs.p_ad,
        type="requested_review",
        time=at(2022, 6, 1, 6),
        desc="Requested",
        review_request=request,
        state_id="requested",
    )
    M("doc.ReviewAssignmentDocEvent").objects.create(
        doc_id=refs.d_mars,
        by_id=refs.p_ad,
        type="assigned_review_request",
        time=at(2022, 6, 2),
        desc="Assigned",
        review_assignment=assignment,
        state_id="assigned",
    )
    Holder = M("ipr.HolderIprDisclosure")
    holder = Holder.objects.create(
        by_id=refs.p_system,
        holder_legal_name="Example Corp",
        state_id="posted",
        submitter_name="Pat",
        submitter_email="pat@example.net",
        time=at(2021, 9, 9),
        title="Example Corp's statement about IPR related to the Mars protocol",
        licensing_id="reasonable",
        ietfer_name="Marie",
        ietfer_contact_email="marie@example.fr",
        holder_contact_email="legal@example.com",
        holder_contact_name="Legal",
        patent_info="US 1234567",
        has_patent_pending=False,
        compliant=True,
    )
    M("ipr.IprDocRel").objects.create(
        disclosure=holder, document_id=refs.d_mars, sections="4", revisions="02,03"
    )
    refs["ipr_holder"] = holder.pk


# -- the other apps -------------------------------------------------------------------------


def _other_apps(refs: Refs) -> None:
    Message = M("message.Message")
    message = Message.objects.create(
        by_id=refs.p_system,
        subject="Last Call: <draft-ietf-mars-protocol-03.txt>",
        frm="The IESG <iesg-secretary@ietf.example>",
        to="IETF-Announce <ietf@ietf.example>",
        body="Please review.",
        time=at(2022, 6, 15, 8),
        content_type="text/plain",
        msgid="<mars-1@ietf.example>",
    )
    message.related_docs.set([refs.d_mars])
    message.related_groups.set([refs.g_mars])
    bell = Message.objects.create(
        by_id=refs.p_system,
        subject="Control character",
        frm="a@example.org",
        to="b@example.org",
        body=CONTROL_CHARACTER_TEXT,
        time=at(2022, 6, 16),
        msgid="<bell@ietf.example>",
    )
    refs.update(msg=message.pk, msg_bell=bell.pk)
    M("doc.AddedMessageEvent").objects.create(
        doc_id=refs.d_mars,
        by_id=refs.p_system,
        type="added_message",
        time=at(2022, 6, 15, 9),
        desc="Message added",
        message=message,
        msgtype="comment",
        in_reply_to=None,
    )
    M("iesg.TelechatDate").objects.create(date=datetime.date(2022, 7, 14))
    M("utils.DumpInfo").objects.create(date=at(2024, 1, 1), host="dumphost", tz="UTC")


# -- generic rows for every model still empty ----------------------------------------------

ROWS_PER_MODEL = 2


def _api_models() -> list[type[models.Model]]:
    from tests.reference.tastypie_resources import api_app_configs

    return [model for config in api_app_configs() for model in config.get_models()]


def _value(model: type[models.Model], f: models.Field, index: int) -> Any:
    """A deterministic value for a required field without default."""
    internal = f.get_internal_type()
    label = f"{model._meta.model_name}-{f.name}-{index}"
    if f.choices:
        return list(f.flatchoices)[index % len(f.flatchoices)][0]
    if internal in ("CharField", "SlugField", "TextField"):
        text = label if internal != "SlugField" else label.replace("_", "-")
        return text[: f.max_length] if f.max_length else text
    if internal == "EmailField":
        return f"{label}@example.org"[: f.max_length or 254]
    if internal == "URLField":
        return f"https://example.org/{label}"[: f.max_length or 200]
    if internal in ("IntegerField", "SmallIntegerField", "BigIntegerField"):
        return index + 1
    if internal.startswith("Positive"):
        return index + 1
    if internal in ("FloatField", "DecimalField"):
        return index + 0.5
    if internal == "BooleanField":
        return index % 2 == 0
    if internal == "DateField":
        return datetime.date(2020, 1 + index, 10 + index)
    if internal == "DateTimeField":
        return at(2020, 2 + index, 3 + index, 4, 5, 6, 700000 + index)
    if internal == "DurationField":
        return datetime.timedelta(hours=index + 1, minutes=15)
    if internal == "JSONField":
        return [f"item-{index}"]
    if internal == "BinaryField":
        return b""
    if internal in ("FileField", "ImageField"):
        return f"files/{label}.bin"
    raise NotImplementedError(f"{model._meta.label}.{f.name}: {internal}")


def _target_rows(target: type[models.Model]) -> list[Any]:
    return list(target._default_manager.order_by("pk").values_list("pk", flat=True)[:10])


def fill_empty_models(refs: Refs) -> None:
    """Give every API model that has no row yet ``ROWS_PER_MODEL`` generated ones."""
    pending = [model for model in _api_models() if not model._default_manager.exists()]
    for _ in range(len(pending) + 1):
        if not pending:
            break
        still = []
        for model in pending:
            if not _fill(model, refs):
                still.append(model)
        if len(still) == len(pending):
            raise RuntimeError(f"cannot fill {[m._meta.label for m in still]}")
        pending = still


def _fill(model: type[models.Model], refs: Refs) -> bool:
    opts = model._meta
    parents = set(opts.parents.values())
    if opts.label.startswith(("person.Historical", "review.Historical")):
        return True  # written by simple_history when the tracked model is saved
    for index in range(ROWS_PER_MODEL):
        kwargs: dict[str, Any] = {}
        for f in opts.fields:
            if (
                f.auto_created
                or f in parents
                or f.primary_key
                and f.get_internal_type() in ("AutoField", "BigAutoField")
            ):
                continue
            if f.is_relation:
                rows = _target_rows(f.related_model)
                if not rows:
                    if f.null:
                        kwargs[f.attname] = None
                        continue
                    return False  # target not filled yet
                if f.null and index == 0:
                    kwargs[f.attname] = None
                else:
                    kwargs[f.attname] = rows[(index + len(opts.label)) % len(rows)]
                continue
            if f.has_default() or (f.null and index == 0):
                continue
            kwargs[f.name] = _value(model, f, index)
        obj = model(**kwargs)
        obj.save()
        for m2m in opts.many_to_many:
            through = m2m.remote_field.through
            if not through._meta.auto_created:
                continue
            rows = _target_rows(m2m.related_model)
            if rows and index == 1:
                getattr(obj, m2m.name).set(rows[:2])
        refs.setdefault(f"{opts.label_lower}", obj.pk)
    return True
