"""Small data builders for the engine tests (real domain models, minimal required fields)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from dtapi.doc.models import DocEvent, Document, State, StateType
from dtapi.group.models import Group
from dtapi.person.models import Email, Person

_seq = itertools.count(1)
UTC = datetime.UTC


def person(**kwargs: Any) -> Person:
    n = next(_seq)
    defaults = {"name": f"Person {n}", "ascii": f"Person {n}", "time": _time(n)}
    return Person.objects.create(**{**defaults, **kwargs})


def email(person_obj: Person | None = None, **kwargs: Any) -> Email:
    n = next(_seq)
    defaults = {"address": f"p{n}@example.org", "person": person_obj, "time": _time(n)}
    return Email.objects.create(**{**defaults, **kwargs})


def group(**kwargs: Any) -> Group:
    n = next(_seq)
    defaults = {"acronym": f"grp{n}", "name": f"Group {n}", "type_id": "wg", "state_id": "active"}
    return Group.objects.create(**{**defaults, **kwargs})


def state(type_slug: str = "draft", slug: str = "active") -> State:
    state_type, _ = StateType.objects.get_or_create(slug=type_slug, defaults={"label": type_slug})
    found = State.objects.filter(type=state_type, slug=slug).first()
    return found or State.objects.create(type=state_type, slug=slug, name=slug.title())


def document(**kwargs: Any) -> Document:
    n = next(_seq)
    defaults = {
        "name": f"draft-test-doc-{n}",
        "title": f"Document {n}",
        "type_id": "draft",
        "rev": "00",
        "time": _time(n),
    }
    return Document.objects.create(**{**defaults, **kwargs})


def docevent(doc: Document, by: Person, **kwargs: Any) -> DocEvent:
    n = next(_seq)
    defaults = {"type": "added_comment", "desc": f"Event {n}", "time": _time(n)}
    return DocEvent.objects.create(doc=doc, by=by, **{**defaults, **kwargs})


def _time(n: int) -> datetime.datetime:
    return datetime.datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC) + datetime.timedelta(minutes=n)
