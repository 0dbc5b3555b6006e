"""History tables: editing a Person, an Email and a ReviewRequest adds rows to
``historicalperson`` / ``historicalemail`` / ``historicalreviewrequest``, which the API serves
with the django-simple-history columns."""

from __future__ import annotations

import datetime
import re

import pytest

from dtapi.review.models import ReviewRequest
from tests import factories as f

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
HISTORY_KEYS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}


def _edit(obj, reason: str, user=None, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._change_reason = reason
    obj._history_user = user
    obj.save()


def _history(client, resource: str, **filters) -> list[dict]:
    response = client.get(f"/api/v1/{resource}/", {**filters, "limit": 0})
    assert response.status_code == 200
    rows = sorted(response.json()["objects"], key=lambda row: row["history_id"])
    for row in rows:
        assert HISTORY_KEYS <= set(row)
        assert isinstance(row["history_id"], int) and not isinstance(row["history_id"], bool)
        assert DATETIME.match(row["history_date"])
        assert row["history_type"] in {"+", "~", "-"}
        assert row["resource_uri"] == f"/api/v1/{resource}/{row['history_id']}/"
        detail = client.get(row["resource_uri"])
        assert detail.status_code == 200 and detail.json() == row
    return rows


@pytest.fixture
def editor():
    return f.user_person("editor")


def test_person_history(client, editor):
    person = f.person(name="Ann Before")
    _edit(person, "Name corrected", editor.user, name="Ann After", ascii="Ann After")

    rows = _history(client, "person/historicalperson", id=person.pk)
    assert [(r["history_type"], r["name"]) for r in rows] == [
        ("+", "Ann Before"),
        ("~", "Ann After"),
    ]
    created, edited = rows
    assert created["history_change_reason"] is None and created["history_user"] is None
    # The user has no resource, so a set user is sent as "" (as the original does).
    assert edited["history_change_reason"] == "Name corrected"
    assert edited["history_user"] == ""
    assert edited["id"] == person.pk
    schema = client.get("/api/v1/person/historicalperson/schema/").json()
    assert schema["fields"]["history_id"]["primary_key"] is True
    assert schema["fields"]["history_date"]["type"] == "datetime"
    assert schema["fields"]["history_user"]["type"] == "related"


def test_email_history(client, editor):
    owner = f.person()
    address = f.email(owner, "ann@example.org")
    _edit(address, "Address retired", editor.user, active=False)
    address.delete()

    rows = _history(client, "person/historicalemail", address="ann@example.org")
    assert [(r["history_type"], r["active"]) for r in rows] == [
        ("+", True),
        ("~", False),
        ("-", False),
    ]
    assert rows[1]["history_change_reason"] == "Address retired"
    assert rows[1]["history_user"] == ""
    assert all(r["person"] == f"/api/v1/person/person/{owner.pk}/" for r in rows)
    # ietfdata's email_history_for_person() filters on the person.
    assert len(_history(client, "person/historicalemail", person=owner.pk)) == 3


def test_review_request_history(client, editor):
    team = f.group(type_id="review")
    request = ReviewRequest(
        state_id="requested",
        type_id="lc",
        doc=f.draft(),
        team=team,
        deadline=datetime.date(2024, 4, 1),
        requested_by=editor,
    )
    _edit(request, "Requested", editor.user)
    _edit(request, "Assigned", editor.user, state_id="assigned")
    _edit(request, "Completed", None, state_id="completed")

    rows = _history(client, "review/historicalreviewrequest", id=request.pk)
    assert [(r["history_type"], r["state"], r["history_change_reason"]) for r in rows] == [
        ("+", "/api/v1/name/reviewrequeststatename/requested/", "Requested"),
        ("~", "/api/v1/name/reviewrequeststatename/assigned/", "Assigned"),
        ("~", "/api/v1/name/reviewrequeststatename/completed/", "Completed"),
    ]
    assert [r["history_user"] for r in rows] == ["", "", None]
    assert {r["doc"] for r in rows} == {f"/api/v1/doc/document/{request.doc.name}/"}
    assert {r["id"] for r in rows} == {request.pk}
    # The current row is unchanged by the history.
    current = client.get(f"/api/v1/review/reviewrequest/{request.pk}/").json()
    assert current["state"] == "/api/v1/name/reviewrequeststatename/completed/"
    assert "history_id" not in current
