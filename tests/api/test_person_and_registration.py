"""POST /api/notify/meeting/registration, POST /api/v2/person/person, /api/appauth/... and
GET /api/export/personal-information/ (ported from the original's
``test_api_new_meeting_registration[_nomcom_volunteer]``, ``test_api_v2_person_export_view``,
``test_api_appauth`` and ``test_person_export``)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from dtapi.accounts.apikeys import key_string
from dtapi.nomcom.models import NomCom, Volunteer
from dtapi.stats.models import MeetingRegistration
from tests import factories as f

pytestmark = pytest.mark.django_db

REGISTRATION = "/api/notify/meeting/registration"
PERSON = "/api/v2/person/person"
EXPORT = "/api/export/personal-information/"


def text(r) -> str:
    return r.content.decode()


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def robot():
    return f.secretariat_robot("robot")


# -- registration -------------------------------------------------------------------------------


def registration(**changes) -> dict[str, str]:
    data = {
        "meeting": "119",
        "first_name": "Jane",
        "last_name": "Doe",
        "affiliation": "Example Org",
        "country_code": "US",
        "email": "jane@new.example",
        "reg_type": "onsite",
        "ticket_type": "week_pass",
        "checkedin": "False",
        "is_nomcom_volunteer": "False",
    }
    data.update(changes)
    return data


def test_registration_key_and_role_errors(client, robot):
    r = client.post(REGISTRATION, {"apikey": "invalid"})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")
    ad = f.area_director()
    r = client.post(REGISTRATION, {"apikey": key_string(f.api_key(ad, REGISTRATION))})
    assert r.status_code == 403 and "Restricted to role: Robot" in text(r)
    apikey = key_string(f.api_key(robot, REGISTRATION))
    r = client.get(REGISTRATION, {"apikey": apikey})
    assert (r.status_code, r.content) == (405, b"")


def test_new_meeting_registration(client, robot, django_capture_on_commit_callbacks):
    f.meeting("119")
    apikey = key_string(f.api_key(robot, REGISTRATION))

    def post(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(REGISTRATION, {"apikey": apikey, **registration(**changes)})

    r = post()
    assert (r.status_code, text(r)) == (202, "Accepted, New registration, Email sent")
    [message] = mail.outbox
    assert message.to == ["jane@new.example"]
    assert "account creation request" in message.body
    reg = MeetingRegistration.objects.get()
    assert (reg.first_name, reg.last_name, reg.affiliation, reg.country_code) == (
        "Jane",
        "Doe",
        "Example Org",
        "US",
    )
    assert (reg.reg_type, reg.ticket_type, reg.checkedin, reg.person) == (
        "onsite",
        "week_pass",
        False,
        None,
    )

    known = f.user_person("known")
    r = post(email="known@example.org", checkedin="TRUE")
    assert (r.status_code, text(r)) == (202, "Accepted, New registration")
    assert len(mail.outbox) == 1
    reg = MeetingRegistration.objects.get(email="known@example.org")
    assert (reg.person, reg.checkedin) == (known, True)
    r = post(email="known@example.org", reg_type="remote", ticket_type="full_week_pass")
    assert r.status_code == 202
    assert MeetingRegistration.objects.filter(email="known@example.org").count() == 2
    r = post(email="known@example.org", affiliation="Elsewhere")
    assert (r.status_code, text(r)) == (202, "Accepted, Updated registration")
    assert MeetingRegistration.objects.get(reg_type="onsite", person=known).affiliation == (
        "Elsewhere"
    )

    r = post(email="known@example.org", reg_type="remote", cancelled="true")
    assert (r.status_code, text(r)) == (200, "OK")
    assert MeetingRegistration.objects.filter(email="known@example.org").count() == 1


def test_registration_errors(client, robot):
    f.meeting("119")
    apikey = key_string(f.api_key(robot, REGISTRATION))
    data = registration()
    for name in ("affiliation", "first_name", "reg_type"):
        del data[name]
    r = client.post(REGISTRATION, {"apikey": apikey, **data})
    assert (r.status_code, text(r)) == (
        400,
        "Missing parameters: first_name, affiliation, reg_type",
    )
    cases = [
        ({"meeting": "999"}, "Invalid meeting value: '999'"),
        ({"email": "not-an-address"}, "Invalid email value: 'not-an-address'"),
        (
            {"country_code": "USA"},
            "Unexpected POST data: country_code longer than 2 characters",
        ),
    ]
    for changes, message in cases:
        r = client.post(REGISTRATION, {"apikey": apikey, **registration(**changes)})
        assert (r.status_code, text(r)) == (400, message)
    assert not MeetingRegistration.objects.exists()


def test_registration_nomcom_volunteer(client, robot):
    f.meeting("119")
    nomcom = NomCom.objects.create(
        group=f.group("nomcom2024", type_id="nomcom"), is_accepting_volunteers=True
    )
    volunteer = f.user_person("vol")
    apikey = key_string(f.api_key(robot, REGISTRATION))
    data = registration(email="vol@example.org")
    r = client.post(REGISTRATION, {"apikey": apikey, **data})
    assert r.status_code == 202
    assert not Volunteer.objects.exists()
    r = client.post(REGISTRATION, {"apikey": apikey, **data, "is_nomcom_volunteer": "True"})
    assert (r.status_code, text(r)) == (202, "Accepted, Updated registration")
    [v] = Volunteer.objects.all()
    assert (v.person, v.nomcom, v.origin, v.affiliation) == (
        volunteer,
        nomcom,
        "registration",
        "Example Org",
    )


# -- v2/person/person ---------------------------------------------------------------------------


def test_v2_person_export(client, robot):
    r = client.post(PERSON, {})
    assert (r.status_code, text(r)) == (400, "Missing apikey parameter")
    ad = f.area_director()
    r = client.post(PERSON, {"apikey": key_string(f.api_key(ad, PERSON))})
    assert r.status_code == 403 and "Restricted to role: Robot" in text(r)
    apikey = key_string(f.api_key(robot, PERSON))
    r = client.post(PERSON, {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "No filters provided")
    r = client.get(PERSON, {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "Bad or missing parameters")

    r = client.post(PERSON, {"apikey": apikey, "email": "robot@example.org", "_expand": "user"})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    data = r.json()["person.person"]
    row = data[str(robot.pk)]
    assert (row["name"], row["ascii"], row["user"]["email"]) == (
        robot.name,
        robot.ascii,
        "robot@example.org",
    )
    assert "password" not in row["user"]
    assert list(data) == [str(robot.pk)]

    other = f.user_person("other")
    query = f"not__pk={ad.pk}&not__user__username=robot"
    r = client.post(f"{PERSON}?{query}", {"apikey": apikey, "name__startswith": "Person "})
    assert list(r.json()["person.person"]) == [str(other.pk)]
    r = client.post(PERSON, {"apikey": apikey, "pk": other.pk, "_expand": "email_set"})
    emails = r.json()["person.person"][str(other.pk)]["email_set"]
    assert list(emails) == ["other@example.org"]


def test_v2_person_bad_filters_answer_200_with_an_error(client, robot):
    apikey = key_string(f.api_key(robot, PERSON))
    for data in (
        {"nosuchfield": "x"},
        {"pk": "abc"},
        {"user__password__startswith": "md5"},
        {"pk": "1", "_expand": "nosuchrelation"},
        {"pk": "1", "_expand": "apikeys__salt"},
    ):
        r = client.post(PERSON, {"apikey": apikey, **data})
        assert r.status_code == 200, data
        assert set(r.json()) == {"error"}, data


# -- appauth ------------------------------------------------------------------------------------


@pytest.mark.parametrize("app", ["authortools", "bibxml"])
def test_appauth(client, app):
    endpoint = f"/api/appauth/{app}"
    r = client.post(endpoint, {})
    assert (r.status_code, text(r)) == (400, "Missing apikey parameter")
    r = client.post(endpoint, {"apikey": "foobar"})
    assert (r.status_code, text(r)) == (403, "Invalid apikey")
    anyone = f.user_person()  # no role needed
    apikey = key_string(f.api_key(anyone, endpoint))
    for r in (client.post(endpoint, {"apikey": apikey}), client.get(endpoint, {"apikey": apikey})):
        assert r.status_code == 200
        assert r.json() == {"success": True}
    other = "bibxml" if app == "authortools" else "authortools"
    r = client.post(f"/api/appauth/{other}", {"apikey": apikey})
    assert (r.status_code, text(r)) == (400, "Apikey endpoint mismatch")


# -- export/personal-information -----------------------------------------------------------------


def test_personal_information_export(client, django_user_model):
    r = client.get(EXPORT)
    assert r.status_code == 302
    assert r["Location"] == f"/accounts/login/?next={EXPORT}"
    person = f.recording_manager("me")
    f.api_key(person, "/api/appauth/bibxml")
    assert client.login(username="me", password=f.password_for("me"))
    r = client.get(EXPORT)
    assert r.status_code == 200
    row = r.json()["person.person"][str(person.pk)]
    assert (row["name"], row["ascii"], row["user"]["email"]) == (
        person.name,
        person.ascii,
        "me@example.org",
    )
    assert "password" not in row["user"]
    assert list(row["email_set"]) == ["me@example.org"]
    [key] = row["apikeys"].values()
    assert key["endpoint"] == "/api/appauth/bibxml" and "salt" not in key
    [role] = row["role_set"].values()
    assert role["group"]["acronym"] == "ietf"
    assert client.post(EXPORT).status_code == 405

    django_user_model.objects.create_user(username="nobody", password="pw")
    client.logout()
    assert client.login(username="nobody", password="pw")
    assert client.get(EXPORT).status_code == 404


def test_export_dates_are_iso(client):
    person = f.user_person("dated")
    person.user.date_joined = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    person.user.save()
    assert client.login(username="dated", password=f.password_for("dated"))
    row = client.get(EXPORT).json()["person.person"][str(person.pk)]
    assert row["user"]["date_joined"] == "2020-01-02T03:04:05+00:00"
