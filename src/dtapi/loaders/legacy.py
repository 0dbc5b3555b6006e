"""Mapping of older Datatracker dumps (2012-2013 schema) onto today's model.

Differences handled (each applies only when the record shows the old shape):

================================  =============================================================
old                               today
================================  =============================================================
``meeting.scheduledsession``      ``meeting.schedtimesessassignment`` (same fields)
``meeting.meeting.agenda``        ``schedule``
``meeting.timeslot.type=session`` ``regular``; ``duration`` in seconds becomes a duration; the
                                  naive ``time`` is the meeting's local time
``meeting.session.status``,       a synthesised :class:`SchedulingEvent` history: "schedw" at
``requested``, ``requested_by``   ``requested`` by ``requested_by``, then the final status at
                                  ``scheduled`` (or ``modified``) by "(System)"
``meeting.session.materials``     ``SessionPresentation`` rows (document names)
(no ``session.type/purpose``)     taken from the official schedule's timeslot type
``person.person.address``,        dropped (today's Person has no such fields)
``affiliation``
``group.group.ad``                an ``ad`` Role of that person in the group (with the
                                  person's best address), unless one exists
``group.group.charter`` (a name)  a link to the charter document of that name, created as a
                                  stub (type ``charter``) when it is not there
``group.role`` name ``ex-ad``     skipped: the role name no longer exists
``auth.user`` empty password      an unusable password (also for hashes of unknown hashers)
``group.groupfeatures``           ``has_default_jabber`` -> ``has_default_chat``
``..._jabber``
================================  =============================================================

Mappers must not change state: :func:`map_record` may run again when an error is being
located. State changes happen in :func:`after_record`, the hooks and, once all files are in,
:func:`dtapi.loaders.legacy_rows.finish`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import identify_hasher
from django.db import models
from django.utils import timezone

from dtapi.loaders.chunks import BATCH_SIZE
from dtapi.loaders.dumpfile import Context, Record, zone

MODEL_RENAMES = {
    "meeting.scheduledsession": "meeting.schedtimesessassignment",
}

# (model, old field) -> new field, applied when the model no longer has the old field.
FIELD_RENAMES = {
    ("meeting.meeting", "agenda"): "schedule",
    ("meeting.schedtimesessassignment", "agenda"): "schedule",
    ("group.groupfeatures", "has_default_jabber"): "has_default_chat",
    ("doc.ballotpositiondocevent", "ad"): "balloter",
}

# Fields of old records that today's model does not have and that carry nothing we keep.
DROPPED_FIELDS = {
    "person.person": {"address", "affiliation"},
    "person.historicalperson": {"address", "affiliation"},
}

TIMESLOT_TYPE_RENAMES = {"session": "regular"}

# Session type -> session purpose, for sessions from before purposes existed.
PURPOSE_FOR_TYPE = {
    "regular": "regular",
    "plenary": "plenary",
    "reg": "admin",
    "break": "social",
    "other": "open_meeting",
}

SYSTEM_PERSON_NAME = "(System)"


@dataclass
class LegacyState:
    pending_ads: dict = field(default_factory=dict)  # group pk -> person pk
    # group pk -> (document name, group name, group time, fill only)
    pending_charters: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # session pk -> old status info
    materials: dict = field(default_factory=dict)  # session pk -> [document names]
    email_persons: set = field(default_factory=set)  # persons whose addresses were loaded
    meeting_zones: dict = field(default_factory=dict)  # meeting pk -> tzinfo (or None)


def _model_exists(label: str) -> bool:
    try:
        apps.get_model(label)
        return True
    except (LookupError, ValueError):
        return False


def _has_field(label: str, name: str) -> bool:
    try:
        apps.get_model(label)._meta.get_field(name)
        return True
    except Exception:
        return False


def map_record(record: Record, ctx: Context, quiet: bool = False) -> Iterator[Record]:
    """Rewrite one record onto today's model (possibly into none or several records)."""
    label = MODEL_RENAMES.get(record.model, record.model)
    fields = dict(record.fields)
    extra: dict[str, Any] = {}
    # Generic field renames and drops.
    for (model_label, old), new in FIELD_RENAMES.items():
        if model_label == label and old in fields and not _has_field(label, old):
            fields[new] = fields.pop(old)
    for name in DROPPED_FIELDS.get(label, ()):
        if name in fields and not _has_field(label, name):
            fields.pop(name)

    if label == "group.group":
        if "ad" in fields and not _has_field(label, "ad"):
            extra["ad"] = fields.pop("ad")
            if fields.get("charter", "") is None:
                # Some old exports blank every charter; do not unlink charters already known.
                fields.pop("charter")
        charter = fields.get("charter")
        if isinstance(charter, str):
            extra["charter"] = fields.pop("charter")
    elif label == "group.role":
        if fields.get("name") == "ex-ad" and not _role_name_exists(ctx, "ex-ad"):
            if not quiet:
                ctx.report.skip(
                    "group.role named 'ex-ad' (former AD): the role name no longer exists",
                    f"role {record.pk}",
                )
            return
    elif label == "auth.user":
        if "password" in fields:
            fields["password"] = usable_password_or_marker(
                fields["password"], fields.get("username") or str(record.pk)
            )
    elif label == "meeting.timeslot":
        if fields.get("type") in TIMESLOT_TYPE_RENAMES and not _name_exists(
            ctx, "name.timeslottypename", fields["type"]
        ):
            fields["type"] = TIMESLOT_TYPE_RENAMES[fields["type"]]
    elif label == "meeting.session":
        old = {}
        for name in ("status", "requested", "requested_by"):
            if name in fields and not _has_field(label, name):
                old[name] = fields.pop(name)
        if old:
            old["scheduled"] = fields.get("scheduled")
            old["modified"] = fields.get("modified")
            extra["old_status"] = old
        if (
            "materials" in fields
            and fields["materials"]
            and any(isinstance(m, str) for m in fields["materials"])
        ):
            extra["materials"] = fields.pop("materials")
        elif "materials" in fields and not fields["materials"]:
            fields.pop("materials")
        if old or "type" not in fields:
            fields.setdefault("type", "regular")
            fields.setdefault("purpose", "regular")
            extra["legacy_session"] = True
    yield replace_record(record, label, fields, extra)


def replace_record(record: Record, label: str, fields: dict, extra: dict) -> Record:
    new = replace(record, model=label, fields=fields)
    new.extra = extra
    return new


def _role_name_exists(ctx: Context, slug: str) -> bool:
    return _name_exists(ctx, "name.rolename", slug)


def _name_exists(ctx: Context, label: str, slug: str) -> bool:
    cache = ctx.__dict__.setdefault("_name_cache", {})
    key = (label, slug)
    if key not in cache:
        model = apps.get_model(label)
        cache[key] = model._base_manager.using(ctx.using).filter(pk=slug).exists()
    return cache[key]


def usable_password_or_marker(password: Any, username: str) -> str:
    """Keep a password hash Django can check; otherwise a stable unusable marker.

    Old dumps have sanitised (empty) passwords, placeholders ("nopass", "dummy") or hashes
    of hashers no longer enabled (unsalted SHA1). Django treats a value starting with "!" as
    unusable; a marker derived from the user name keeps re-loads from changing anything.
    """
    if isinstance(password, str) and password and not password.startswith("!"):
        try:
            identify_hasher(password)
            return password
        except ValueError:
            pass
    elif isinstance(password, str) and password.startswith("!"):
        return password
    digest = hashlib.sha256(f"dtapi-unusable:{username}".encode()).hexdigest()[:40]
    return "!" + digest


def naive_zone_for(record: Record, field_name: str, ctx: Context) -> datetime.tzinfo | None:
    """Zone of a naive datetime that is not in the server's zone (timeslots: meeting time).

    Only old dumps have naive datetimes, so only they pay for this: the meeting's zone is
    looked up when its first naive timeslot time is met, not recorded for every meeting.
    """
    if record.model == "meeting.timeslot" and field_name == "time":
        meeting = record.fields.get("meeting")
        if meeting is not None:
            return meeting_zone(ctx, meeting)
    return None


def meeting_zone(ctx: Context, meeting_pk: Any) -> datetime.tzinfo | None:
    zones = ctx.legacy.meeting_zones
    if meeting_pk not in zones:
        meeting = apps.get_model("meeting", "Meeting")
        ctx.writer.flush(meeting)  # the meeting may be in this file, still queued
        name = (
            meeting._base_manager.using(ctx.using)
            .filter(pk=meeting_pk)
            .values_list("time_zone", flat=True)
            .first()
        )
        zones[meeting_pk] = zone(name) if name else None
    return zones[meeting_pk]


def after_record(record: Record, model: type[models.Model], row: dict, ctx: Context) -> None:
    """Remember what the record needs after all files are in."""
    extra = getattr(record, "extra", None) or {}
    label = record.model
    pk = row.get(model._meta.pk.attname)
    if label == "person.email":
        if row.get("person_id") is not None:
            ctx.legacy.email_persons.add(row["person_id"])
    if not extra:
        return
    if "ad" in extra and extra["ad"] is not None:
        ctx.legacy.pending_ads[pk] = extra["ad"]
    if "charter" in extra:
        ctx.legacy.pending_charters[pk] = (
            extra["charter"],
            row.get("name"),
            row.get("time"),
            False,
        )
    if "old_status" in extra:
        ctx.legacy.sessions[pk] = {
            **extra["old_status"],
            "meeting": row.get("meeting_id"),
        }
    elif extra.get("legacy_session"):
        ctx.legacy.sessions.setdefault(pk, {"meeting": row.get("meeting_id")})
    if "materials" in extra:
        ctx.legacy.materials[pk] = extra["materials"]


def existing_record(record: Record, model: type[models.Model], row: dict, ctx: Context) -> None:
    """A record of a row that exists and is kept (``--keep-existing``): fill in gaps only."""
    extra = getattr(record, "extra", None) or {}
    if "charter" in extra:
        pk = row.get(model._meta.pk.attname)
        ctx.legacy.pending_charters[pk] = (
            extra["charter"],
            row.get("name"),
            row.get("time"),
            True,
        )


# --- hooks run after each written batch ----------------------------------------------------------


def install_hooks(ctx: Context) -> None:
    """Give the load this module's state, and hooks run after each written batch."""
    ctx.legacy = LegacyState()
    person = apps.get_model("person", "Person")
    group = apps.get_model("group", "Group")
    ctx.writer.after_flush(person, lambda rows: ensure_aliases(rows, ctx))
    ctx.writer.after_flush(group, lambda rows: link_charters(rows, ctx))


def ensure_aliases(rows: list[dict], ctx: Context) -> None:
    """Every person is findable by its name and ASCII name (as Person.save() ensures)."""
    alias = apps.get_model("person", "Alias")
    wanted = set()
    for row in rows:
        pk = row.get("id")
        for name in (row.get("name"), row.get("ascii")):
            if pk is not None and name:
                wanted.add((pk, name))
    if not wanted:
        return
    pks = sorted({pk for pk, _ in wanted})
    existing = set(
        alias._base_manager.using(ctx.using)
        .filter(person_id__in=pks)
        .values_list("person_id", "name")
    )
    missing = sorted(wanted - existing)
    if missing:
        alias._base_manager.using(ctx.using).bulk_create(
            [alias(person_id=pk, name=name) for pk, name in missing], batch_size=BATCH_SIZE
        )
        ctx.report.count("person.alias", len(missing))


def link_charters(rows: list[dict] | None, ctx: Context) -> None:
    """Point groups at their charter documents (given by name in old dumps).

    A missing charter document is created as a stub (type ``charter``, titled with the
    group's name). With ``rows`` None, every pending group is handled (end of the load).
    """
    pending = ctx.legacy.pending_charters
    if rows is None:
        todo = dict(pending)
    else:
        todo = {row["id"]: pending[row["id"]] for row in rows if row.get("id") in pending}
    if not todo:
        return
    document = apps.get_model("doc", "Document")
    group = apps.get_model("group", "Group")
    groups = group._base_manager.using(ctx.using)
    current = {
        pk: (acronym, charter)
        for pk, acronym, charter in groups.filter(pk__in=list(todo)).values_list(
            "pk", "acronym", "charter_id"
        )
    }
    wanted = {}  # group pk -> document name
    for gpk, (name, _title, _time, fill_only) in sorted(todo.items()):
        pending.pop(gpk, None)
        if gpk not in current:
            continue  # the foreign key check reports it
        acronym, charter = current[gpk]
        if fill_only and (charter is not None or not name.endswith("-" + acronym)):
            continue
        wanted[gpk] = name
    if not wanted:
        return
    docs = document._base_manager.using(ctx.using)
    found = dict(docs.filter(name__in=list(wanted.values())).values_list("name", "id"))
    create = []
    for gpk, name in sorted(wanted.items()):
        if name in found:
            continue
        _name, title, time, _fill = todo[gpk]
        create.append(
            document(
                name=name,
                type_id="charter",
                title=(title or name)[:255],
                group_id=gpk,
                time=time or timezone.now(),
                rev="",
            )
        )
        found[name] = None
    if create:
        docs.bulk_create(create, batch_size=BATCH_SIZE)
        ctx.report.count("doc.document (charter stubs)", len(create))
        found.update(docs.filter(name__in=[d.name for d in create]).values_list("name", "id"))
        ctx.writer.touched.add(document)
    for gpk, name in wanted.items():
        if current[gpk][1] != found[name]:
            groups.filter(pk=gpk).update(charter_id=found[name])


def system_person_id(using: str) -> int | None:
    """The "(System)" person that records automatic changes, if there is one."""
    person = apps.get_model("person", "Person")
    return (
        person._base_manager.using(using)
        .filter(name=SYSTEM_PERSON_NAME)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
