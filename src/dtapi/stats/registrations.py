"""Meeting registrations reported by the registration system (``MeetingRegistration`` rows).

A registration is identified by (meeting, e-mail address, registration type); reporting it
again updates it. It is linked to the person owning the address. A registrant with neither an
account nor a known address is mailed an account creation request; one who volunteered for
the NomCom is recorded as a volunteer of the NomCom accepting volunteers, if exactly one is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction

from dtapi.meeting.models import Meeting
from dtapi.nomcom.models import NomCom, Volunteer
from dtapi.person.models import Email, Person
from dtapi.stats.models import MeetingRegistration

__all__ = ["Report", "cancel", "record"]

ACCOUNT_REQUEST_SUBJECT = "Account creation request for {address}"
ACCOUNT_REQUEST_BODY = """\
Hello,

{address} was registered for IETF {meeting}. This is an account creation request: no
account at {site} uses this address yet. An account lets you create API keys and sign in
to IETF tools; the Secretariat can create one for you.
"""


@dataclass
class Report:
    meeting: Meeting
    email: str
    reg_type: str
    first_name: str
    last_name: str
    affiliation: str
    country_code: str
    ticket_type: str
    checkedin: bool
    nomcom_volunteer: bool


@dataclass(frozen=True)
class Outcome:
    created: bool
    mail_sent: bool


def cancel(meeting: Meeting, email: str, reg_type: str) -> None:
    MeetingRegistration.objects.filter(meeting=meeting, email=email, reg_type=reg_type).delete()


def _known(address: str) -> bool:
    users = get_user_model().objects.filter(username__iexact=address)
    return users.exists() or Email.objects.filter(address=address).exists()


def _request_account(report: Report) -> None:
    body = ACCOUNT_REQUEST_BODY.format(
        address=report.email, meeting=report.meeting.number, site=settings.DTAPI_BASE_URL
    )
    EmailMessage(
        ACCOUNT_REQUEST_SUBJECT.format(address=report.email),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [report.email],
    ).send()


def _volunteer(person: Person, affiliation: str) -> None:
    nomcoms = list(NomCom.objects.filter(is_accepting_volunteers=True)[:2])
    if len(nomcoms) == 1:
        Volunteer.objects.get_or_create(
            nomcom=nomcoms[0],
            person=person,
            defaults={"affiliation": affiliation, "origin": "registration"},
        )


_TEXT_FIELDS = (
    "email",
    "reg_type",
    "first_name",
    "last_name",
    "affiliation",
    "country_code",
    "ticket_type",
)


def check(report: Report) -> None:
    """Raise ``ValueError`` saying what does not fit a registration row."""
    for field in _TEXT_FIELDS:
        value = getattr(report, field)
        limit = MeetingRegistration._meta.get_field(field).max_length
        if len(value) > limit:
            raise ValueError(f"{field} longer than {limit} characters")
        if "\x00" in value:
            raise ValueError(f"{field} contains a NUL character")


@transaction.atomic
def record(report: Report) -> Outcome:
    """Create or update the registration ``report`` describes (``check`` it first)."""
    registration, created = MeetingRegistration.objects.get_or_create(
        meeting=report.meeting, email=report.email, reg_type=report.reg_type
    )
    for field in ("first_name", "last_name", "affiliation", "country_code", "ticket_type"):
        setattr(registration, field, getattr(report, field))
    registration.checkedin = report.checkedin
    person = Person.objects.filter(email__address=report.email).first()
    if person is not None:
        registration.person = person
    registration.save()
    mail_sent = False
    if not _known(report.email):
        transaction.on_commit(lambda: _request_account(report), robust=True)
        mail_sent = True
    if report.nomcom_volunteer and registration.person is not None:
        _volunteer(registration.person, report.affiliation)
    return Outcome(created, mail_sent)
