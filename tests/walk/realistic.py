"""A few realistic objects, beside the filler's generic rows: an area director, a working
group, a draft that became an RFC, its authors, events and ballot, a meeting with a scheduled
session, a review, an IPR disclosure and a liaison statement."""

from __future__ import annotations

import datetime
from typing import Any

from dtapi.doc.models import BallotPositionDocEvent, DocumentAuthor, RelatedDocument
from dtapi.ipr.models import HolderIprDisclosure, IprDocRel
from dtapi.liaisons.models import LiaisonStatement
from dtapi.review.models import (
    ReviewAssignment,
    ReviewerSettings,
    ReviewRequest,
    ReviewTeamSettings,
    UnavailablePeriod,
)
from tests import factories as f

UTC = datetime.UTC


def _saved(obj: Any, reason: str, by: Any) -> Any:
    """Save a model with a history, recording why and by whom (as the original's views do)."""
    obj._change_reason = reason
    obj._history_user = by.user
    obj.save()
    return obj


def make_realistic_objects() -> dict[str, Any]:
    ad = f.area_director("walk-ad", name="Åsa Walker")
    area = ad.role_set.get(name="ad").group
    wg = f.group("walkwg", parent=area, name="Walking Working Group")
    f.role(ad, "chair", wg)
    draft = f.draft(
        "draft-ietf-walkwg-protocol",
        group=wg,
        ad=ad,
        rev="03",
        pages=12,
        words=3456,
        abstract="An abstract.",
        intended_std_level_id="ps",
        expires=datetime.datetime(2024, 9, 1, 12, 0, 0, 123456, tzinfo=UTC),
    )
    draft.set_state(f.state("draft-iesg", "pub"))
    draft.tags.add("ad-f-up")
    rfc = f.document(
        "rfc9998",
        type_id="rfc",
        rfc_number=9998,
        group=wg,
        stream_id="ietf",
        std_level_id="ps",
        title="The Walking Protocol",
    )
    RelatedDocument.objects.create(source=draft, target=rfc, relationship_id="became_rfc")
    address = ad.email()
    for doc in (draft, rfc):
        DocumentAuthor.objects.create(
            document=doc, person=ad, email=address, affiliation="Example", country="SE", order=1
        )
    f.docevent(draft, ad, type="new_revision", desc="New version available")
    ballot = f.ballot(draft, ad)
    BallotPositionDocEvent.objects.create(
        doc=draft,
        by=ad,
        rev=draft.rev,
        type="changed_ballot_position",
        desc="[Ballot Position Update] New position, Yes, has been recorded",
        ballot=ballot,
        balloter=ad,
        pos_id="yes",
    )
    meeting = f.meeting("119", owner=ad, city="Brisbane", country="AU")
    session = f.session(
        meeting, wg, start=datetime.datetime(2024, 3, 18, 3, 0, tzinfo=UTC), name="Session I"
    )

    team = f.group("walkdir", type_id="review", name="Walking Directorate")
    settings = ReviewTeamSettings.objects.create(group=team)
    settings.review_types.add("lc")
    # Review objects keep a history; each change records a reason and who made it.
    request = _saved(
        ReviewRequest(
            state_id="requested",
            type_id="lc",
            doc=draft,
            team=team,
            deadline=datetime.date(2024, 4, 1),
            requested_by=ad,
            requested_rev="03",
        ),
        "Requested Last Call review",
        ad,
    )
    request.state_id = "assigned"
    _saved(request, "Assigned to a reviewer", ad)
    assignment = _saved(
        ReviewAssignment(
            review_request=request,
            state_id="assigned",
            reviewer=address,
            assigned_on=datetime.datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        ),
        "Assigned",
        ad,
    )
    review = f.document(
        "review-ietf-walkwg-protocol-03-lc-walker-2024-03-10",
        type_id="review",
        group=team,
        title="Last Call Review of draft-ietf-walkwg-protocol-03",
    )
    assignment.state_id = "completed"
    assignment.result_id = "ready"
    assignment.review = review
    assignment.reviewed_rev = "03"
    assignment.completed_on = datetime.datetime(2024, 3, 10, 17, 30, tzinfo=UTC)
    assignment.mailarch_url = "https://mailarchive.ietf.org/arch/msg/walkdir/abc/"
    _saved(assignment, "Review completed", ad)
    _saved(
        ReviewerSettings(team=team, person=ad, min_interval=30, expertise="Walking"),
        "Reviewer settings set",
        ad,
    )
    _saved(
        UnavailablePeriod(
            team=team,
            person=ad,
            start_date=datetime.date(2024, 7, 1),
            end_date=datetime.date(2024, 7, 31),
            availability="unavailable",
            reason="Holidays",
        ),
        "Unavailable period added",
        ad,
    )

    ipr = HolderIprDisclosure.objects.create(
        by=ad,
        holder_legal_name="Example Corp",
        state_id="posted",
        title="Example Corp's statement about IPR related to draft-ietf-walkwg-protocol",
        patent_info="US 1,234,567",
        holder_contact_email="ipr@example.com",
        holder_contact_name="Ipr Holder",
        licensing_id="royalty-free",
    )
    IprDocRel.objects.create(disclosure=ipr, document=draft, revisions="03")

    liaison = LiaisonStatement.objects.create(
        title="Liaison about walking",
        purpose_id="info",
        to_contacts="someone@example.org",
        state_id="posted",
    )
    liaison.from_groups.add(wg)

    return {
        "ad": ad,
        "wg": wg,
        "draft": draft,
        "rfc": rfc,
        "ballot": ballot,
        "meeting": meeting,
        "session": session,
        "review_request": request,
        "review_assignment": assignment,
        "ipr": ipr,
        "liaison": liaison,
    }
