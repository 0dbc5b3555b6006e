"""Every message the /api/ write endpoints answer with (plain text, status 400 unless noted).

The texts are the original Datatracker's, which clients (Meetecho, AD tools) match on; the
quirks are kept on purpose (the literal ``{session_id}``; the trailing space after the list
of position names). Texts marked "dtapi" are ours, for input the original fails on with a 500.
"""

from __future__ import annotations

from dtapi.accounts.errors import BAD_PARAMETERS, MethodNotAllowed, RequestRefused

__all__ = ["BAD_PARAMETERS", "DONE", "MethodNotAllowed", "RequestRefused"]

DONE = "Done"

# -- POST /api/iesg/position ------------------------------------------------------------------
MISSING_DOCUMENT = "Missing document name"
DOCUMENT_NOT_FOUND = "Document not found"
MISSING_POSITION = "Missing parameter: position, one of: {positions} "
BAD_POSITION = "Bad position name, must be one of: {positions} "
NO_OPEN_BALLOT = "No open ballot found"
FORM_NOT_VALID = "Form not valid: {errors}"
EMPTY_DISCUSS = "You must enter a non-empty discuss"

# -- POST /api/meeting/session/video/url and .../recording-name -------------------------------
MISSING_PARAMETER = "Missing {name} parameter"
SESSION_NOT_FOUND = "Session not found with session_id '{session_id}'"
# Sic: the original lacks the f-string prefix, so clients see the braces.
INVALID_SESSION_ID = "Invalid session_id: {session_id}"
INVALID_URL = "Invalid url value: '{url}'"
NO_SESSIONS_FOR_MEETING = "No sessions found for meeting '{meeting}'"
NO_SESSIONS_FOR_GROUP = "No sessions found in meeting '{meeting}' for group '{group}'"
ITEM_NOT_NUMERIC = "Expected a numeric value for 'item', found '{item}'"
NO_SUCH_ITEM = "No item '{item}' found in list of sessions for group"
SAME_URL = "URL is the same"
SESSION_NOT_SCHEDULED = "Bad or missing parameters"  # the original's AttributeError answer
INVALID_NAME = "Invalid name value: at most {max_length} characters"  # dtapi


def missing(name: str) -> RequestRefused:
    return RequestRefused(MISSING_PARAMETER.format(name=name))


# -- POST /api/notify/meeting/bluesheet, /api/notify/session/... -------------------------------
INVALID_BLUESHEET_SESSION_ID = "Invalid session_id '{session_id}'"  # sic: unlike video/url's
INVALID_JSON = "Invalid json value: '{value}'"
MALFORMED_POST = "Malformed post"
INVALID_SESSION = "Invalid session"
INVALID_ATTENDEE = "Invalid attendee"
NO_OFFICIAL_TIMESLOT = "Could not find official timeslot for session"

# -- POST /api/notify/meeting/registration ------------------------------------------------------
MISSING_PARAMETERS = "Missing parameters: {names}"
INVALID_MEETING = "Invalid meeting value: '{meeting}'"
INVALID_EMAIL = "Invalid email value: '{email}'"
UNEXPECTED_POST_DATA = "Unexpected POST data: {error}"
REGISTRATION_CANCELLED = "OK"
NEW_REGISTRATION = "Accepted, New registration"
UPDATED_REGISTRATION = "Accepted, Updated registration"
EMAIL_SENT = ", Email sent"

# -- POST /api/v2/person/person ---------------------------------------------------------------
NO_FILTERS = "No filters provided"
