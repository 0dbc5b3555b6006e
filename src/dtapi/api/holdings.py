"""What this instance holds, for the ``/api/`` page: counts of the main kinds of record, and
the newest data load.

:func:`newest_load` is the one place that reads where the data came from: the loaders' record
of each load (:class:`dtapi.loaders.models.DataLoad`). Before any load it answers None and the
page says "unknown".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dtapi.doc.models import Document
from dtapi.group.models import Group
from dtapi.loaders.records import newest
from dtapi.meeting.models import Meeting
from dtapi.person.models import Person

__all__ = ["Holding", "NewestLoad", "holdings", "newest_load"]


@dataclass(frozen=True)
class NewestLoad:
    """The newest data load: what was loaded and when it finished."""

    source: str
    finished: datetime.datetime


@dataclass(frozen=True)
class Holding:
    """A count of one kind of record, and the list that shows them."""

    label: str
    count: int
    url: str


def newest_load() -> NewestLoad | None:
    """The newest completed data load, or None when nothing was loaded."""
    load = newest()
    return None if load is None else NewestLoad(load.source, load.time)


def holdings() -> list[Holding]:
    """Documents (all types), RFCs, drafts, people, groups and meetings, with their lists."""
    return [
        Holding("documents", Document.objects.count(), "/api/v1/doc/document/"),
        Holding(
            "RFCs", Document.objects.filter(type="rfc").count(), "/api/v1/doc/document/?type=rfc"
        ),
        Holding(
            "Internet-Drafts",
            Document.objects.filter(type="draft").count(),
            "/api/v1/doc/document/?type=draft",
        ),
        Holding("people", Person.objects.count(), "/api/v1/person/person/"),
        Holding("groups", Group.objects.count(), "/api/v1/group/group/"),
        Holding("meetings", Meeting.objects.count(), "/api/v1/meeting/meeting/"),
    ]
