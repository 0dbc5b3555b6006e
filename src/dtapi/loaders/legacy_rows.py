"""Rows that older Datatracker dumps imply, made once all files of a load are in.

Part of the mapping of old dumps (:mod:`dtapi.loaders.legacy` maps each record and keeps
what these need in ``ctx.legacy``): AD roles from ``group.group.ad``, session types and
status histories of old sessions, their materials, and primary addresses.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone

from dtapi.loaders.base import LoadError
from dtapi.loaders.chunks import BATCH_SIZE, chunked
from dtapi.loaders.dumpfile import Context, iter_records
from dtapi.loaders.legacy import MODEL_RENAMES, PURPOSE_FOR_TYPE, link_charters, system_person_id


def finish(ctx: Context) -> None:
    state = ctx.legacy
    if state.pending_charters:
        link_charters(None, ctx)
    if state.pending_ads:
        create_ad_roles(ctx)
    if state.sessions:
        set_session_types(ctx)
        create_scheduling_events(ctx)
    if state.materials:
        link_materials(ctx)
    if state.email_persons:
        ensure_primary_emails(ctx, state.email_persons)


def create_ad_roles(ctx: Context) -> None:
    role = apps.get_model("group", "Role")
    email = apps.get_model("person", "Email")
    pending = ctx.legacy.pending_ads
    roles = role._base_manager.using(ctx.using)
    existing = set(
        roles.filter(name_id="ad", group_id__in=list(pending)).values_list("group_id", "person_id")
    )
    wanted = sorted((g, p) for g, p in pending.items() if (g, p) not in existing)
    if not wanted:
        return
    persons = sorted({p for _, p in wanted})
    # The address a person uses as AD elsewhere, else in any role, else their best one.
    best: dict = {}
    for person_id, address, name in (
        roles.filter(person_id__in=persons)
        .values_list("person_id", "email_id", "name_id")
        .order_by("person_id", "id")
    ):
        if person_id not in best or (name == "ad" and best[person_id][1] != "ad"):
            best[person_id] = (address, name)
    chosen = {p: a for p, (a, _n) in best.items()}
    for address, person_id in (
        email._base_manager.using(ctx.using)
        .filter(person_id__in=[p for p in persons if p not in chosen])
        .order_by("person_id", "-primary", "-active", "-time", "address")
        .values_list("address", "person_id")
    ):
        chosen.setdefault(person_id, address)
    create = []
    for group_id, person_id in wanted:
        address = chosen.get(person_id)
        if address is None:
            ctx.report.skip(
                "group.group ad: the person has no email address for an 'ad' role",
                f"group {group_id}",
            )
            continue
        create.append(role(name_id="ad", group_id=group_id, person_id=person_id, email_id=address))
    roles.bulk_create(create, batch_size=BATCH_SIZE)
    ctx.writer.touched.add(role)
    ctx.report.count("group.role (ad, from group.ad)", len(create))


def set_session_types(ctx: Context) -> None:
    """Old sessions had no type: take it from their timeslot in the official schedule."""
    session = apps.get_model("meeting", "Session")
    assignment = apps.get_model("meeting", "SchedTimeSessAssignment")
    meeting = apps.get_model("meeting", "Meeting")
    pks = list(ctx.legacy.sessions)
    official = dict(
        meeting._base_manager.using(ctx.using)
        .filter(session__pk__in=pks)
        .values_list("pk", "schedule_id")
        .distinct()
    )
    types = {}
    for session_id, meeting_id, schedule_id, ts_type in (
        assignment._base_manager.using(ctx.using)
        .filter(session_id__in=pks)
        .values_list("session_id", "session__meeting_id", "schedule_id", "timeslot__type_id")
        .order_by("id")
    ):
        if schedule_id == official.get(meeting_id) or session_id not in types:
            types[session_id] = ts_type
    sessions = session._base_manager.using(ctx.using)
    current = dict(
        (pk, (t, p))
        for pk, t, p in sessions.filter(pk__in=pks).values_list("pk", "type_id", "purpose_id")
    )
    changed = 0
    for pk, ts_type in types.items():
        purpose = PURPOSE_FOR_TYPE.get(ts_type, "regular")
        if current.get(pk) != (ts_type, purpose):
            sessions.filter(pk=pk).update(type_id=ts_type, purpose_id=purpose)
            changed += 1
    if changed:
        ctx.report.count("meeting.session (type from timeslot)", changed)


def create_scheduling_events(ctx: Context) -> None:
    """Synthesise the status history of old sessions (which kept only the status)."""
    event = apps.get_model("meeting", "SchedulingEvent")
    events = event._base_manager.using(ctx.using)
    with_status = {pk: info for pk, info in ctx.legacy.sessions.items() if info.get("status")}
    if not with_status:
        return
    have = set(events.filter(session_id__in=list(with_status)).values_list("session_id", flat=True))
    system = system_person_id(ctx.using)
    create = []
    for pk, info in sorted(with_status.items()):
        if pk in have:
            continue
        requested = _aware(info.get("requested"), ctx) or _aware(info.get("modified"), ctx)
        by = info.get("requested_by")
        if by is None:
            by = system
        if by is None:
            ctx.report.skip("meeting.session status: no person to record it by", f"session {pk}")
            continue
        status = info["status"]
        create.append(event(session_id=pk, time=requested, status_id="schedw", by_id=by))
        if status != "schedw":
            when = _aware(info.get("scheduled"), ctx) or _aware(info.get("modified"), ctx)
            if when is None or (requested is not None and when < requested):
                when = requested
            create.append(
                event(
                    session_id=pk,
                    time=when,
                    status_id=status,
                    by_id=system if system is not None else by,
                )
            )
    for obj in create:
        if obj.time is None:
            obj.time = timezone.now()
    events.bulk_create(create, batch_size=BATCH_SIZE)
    ctx.writer.touched.add(event)
    ctx.report.count("meeting.schedulingevent (from session.status)", len(create))


def _aware(value: Any, ctx: Context) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        dt = value
    else:
        from django.utils.dateparse import parse_datetime

        try:
            dt = parse_datetime(str(value))
        except ValueError:
            return None
        if dt is None:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ctx.naive_tz)
    return dt


def link_materials(ctx: Context) -> None:
    """Old ``session.materials`` (document names) become SessionPresentation rows."""
    document = apps.get_model("doc", "Document")
    presentation = apps.get_model("meeting", "SessionPresentation")
    names = sorted({n for names in ctx.legacy.materials.values() for n in names})
    ids = {}
    for chunk in chunked(names):
        ids.update(
            document._base_manager.using(ctx.using).filter(name__in=chunk).values_list("name", "id")
        )
    missing = [n for n in names if n not in ids]
    if missing:
        session_pk = next(pk for pk, ns in ctx.legacy.materials.items() if missing[0] in ns)
        where = _locate(ctx, "meeting.session", session_pk)
        raise LoadError(
            f"{where}: field 'materials' refers to doc.document {missing[0]!r}, which does not "
            f"exist ({len(missing)} of {len(names)} material documents are missing)"
        )
    qs = presentation._base_manager.using(ctx.using)
    have = set(
        qs.filter(session_id__in=list(ctx.legacy.materials)).values_list(
            "session_id", "document_id"
        )
    )
    create = []
    for session_pk, doc_names in sorted(ctx.legacy.materials.items()):
        for order, name in enumerate(doc_names, start=1):
            if (session_pk, ids[name]) not in have:
                create.append(
                    presentation(session_id=session_pk, document_id=ids[name], order=order)
                )
    qs.bulk_create(create, batch_size=BATCH_SIZE)
    ctx.writer.touched.add(presentation)
    ctx.report.count("meeting.sessionpresentation (from session.materials)", len(create))


def _locate(ctx: Context, label: str, pk: Any) -> str:
    for path in ctx.files:
        for record in iter_records(path):
            if MODEL_RENAMES.get(record.model, record.model) == label and str(record.pk) == str(pk):
                return f"{path}, {record.describe()}"
    return f"{label} pk={pk!r}"


def ensure_primary_emails(ctx: Context, person_ids: set) -> None:
    """Each person with addresses gets one primary address (the best active one)."""
    email = apps.get_model("person", "Email")
    qs = email._base_manager.using(ctx.using)
    ids = sorted(person_ids)
    with_primary = set()
    candidates: dict = {}
    for chunk in chunked(ids):
        with_primary.update(
            qs.filter(person_id__in=chunk, primary=True).values_list("person_id", flat=True)
        )
        for address, person_id in (
            qs.filter(person_id__in=chunk)
            .order_by("person_id", "-active", "-time", "address")
            .values_list("address", "person_id")
        ):
            candidates.setdefault(person_id, address)
    todo = [a for p, a in candidates.items() if p not in with_primary]
    for chunk in chunked(todo):
        qs.filter(address__in=chunk).update(primary=True)
    if todo:
        ctx.report.count("person.email (made primary)", len(todo))
