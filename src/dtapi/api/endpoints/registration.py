"""``POST /api/notify/meeting/registration``: the registration system reports a registration.

Form fields (all required): ``meeting`` (number), ``first_name``, ``last_name``,
``affiliation``, ``country_code``, ``email``, ``reg_type``, ``ticket_type``, ``checkedin``
and ``is_nomcom_volunteer`` (``true``/``false``, any case); optional ``cancelled=true``
removes the registration instead. Answers 202 "Accepted, New registration" or "Accepted,
Updated registration" (+ ", Email sent" when an account creation request was mailed), 200
"OK" for a cancellation; a method other than POST, 405 with an empty body (as the original).
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse

from dtapi.accounts.decorators import require_api_key
from dtapi.api import errors
from dtapi.api.endpoints.params import searchable
from dtapi.meeting.models import Meeting
from dtapi.stats import registrations

REQUIRED = (
    "meeting",
    "first_name",
    "last_name",
    "affiliation",
    "country_code",
    "email",
    "reg_type",
    "ticket_type",
    "checkedin",
    "is_nomcom_volunteer",
)


def _text(message: str, status: HTTPStatus) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _meeting(number: str) -> Meeting:
    meeting = Meeting.objects.filter(number=number).first() if searchable(number) else None
    if meeting is None:
        raise errors.RequestRefused(errors.INVALID_MEETING.format(meeting=number))
    return meeting


def _email(address: str) -> str:
    try:
        validate_email(address)
    except ValidationError as exc:
        raise errors.RequestRefused(errors.INVALID_EMAIL.format(email=address)) from exc
    return address


@require_api_key("/api/notify/meeting/registration")
def new_registration(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
    data = request.POST
    missing = [name for name in REQUIRED if data.get(name) is None]
    if missing:
        raise errors.RequestRefused(errors.MISSING_PARAMETERS.format(names=", ".join(missing)))
    meeting = _meeting(data["meeting"])
    address = _email(data["email"])
    if data.get("cancelled", "false") == "true":
        registrations.cancel(meeting, address, data["reg_type"])
        return _text(errors.REGISTRATION_CANCELLED, HTTPStatus.OK)
    report = registrations.Report(
        meeting=meeting,
        email=address,
        reg_type=data["reg_type"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        affiliation=data["affiliation"],
        country_code=data["country_code"],
        ticket_type=data["ticket_type"],
        checkedin=data["checkedin"].lower() == "true",
        nomcom_volunteer=data["is_nomcom_volunteer"].lower() == "true",
    )
    try:
        registrations.check(report)
    except ValueError as exc:
        raise errors.RequestRefused(errors.UNEXPECTED_POST_DATA.format(error=exc)) from exc
    outcome = registrations.record(report)
    message = errors.NEW_REGISTRATION if outcome.created else errors.UPDATED_REGISTRATION
    if outcome.mail_sent:
        message += errors.EMAIL_SENT
    return _text(message, HTTPStatus.ACCEPTED)
