"""Small builders of test data, shared by the test packages.

Each function creates real rows with the fewest fields the models need, and takes keyword
arguments for anything a test cares about. They rely on the built-in vocabulary (states,
ballot types, role names...), which the test database has.

Users made here have the password ``<username>+password`` (as the original's test users).
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from dtapi.doc.models import BallotDocEvent, BallotType, DocEvent, Document, State
from dtapi.group.models import Group, Role
from dtapi.meeting.models import (
    Meeting,
    SchedTimeSessAssignment,
    Schedule,
    Session,
    TimeSlot,
)
from dtapi.person.models import Email, Person, PersonalApiKey

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def password_for(username: str) -> str:
    return f"{username}+password"


# -- people ------------------------------------------------------------------------------------


def person(*, name: str | None = None, **kwargs: Any) -> Person:
    name = name or f"Person {_n()}"
    kwargs.setdefault("ascii", name)
    return Person.objects.create(name=name, **kwargs)


def email(owner: Person | None, address: str | None = None, **kwargs: Any) -> Email:
    kwargs.setdefault("primary", True)
    kwargs.setdefault("origin", "test")
    return Email.objects.create(address=address or f"p{_n()}@example.org", person=owner, **kwargs)


def user_person(
    username: str | None = None,
    *,
    name: str | None = None,
    last_login: datetime.datetime | None | str = "now",
    is_staff: bool = False,
    **person_kwargs: Any,
) -> Person:
    """A person with a login (password ``<username>+password``) and a primary address.

    ``last_login`` defaults to now (so API keys work); pass None for "never logged in".
    """
    username = username or f"user{_n()}"
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=password_for(username),
        is_staff=is_staff,
    )
    user.last_login = timezone.now() if last_login == "now" else last_login
    user.save(update_fields=["last_login"])
    owner = person(name=name or f"Person {username}", user=user, **person_kwargs)
    email(owner, f"{username}@example.org")
    return owner


# -- groups and roles ------------------------------------------------------------------------


def group(acronym: str | None = None, *, type_id: str = "wg", **kwargs: Any) -> Group:
    acronym = acronym or f"grp{_n()}"
    kwargs.setdefault("name", f"Group {acronym}")
    kwargs.setdefault("state_id", "active")
    return Group.objects.create(acronym=acronym, type_id=type_id, **kwargs)


def group_named(acronym: str, *, type_id: str, **kwargs: Any) -> Group:
    """The group ``acronym``, created if missing."""
    found = Group.objects.filter(acronym=acronym).first()
    return found or group(acronym, type_id=type_id, **kwargs)


def role(holder: Person, slug: str, in_group: Group) -> Role:
    address = holder.email() or email(holder)
    return Role.objects.create(name_id=slug, group=in_group, person=holder, email=address)


def area_director(username: str | None = None, area: Group | None = None, **kw: Any) -> Person:
    """A person holding the ``ad`` role in an active area."""
    holder = user_person(username, **kw)
    role(holder, "ad", area or group(type_id="area"))
    return holder


def recording_manager(username: str | None = None, **kw: Any) -> Person:
    holder = user_person(username, **kw)
    role(holder, "recman", group_named("ietf", type_id="ietf", name="IETF"))
    return holder


def secretariat_robot(username: str | None = None, **kw: Any) -> Person:
    kw.setdefault("is_staff", True)
    holder = user_person(username, **kw)
    role(holder, "robot", group_named("secretariat", type_id="ietf", name="Secretariat"))
    return holder


# -- documents -------------------------------------------------------------------------------


def state(type_slug: str, slug: str) -> State:
    return State.objects.get(type_id=type_slug, slug=slug)


def document(name: str | None = None, *, type_id: str = "draft", **kwargs: Any) -> Document:
    name = name or f"draft-test-{_n()}"
    kwargs.setdefault("title", f"Title of {name}")
    kwargs.setdefault("rev", "00" if type_id == "draft" else "")
    doc = Document.objects.create(name=name, type_id=type_id, **kwargs)
    initial = {"draft": "active", "rfc": "published", "charter": "approved"}.get(type_id)
    if initial:
        doc.set_state(state(type_id, initial))
    return doc


def draft(name: str | None = None, **kwargs: Any) -> Document:
    kwargs.setdefault("stream_id", "ietf")
    kwargs.setdefault("group", group())
    return document(name, type_id="draft", **kwargs)


def docevent(doc: Document, by: Person, **kwargs: Any) -> DocEvent:
    kwargs.setdefault("type", "added_comment")
    kwargs.setdefault("desc", "An event")
    return DocEvent.objects.create(doc=doc, by=by, rev=doc.rev, **kwargs)


def ballot(
    doc: Document, by: Person, *, slug: str = "approve", closed: bool = False
) -> BallotDocEvent:
    """Open a ballot of type ``slug`` on ``doc`` (then close it, with ``closed``)."""
    ballot_type = BallotType.objects.get(doc_type_id=doc.type_id, slug=slug)
    opened = BallotDocEvent.objects.create(
        doc=doc,
        by=by,
        rev=doc.rev,
        type="created_ballot",
        ballot_type=ballot_type,
        desc=f'Created "{ballot_type.name}" ballot',
    )
    if closed:
        BallotDocEvent.objects.create(
            doc=doc,
            by=by,
            rev=doc.rev,
            type="closed_ballot",
            ballot_type=ballot_type,
            desc=f'Closed "{ballot_type.name}" ballot',
            time=opened.time,
        )
    return opened


# -- meetings --------------------------------------------------------------------------------


def meeting(number: str | None = None, *, owner: Person | None = None, **kwargs: Any) -> Meeting:
    """A meeting with an official schedule."""
    kwargs.setdefault("type_id", "ietf")
    kwargs.setdefault("date", datetime.date(2024, 3, 16))
    found = Meeting.objects.create(number=number or str(100 + _n()), **kwargs)
    schedule = Schedule.objects.create(meeting=found, name="official", owner=owner or person())
    found.schedule = schedule
    found.save(update_fields=["schedule"])
    return found


def session(
    in_meeting: Meeting,
    for_group: Group,
    *,
    start: datetime.datetime | None = None,
    **kwargs: Any,
) -> Session:
    """A regular session; with ``start``, scheduled at that time in the official schedule."""
    kwargs.setdefault("purpose_id", "regular")
    kwargs.setdefault("type_id", "regular")
    found = Session.objects.create(meeting=in_meeting, group=for_group, **kwargs)
    if start is not None:
        slot = TimeSlot.objects.create(
            meeting=in_meeting,
            type_id="regular",
            name="Session",
            time=start,
            duration=datetime.timedelta(hours=1),
        )
        SchedTimeSessAssignment.objects.create(
            timeslot=slot, session=found, schedule=in_meeting.schedule
        )
    return found


# -- API keys --------------------------------------------------------------------------------


def api_key(owner: Person, endpoint: str, **kwargs: Any) -> PersonalApiKey:
    return PersonalApiKey.objects.create(person=owner, endpoint=endpoint, **kwargs)
