"""A real client against dtapi: the ``ietfdata`` package (PyPI) pointed at a live server.

ietfdata's ``DataTracker`` reads its base URL from ``IETFDATA_DT_URL``; here that is the test's
live server, and its HTTP session is replaced by a plain one that refuses any other host (no
cache, nothing reaches the real Datatracker). Whatever the client would do slowly or silently
on a server fault fails the test at once, naming the request:

* a response it cannot parse (it logs an error and drops the object) raises;
* a back-off sleep (5xx, connection error) or ``sys.exit`` (a 400) raises.

Without ietfdata the module is skipped locally and fails under CI (``CI=true``).
"""

from __future__ import annotations

import datetime
import logging
import os
from types import SimpleNamespace
from typing import Any

import pytest
import requests

try:
    from ietfdata import datatracker as ietfdata_dt
except ImportError as exc:  # pragma: no cover - depends on the environment
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"ietfdata is required in CI: {exc}", pytrace=False)
    pytest.skip(f"ietfdata is not installed ({exc}); pip install ietfdata", allow_module_level=True)

from dtapi.doc.models import RelatedDocument
from dtapi.meeting.models import SchedulingEvent
from dtapi.submit.models import Submission, SubmissionCheck, SubmissionEvent
from tests import factories as f
from tests.walk.realistic import make_realistic_objects

UTC = datetime.UTC


class ClientFault(AssertionError):
    pass


class LiveServerSession(requests.Session):
    """A plain session that only talks to the live server and remembers the last exchange."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.last = "(no request yet)"
        self.count = 0

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        if not url.startswith(self.base + "/"):
            raise ClientFault(f"ietfdata tried to leave the live server: {method} {url}")
        response = super().request(method, url, *args, **kwargs)
        # ietfdata logs these attributes of requests_cache's responses.
        response.from_cache, response.created_at, response.expires = False, None, None
        # A description only: a kept response would keep its socket open after close().
        path = response.url.removeprefix(self.base)
        self.last = f"{method} {path} -> {response.status_code}: {response.text[:2000]}"
        self.count += 1
        return response

    def describe_last(self) -> str:
        return self.last


class RaiseOnError(logging.Handler):
    """ietfdata logs a response it cannot parse, then drops it: make that a failure."""

    def __init__(self, session: LiveServerSession) -> None:
        super().__init__(level=logging.ERROR)
        self.session = session

    def emit(self, record: logging.LogRecord) -> None:
        raise ClientFault(f"ietfdata: {record.getMessage()}\nlast: {self.session.describe_last()}")


@pytest.fixture
def dt(live_server, monkeypatch, tmp_path):
    """ietfdata's DataTracker, talking to the live server only."""
    monkeypatch.setenv("IETFDATA_DT_URL", live_server.url)
    monkeypatch.setenv("IETFDATA_CACHEDIR", str(tmp_path))
    tracker = ietfdata_dt.DataTracker(cache_dir=str(tmp_path))
    assert tracker.base_url == live_server.url  # the env var is honoured
    session = LiveServerSession(live_server.url)
    tracker.session = session  # no requests_cache: every call reaches the server

    def no_backoff(seconds: float) -> None:
        raise ClientFault(f"ietfdata would back off {seconds} s; {session.describe_last()}")

    def no_exit(code: int = 0) -> None:
        raise ClientFault(f"ietfdata would exit({code}); {session.describe_last()}")

    monkeypatch.setattr(ietfdata_dt, "time", SimpleNamespace(sleep=no_backoff))
    monkeypatch.setattr(ietfdata_dt, "sys", SimpleNamespace(exit=no_exit))
    handler = RaiseOnError(session)
    logger = logging.getLogger("ietfdata")
    logger.addHandler(handler)
    yield tracker
    logger.removeHandler(handler)
    # Closing the kept-alive connection ends its server thread, which closes its database
    # connection (else the test database is still in use when it is dropped).
    session.close()


@pytest.fixture
def data(transactional_db) -> dict[str, Any]:
    objects = make_realistic_objects()
    session = objects["session"]
    SchedulingEvent.objects.create(
        session=session,
        status_id="sched",
        by=objects["ad"],
        time=datetime.datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
    )
    bcp = f.document("bcp999", type_id="bcp", title="BCP 999")
    RelatedDocument.objects.create(source=bcp, target=objects["rfc"], relationship_id="contains")
    other = f.draft("draft-someone-else-walking", group=f.group("otherwg"))
    submission = Submission.objects.create(
        state_id="posted",
        name=objects["draft"].name,
        rev="03",
        title=objects["draft"].title,
        draft=objects["draft"],
        group=objects["wg"],
        authors=[{"name": "Åsa Walker", "email": "walk-ad@example.org"}],
        file_types=".txt,.xml",
        submitter="Åsa Walker <walk-ad@example.org>",
        submission_date=datetime.date(2024, 3, 4),
    )
    check = SubmissionCheck.objects.create(
        submission=submission, checker="idnits check", passed=True, message="ok"
    )
    SubmissionEvent.objects.create(submission=submission, by=objects["ad"], desc="Uploaded")
    objects.update(bcp=bcp, other_draft=other, submission=submission, check=check)
    return objects


def _uri(resource: str, key: Any) -> str:
    return f"/api/v1/{resource}/{key}/"


def _names(docs) -> set[str]:
    return {doc.name for doc in docs}


# -- documents ------------------------------------------------------------------------------


def test_document_by_name(dt, data):
    draft = data["draft"]
    doc = dt.document_from_draft("draft-ietf-walkwg-protocol")
    assert doc is not None
    assert (doc.id, doc.name, doc.rev, doc.pages, doc.words) == (
        draft.pk,
        draft.name,
        "03",
        12,
        3456,
    )
    assert doc.title == draft.title and doc.abstract == "An abstract."
    assert doc.resource_uri.uri == _uri("doc/document", draft.name)
    assert doc.group.uri == _uri("group/group", data["wg"].pk)
    assert doc.ad.uri == _uri("person/person", data["ad"].pk)
    assert doc.type.uri == "/api/v1/name/doctypename/draft/"
    assert doc.stream.uri == "/api/v1/name/streamname/ietf/"
    assert doc.intended_std_level == "/api/v1/name/intendedstdlevelname/ps/"
    assert doc.expires == "2024-09-01T12:00:00Z"
    assert doc.time.tzinfo is not None
    state_uris = {state.uri for state in doc.states}
    for state in draft.states.all():
        assert _uri("doc/state", state.pk) in state_uris
    assert [t.uri for t in doc.tags] == ["/api/v1/name/doctagname/ad-f-up/"]
    assert dt.document(doc.resource_uri) == doc
    assert dt.document_from_draft("draft-does-not-exist") is None


def test_documents_filtered_by_type_group_state_and_stream(dt, data):
    draft_type = dt.document_type_from_slug("draft")
    wg = dt.group_from_acronym("walkwg")
    assert _names(dt.documents(doctype=draft_type, group=wg)) == {"draft-ietf-walkwg-protocol"}
    assert "draft-someone-else-walking" in _names(dt.documents(doctype=draft_type))
    rfc_type = dt.document_type_from_slug("rfc")
    assert _names(dt.documents(doctype=rfc_type)) == {"rfc9998"}
    iesg = dt.document_state_type_from_slug("draft-iesg")
    published = dt.document_state_from_slug(iesg, "pub")
    assert _names(dt.documents(state=published)) == {"draft-ietf-walkwg-protocol"}
    ietf = dt.stream_from_slug("ietf")
    assert _names(dt.documents(stream=ietf, group=wg)) == {"draft-ietf-walkwg-protocol", "rfc9998"}


def test_document_authors(dt, data):
    ad = data["ad"]
    doc = dt.document_from_draft("draft-ietf-walkwg-protocol")
    authors = list(dt.document_authors(doc))
    assert len(authors) == 1
    author = authors[0]
    assert author.person.uri == _uri("person/person", ad.pk)
    assert author.email.uri == _uri("person/email", ad.email().address)
    assert (author.affiliation, author.country, author.order) == ("Example", "SE", 1)
    person = dt.person(author.person)
    by_person = list(dt.documents_authored_by_person(person))
    assert {a.document.uri for a in by_person} == {
        _uri("doc/document", "draft-ietf-walkwg-protocol"),
        _uri("doc/document", "rfc9998"),
    }
    email = dt.email(author.email)
    assert len(list(dt.documents_authored_by_email(email))) == 2


def test_states_and_state_types(dt, data):
    from dtapi.doc.models import State, StateType

    types = list(dt.document_state_types())
    assert {t.slug for t in types} == set(StateType.objects.values_list("slug", flat=True))
    iesg = dt.document_state_type_from_slug("draft-iesg")
    assert iesg.label == StateType.objects.get(slug="draft-iesg").label
    states = list(dt.document_states(state_type=iesg))
    assert {s.slug for s in states} == set(
        State.objects.filter(type="draft-iesg").values_list("slug", flat=True)
    )
    pub = dt.document_state_from_slug(iesg, "pub")
    assert pub.type.uri == "/api/v1/doc/statetype/draft-iesg/"
    assert dt.document_state(pub.resource_uri) == pub
    assert dt.document_state_type(pub.type) == iesg
    for uri in pub.next_states:
        assert dt.document_state(uri) is not None
    positions = list(dt.ballot_position_names())
    assert {"yes", "noobj", "discuss"} <= {p.slug for p in positions}
    ballot_types = list(dt.ballot_types(dt.document_type_from_slug("draft")))
    assert "approve" in {b.slug for b in ballot_types}


# -- people ---------------------------------------------------------------------------------


def test_person_and_emails(dt, data):
    ad = data["ad"]
    person = dt.person(ietfdata_dt.PersonURI(uri=_uri("person/person", ad.pk)))
    assert person is not None
    assert (person.id, person.name, person.ascii) == (ad.pk, "Åsa Walker", "Åsa Walker")
    assert person.user == ""  # a user without a resource
    address = ad.email().address
    assert dt.person_from_email(address) == person
    emails = list(dt.email_for_person(person))
    assert [e.address for e in emails] == [address]
    email = dt.email_for_address(address)
    assert email == emails[0] and email.person == person.resource_uri and email.primary
    assert [p.id for p in dt.people(name_contains="Walker")] == [ad.pk]
    assert {a.name for a in dt.person_aliases(person=person)} == {"Åsa Walker"}
    history = list(dt.person_history(person))
    assert history and all(h.id == ad.pk for h in history)
    assert list(dt.email_history_for_person(person))


# -- groups ---------------------------------------------------------------------------------


def test_groups_and_roles(dt, data):
    wg_row, ad = data["wg"], data["ad"]
    wg = dt.group_from_acronym("walkwg")
    assert wg is not None
    assert (wg.id, wg.name, wg.acronym) == (wg_row.pk, "Walking Working Group", "walkwg")
    assert wg.state.uri == "/api/v1/name/groupstatename/active/"
    assert wg.type.uri == "/api/v1/name/grouptypename/wg/"
    assert wg.used_roles == "[]" and wg.unused_tags == []
    area = dt.group(wg.parent)
    assert area is not None and area.type.uri == "/api/v1/name/grouptypename/area/"
    assert "walkwg" in {g.acronym for g in dt.groups(parent=area)}
    active = dt.group_state_from_slug("active")
    assert "walkwg" in {g.acronym for g in dt.groups(state=active)}
    assert dt.group_from_acronym("no-such-group") is None

    chairs = list(dt.group_roles(group=wg, name=dt.role_name_from_slug("chair")))
    assert [r.person.uri for r in chairs] == [_uri("person/person", ad.pk)]
    person = dt.person(chairs[0].person)
    held = {(r.group.uri, r.name.uri) for r in dt.group_roles(person=person)}
    assert held == {
        (_uri("group/group", wg_row.pk), "/api/v1/name/rolename/chair/"),
        (area.resource_uri.uri, "/api/v1/name/rolename/ad/"),
    }
    by_email = list(dt.group_roles(email=ad.email().address))
    assert len(by_email) == 2


# -- meetings -------------------------------------------------------------------------------


def test_meetings_and_sessions(dt, data):
    meeting_row, session_row = data["meeting"], data["session"]
    meetings = list(dt.meetings(meeting_type=dt.meeting_type_from_slug("ietf")))
    assert [m.number for m in meetings] == ["119"]
    meeting = meetings[0]
    assert meeting.id == meeting_row.pk
    assert (meeting.city, meeting.country, meeting.date) == (
        "Brisbane",
        "AU",
        datetime.date(2024, 3, 16),
    )
    assert meeting.idsubmit_cutoff_warning_days == "21 days, 0:00:00"
    assert meeting.schedule == meeting.agenda
    assert dt.meeting(meeting.resource_uri) == meeting
    schedule = dt.meeting_schedule(meeting.schedule)
    assert schedule is not None and schedule.name == "official"

    wg = dt.group_from_acronym("walkwg")
    sessions = list(dt.meeting_sessions(meeting, group=wg))
    assert [s.id for s in sessions] == [session_row.pk]
    session = sessions[0]
    assert session.name == "Session I" and session.group == wg.resource_uri
    assignments = list(dt.meeting_session_assignments(schedule))
    assert [a.session for a in assignments] == [session.resource_uri]
    assert session.assignments == [assignments[0].resource_uri]
    timeslot = dt.meeting_timeslot(assignments[0].timeslot)
    assert timeslot is not None and timeslot.duration == "1:00:00"
    assert timeslot.time == datetime.datetime(2024, 3, 18, 3, 0, tzinfo=UTC)
    status = dt.meeting_session_status(session)
    assert status is not None and status.slug == "sched"


# -- events and ballots ---------------------------------------------------------------------


def test_document_and_ballot_events(dt, data):
    ad, ballot_row = data["ad"], data["ballot"]
    doc = dt.document_from_draft("draft-ietf-walkwg-protocol")
    revisions = list(dt.document_events(doc=doc, event_type="new_revision"))
    assert [e.desc for e in revisions] == ["New version available"]
    everything = list(dt.document_events(doc=doc))
    assert {"new_revision", "created_ballot", "changed_ballot_position"} <= {
        e.type for e in everything
    }
    person = dt.person(revisions[0].by)
    assert person.id == ad.pk
    assert len(list(dt.document_events(by=person, event_type="new_revision"))) == 1

    ballots = list(dt.ballot_document_events(doc=doc))
    assert [b.id for b in ballots] == [ballot_row.pk]
    ballot = ballots[0]
    assert ballot.docevent_ptr.uri == _uri("doc/docevent", ballot_row.pk)
    assert dt.ballot_document_event(ballot.resource_uri) == ballot
    ballot_type = dt.ballot_type(ballot.ballot_type)
    assert ballot_type.slug == "approve"
    assert len(list(dt.ballot_document_events(ballot_type=ballot_type, by=person))) == 1
    assert dt.document_event(ballot.docevent_ptr).type == "created_ballot"


# -- RFCs -----------------------------------------------------------------------------------


def test_rfc_lookups(dt, data):
    rfc = dt.document_from_rfc("RFC9998")
    assert rfc is not None
    assert (rfc.name, rfc.rfc_number, rfc.rfc) == ("rfc9998", 9998, "9998")
    assert rfc.std_level == "/api/v1/name/stdlevelname/ps/"
    draft = dt.document_from_draft("draft-ietf-walkwg-protocol")
    became = list(dt.related_documents(source=draft, relationship_type_slug="became_rfc"))
    assert [r.target for r in became] == [rfc.resource_uri]
    relationship = dt.relationship_type_from_slug("became_rfc")
    assert [r.source for r in dt.related_documents(target=rfc, relationship_type=relationship)] == [
        draft.resource_uri
    ]
    assert _names(dt.documents_from_bcp("bcp999")) == {"rfc9998"}
    assert dt.document_from_rfc("rfc1") is None


# -- submissions ----------------------------------------------------------------------------


def test_submissions(dt, data):
    doc = dt.document_from_draft("draft-ietf-walkwg-protocol")
    assert doc.submissions == [
        ietfdata_dt.SubmissionURI(uri=_uri("submit/submission", data["submission"].pk))
    ]
    submission = dt.submission(doc.submissions[0])
    assert submission is not None
    assert (submission.name, submission.rev, submission.draft) == (doc.name, "03", doc.resource_uri)
    assert submission.checks == [
        ietfdata_dt.SubmissionCheckURI(uri=_uri("submit/submissioncheck", data["check"].pk))
    ]
    assert submission.parse_authors() == [{"name": "Åsa Walker", "email": "walk-ad@example.org"}]
    assert [file_type for file_type, _url in submission.urls()] == [".txt", ".xml"]
    assert submission.submission_date == datetime.date(2024, 3, 4)
    assert [s.id for s in dt.submissions(date_since="2024-03-01")] == [submission.id]
    events = list(dt.submission_events(submission=submission))
    assert [e.desc for e in events] == ["Uploaded"]


# -- review and IPR -------------------------------------------------------------------------


def test_reviews(dt, data):
    doc = dt.document_from_draft("draft-ietf-walkwg-protocol")
    requests_ = list(dt.review_requests(doc=doc))
    assert [r.id for r in requests_] == [data["review_request"].pk]
    request = requests_[0]
    assert request.state.uri == "/api/v1/name/reviewrequeststatename/assigned/"
    assignments = list(dt.review_assignments(review_request=request))
    assert [a.id for a in assignments] == [data["review_assignment"].pk]
    assert assignments[0].result.uri == "/api/v1/name/reviewresultname/ready/"
    history = sorted(dt.historical_review_requests(doc=doc), key=lambda h: h.history_id)
    assert [h.history_change_reason for h in history] == [
        "Requested Last Call review",
        "Assigned to a reviewer",
    ]
    team = dt.group(request.team)
    assert [s.group for s in dt.review_team_settings_all(group=team)] == [team.resource_uri]


def test_ipr_disclosures(dt, data):
    disclosures = list(dt.holder_ipr_disclosures(holder_legal_name="Example Corp"))
    assert [d.id for d in disclosures] == [data["ipr"].pk]
    disclosure = disclosures[0]
    assert disclosure.docs == [dt.document_from_draft("draft-ietf-walkwg-protocol").resource_uri]
    assert disclosure.licensing.uri == "/api/v1/name/iprlicensetypename/royalty-free/"
    assert dt.holder_ipr_disclosure(disclosure.resource_uri) == disclosure
    base = dt.ipr_disclosure_base(disclosure.iprdisclosurebase_ptr)
    assert base is not None and base.title == disclosure.title
