"""``dtapi load dumpdata``: mapping, idempotence and errors, on small hand-made files."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

PERSONS = [
    {
        "pk": 0,
        "model": "person.person",
        "fields": {
            "name": "(System)",
            "ascii": "(System)",
            "ascii_short": None,
            "time": "2012-01-24 13:00:12",
            "affiliation": "",
            "address": "",
            "user": None,
        },
    },
    {
        "pk": 108757,
        "model": "person.person",
        "fields": {
            "name": "Jos\u00e9 Test",
            "ascii": "Jose Test",
            "ascii_short": None,
            "time": "2012-01-24 13:00:12",
            "affiliation": "Example",
            "address": "Paris",
            "user": 595,
        },
    },
    {
        "pk": 595,
        "model": "auth.user",
        "fields": {
            "username": "jose@example.org",
            "first_name": "",
            "last_name": "",
            "is_active": True,
            "is_superuser": False,
            "is_staff": False,
            "last_login": "2012-01-23 23:40:35",
            "groups": [],
            "user_permissions": [],
            "password": "",
            "email": "",
            "date_joined": "2009-11-30 00:00:00",
        },
    },
    {
        "pk": "jose@example.org",
        "model": "person.email",
        "fields": {"active": True, "person": 108757, "time": "2012-01-24 13:00:12"},
    },
]
GROUPS = [
    {
        "pk": 1,
        "model": "group.group",
        "fields": {
            "acronym": "ietf",
            "name": "IETF",
            "state": "active",
            "type": "ietf",
            "parent": None,
            "ad": None,
            "charter": None,
            "list_email": "",
            "list_subscribe": "",
            "list_archive": "",
            "comments": "",
            "time": "2012-01-24 13:17:42",
            "unused_states": [],
            "unused_tags": [],
        },
    },
    {
        "pk": 1223,
        "model": "group.group",
        "fields": {
            "acronym": "pkix",
            "name": "Public-Key Infrastructure (X.509)",
            "state": "active",
            "type": "wg",
            "parent": 1,
            "ad": 108757,
            "charter": "charter-ietf-pkix",
            "list_email": "pkix@ietf.org",
            "list_subscribe": "",
            "list_archive": "",
            "comments": "",
            "time": "2012-01-24 13:17:42",
            "unused_states": [],
            "unused_tags": [],
        },
    },
    {
        "pk": 7,
        "model": "group.role",
        "fields": {"person": 108757, "group": 1223, "name": "chair", "email": "jose@example.org"},
    },
    {
        "pk": 8,
        "model": "group.role",
        "fields": {"person": 108757, "group": 1223, "name": "ex-ad", "email": "jose@example.org"},
    },
]
MEETING = [
    {
        "pk": 83,
        "model": "meeting.meeting",
        "fields": {
            "city": "Paris",
            "venue_name": "",
            "country": "FR",
            "time_zone": "Europe/Paris",
            "reg_area": "",
            "number": "83",
            "break_area": "",
            "date": "2012-03-25",
            "type": "ietf",
            "venue_addr": "",
            "agenda": 24,
        },
    },
    {
        "pk": 24,
        "model": "meeting.schedule",
        "fields": {
            "owner": 108757,
            "visible": True,
            "name": "mtg_83",
            "public": True,
            "meeting": 83,
        },
    },
    {
        "pk": 206,
        "model": "meeting.room",
        "fields": {"meeting": 83, "name": "212/213", "capacity": 60},
    },
    {
        "pk": 2371,
        "model": "meeting.timeslot",
        "fields": {
            "name": "Morning Session I",
            "meeting": 83,
            "modified": "2012-02-23 00:00:00",
            "location": 206,
            "show_location": True,
            "time": "2012-03-27 09:00:00",
            "duration": 9000,
            "type": "session",
        },
    },
    {
        "pk": 2157,
        "model": "meeting.session",
        "fields": {
            "status": "sched",
            "requested": "2011-12-19 00:00:00",
            "short": "",
            "attendees": 45,
            "name": "",
            "agenda_note": "",
            "modified": "2012-02-23 00:00:00",
            "comments": "",
            "requested_by": 0,
            "requested_duration": 7200,
            "scheduled": "2012-02-23 00:00:00",
            "group": 1223,
            "meeting": 83,
        },
    },
    {
        "pk": 2371,
        "model": "meeting.scheduledsession",
        "fields": {"schedule": 24, "notes": "Auto created", "session": 2157, "timeslot": 2371},
    },
]


def test_legacy_dump_is_mapped_onto_todays_model(vocabulary, write_json, load_cmd):
    from dtapi.doc.models import Document
    from dtapi.group.models import Group, Role
    from dtapi.meeting.models import SchedTimeSessAssignment, SchedulingEvent, Session, TimeSlot
    from dtapi.person.models import Alias, Person

    files = [
        write_json("persons.json", PERSONS),
        write_json("groups.json", GROUPS),
        write_json("meeting.json", MEETING),
    ]
    output = load_cmd("dumpdata", *files)
    assert "ex-ad" in output  # reported as skipped

    person = Person.objects.get(pk=108757)
    assert person.user.username == "jose@example.org"
    assert set(Alias.objects.filter(person=person).values_list("name", flat=True)) == {
        "Jos\u00e9 Test",
        "Jose Test",
    }
    user = User.objects.get(pk=595)
    assert not user.has_usable_password()
    assert person.email_set.get().primary

    pkix = Group.objects.get(acronym="pkix")
    assert pkix.charter.name == "charter-ietf-pkix" and pkix.charter.type_id == "charter"
    assert set(Role.objects.filter(group=pkix).values_list("name", "person")) == {
        ("chair", 108757),
        ("ad", 108757),
    }
    assert not Role.objects.filter(name="ex-ad").exists()

    slot = TimeSlot.objects.get(pk=2371)
    assert slot.type_id == "regular"
    assert slot.duration == datetime.timedelta(hours=2, minutes=30)
    # 09:00 in Paris (summer time) is 07:00 UTC.
    assert slot.time == datetime.datetime(2012, 3, 27, 7, 0, tzinfo=datetime.UTC)
    session = Session.objects.get(pk=2157)
    assert session.type_id == "regular" and session.purpose_id == "regular"
    assert session.requested_duration == datetime.timedelta(hours=2)
    assert [
        e.status_id for e in SchedulingEvent.objects.filter(session=session).order_by("time")
    ] == ["schedw", "sched"]
    assert session.current_status == "sched"
    assert SchedTimeSessAssignment.objects.get(pk=2371).session == session
    assert Document.objects.filter(type="charter").count() == 1


def test_reloading_changes_nothing(vocabulary, write_json, load_cmd, counts):
    files = [
        write_json("persons.json", PERSONS),
        write_json("groups.json", GROUPS),
        write_json("meeting.json", MEETING),
    ]
    load_cmd("dumpdata", *files)
    before = counts()
    load_cmd("dumpdata", *files)
    assert counts() == before


def test_names_fixture_fills_in_descriptions_only(vocabulary, write_json, load_cmd):
    from dtapi.doc.models import State
    from dtapi.name.models import StreamName

    watching = State.objects.get(pk=11)
    fixture = [
        {
            "model": "doc.state",
            "pk": 11,
            "fields": {
                "desc": "An AD is aware of the document.",
                "name": "AD is watching",
                "next_states": [],
                "order": 42,
                "slug": "watching",
                "type": "draft-iesg",
                "used": not watching.used,
            },
        },
        {
            "model": "name.streamname",
            "pk": "ietf",
            "fields": {
                "desc": "Internet Engineering Task Force",
                "name": "IETF",
                "order": 1,
                "used": True,
            },
        },
    ]
    load_cmd("dumpdata", write_json("names.json", fixture))
    state = State.objects.get(pk=11)
    assert state.desc == "An AD is aware of the document."
    assert (state.used, state.order) == (watching.used, watching.order)
    assert StreamName.objects.get(pk="ietf").desc == "Internet Engineering Task Force"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[{"model": "person.person", "pk": 1, "fields": {"name": "A", "ascii": "A"}}, {"mod',
            ["bad.json", "invalid JSON", "record #1"],
        ),
        (
            [
                {"model": "person.person", "pk": 1, "fields": {"name": "A", "ascii": "A"}},
                {"model": "foo.bar", "pk": 2, "fields": {}},
            ],
            ["bad.json", "record #2", "unknown model 'foo.bar'"],
        ),
        (
            [
                {
                    "model": "person.person",
                    "pk": 1,
                    "fields": {"name": "A", "ascii": "A", "time": 42},
                }
            ],
            ["bad.json", "record #1 (person.person pk=1)", "'time'", "expected a string"],
        ),
        (
            [{"model": "person.person", "pk": "abc", "fields": {"name": "A", "ascii": "A"}}],
            ["bad.json", "record #1", "bad pk 'abc'"],
        ),
        (
            [
                {
                    "model": "person.email",
                    "pk": "a@example.org",
                    "fields": {"person": 999, "active": "yes"},
                }
            ],
            ["bad.json", "record #1", "'active'", "expected true or false"],
        ),
        (
            [
                {
                    "model": "person.person",
                    "pk": 1,
                    "fields": {"name": "A", "ascii": "A", "shoe_size": 44},
                }
            ],
            ["bad.json", "record #1", "has no field 'shoe_size'"],
        ),
        (
            [
                {"model": "person.person", "pk": 1, "fields": {"name": "A", "ascii": "A"}},
                {"model": "person.email", "pk": "a@example.org", "fields": {"person": 999}},
            ],
            [
                "bad.json",
                "record #2 (person.email pk='a@example.org')",
                "field 'person'",
                "person.person 999, which does not exist",
            ],
        ),
        ({"model": "person.person"}, ["bad.json", "not a Django dumpdata file"]),
    ],
    ids=[
        "truncated",
        "unknown-model",
        "wrong-type",
        "wrong-pk",
        "wrong-bool",
        "unknown-field",
        "dangling-fk",
        "not-an-array",
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    vocabulary, tmp_path, write_json, load_cmd, counts, content, expected
):
    good = write_json("good.json", PERSONS)
    bad = tmp_path / "bad.json"
    if isinstance(content, str):
        bad.write_text(content)
    else:
        write_json("bad.json", content)
    before = counts()
    with pytest.raises(CommandError) as info:
        load_cmd("dumpdata", good, bad)
    message = str(info.value)
    for part in expected:
        assert part in message, message
    assert "\n" not in message
    assert counts() == before


def test_dangling_many_to_many_is_named(vocabulary, write_json, load_cmd):
    fixture = [
        {
            "model": "group.group",
            "pk": 5,
            "fields": {
                "acronym": "x",
                "name": "X",
                "state": "active",
                "type": "wg",
                "unused_tags": ["no-such-tag"],
            },
        }
    ]
    with pytest.raises(CommandError, match=r"record #1 \(group\.group pk=5\).*no-such-tag"):
        load_cmd("dumpdata", write_json("m2m.json", fixture))


def test_exclude_skips_models(vocabulary, write_json, load_cmd):
    from dtapi.group.models import Role

    files = [write_json("persons.json", PERSONS), write_json("groups.json", GROUPS)]
    load_cmd("dumpdata", "-e", "group.role", *files)
    assert not Role.objects.exclude(name="ad").exists()


def test_keep_existing_leaves_rows_alone(vocabulary, write_json, load_cmd):
    from dtapi.person.models import Person

    load_cmd("dumpdata", write_json("persons.json", PERSONS))
    changed = [dict(PERSONS[1], fields={**PERSONS[1]["fields"], "name": "Someone Else"})]
    load_cmd("dumpdata", "--keep-existing", write_json("changed.json", changed))
    assert Person.objects.get(pk=108757).name == "Jos\u00e9 Test"
    load_cmd("dumpdata", write_json("changed.json", changed))
    assert Person.objects.get(pk=108757).name == "Someone Else"


def test_unusable_password_marker_is_stable():
    from django.contrib.auth.hashers import is_password_usable

    from dtapi.loaders.legacy import usable_password_or_marker

    for old in ("", "nopass", "sha1$5d5e9$8464f48be8aa481f08446fe570a86576b2897aeb", None):
        marker = usable_password_or_marker(old, "glen")
        assert not is_password_usable(marker)
        assert marker == usable_password_or_marker(old, "glen")
