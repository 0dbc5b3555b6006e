"""API resources of the meeting app: only departures from the engine's defaults."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max

from dtapi.engine import ModelResource, fields

from .models import Meeting, SchedTimeSessAssignment, Schedule, Session, TimeSlot

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _latest_by(model: Any, key: str, values: list[Any]) -> dict[Any, datetime.datetime]:
    rows = model.objects.filter(**{f"{key}__in": values}).order_by().values(key)
    return dict(rows.annotate(latest=Max("modified")).values_list(key, "latest"))


def meetings_updated(resource: ModelResource, pks: list[Any]) -> dict[Any, datetime.datetime]:
    """``Meeting.updated()`` for a page of meetings, in four queries instead of 3 per meeting."""
    stamps: dict[Any, list[datetime.datetime]] = {pk: [] for pk in pks}
    for model in (TimeSlot, Session):
        for pk, latest in _latest_by(model, "meeting", pks).items():
            stamps[pk].append(latest)
    official = Meeting.objects.filter(pk__in=pks).values_list("pk", "schedule", "schedule__base")
    schedules = {pk: {s for s in (own, base) if s is not None} for pk, own, base in official}
    wanted = sorted(set().union(*schedules.values())) if schedules else []
    latest = _latest_by(SchedTimeSessAssignment, "schedule", wanted)
    for pk, ids in schedules.items():
        stamps[pk].extend(latest[s] for s in ids if s in latest)
    return {pk: max(found, default=EPOCH) for pk, found in stamps.items()}


class MeetingResource(ModelResource):
    model = Meeting
    ordering = ["id", "date"]
    excludes = ("overview", "group_conflict_types")
    agenda = fields.ToOne("schedule")  # the original's alias of ``schedule``
    updated = fields.Batch(meetings_updated, type="datetime")


class SessionResource(ModelResource):
    model = Session
    ordering = ["id", "modified", "scheduled", "meeting"]
    excludes = ("joint_with_groups", "tombstone_for")
    requested_duration = fields.Timedelta()
    assignments = fields.ToMany("timeslotassignments")


class TimeSlotResource(ModelResource):
    model = TimeSlot
    ordering = ["id", "time", "modified", "meeting"]
    duration = fields.Timedelta()


class ScheduleResource(ModelResource):
    model = Schedule
    excludes = ("origin", "base")  # not exposed by the original (spec §8.5)


class SchedTimeSessAssignmentResource(ModelResource):
    model = SchedTimeSessAssignment
    ordering = ["id", "modified"]
    agenda = fields.ToOne("schedule")
