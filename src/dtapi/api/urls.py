"""The /api/ site: help page, version, and the endpoints beside /api/v1.

Patterns follow the original's: one without ``$`` is a prefix (``iesg/position`` also
matches ``iesg/positionXYZ``); a personal-API-key view then answers "Apikey endpoint
mismatch" for any path but its key's. Which key endpoints exist, and who may use them, is
:mod:`dtapi.accounts.endpoints`; a system check holds this list to that table.
"""

from django.urls import include, path, re_path

from dtapi.api import views
from dtapi.api.endpoints import (
    appauth,
    iesg,
    meeting,
    notify,
    person,
    public,
    registration,
    services,
)

urlpatterns = [
    path("", views.help_page, name="api-help"),
    re_path(r"^v2/person/person", person.person_lookup, name="api-v2-person"),
    re_path(r"^doc/draft-aliases/$", services.draft_aliases, name="api-draft-aliases"),
    re_path(r"^email/$", services.ingest_email, name="api-ingest-email"),
    re_path(r"^email/test/$", services.ingest_email_test, name="api-ingest-email-test"),
    re_path(
        r"^export/personal-information/$",
        person.personal_information,
        name="api-export-personal-information",
    ),
    re_path(r"^group/group-aliases/$", services.group_aliases, name="api-group-aliases"),
    re_path(
        r"^group/role-holder-addresses/$",
        services.role_holder_addresses,
        name="api-role-holder-addresses",
    ),
    re_path(r"^iesg/position", iesg.set_position, name="api-iesg-position"),
    path(
        "meeting/session/video/url",
        meeting.set_session_video_url,
        name="api-meeting-session-video-url",
    ),
    path(
        "meeting/session/recording-name",
        meeting.set_session_recording_name,
        name="api-meeting-session-recording-name",
    ),
    re_path(
        r"^meeting/(?P<num>[A-Za-z0-9._+-]+)/agenda-data$",
        public.agenda_data,
        name="api-agenda-data",
    ),
    re_path(
        r"^meeting/session/(?P<session_id>[0-9]+)/materials$",
        public.session_materials,
        name="api-session-materials",
    ),
    re_path(r"^notify/meeting/bluesheet/?", notify.upload_bluesheet, name="api-bluesheet"),
    re_path(r"^notify/session/attendees/?", notify.add_session_attendees, name="api-attendees"),
    re_path(r"^notify/session/chatlog/?", notify.upload_chatlog, name="api-chatlog"),
    re_path(r"^notify/session/polls/?", notify.upload_polls, name="api-polls"),
    re_path(
        r"^notify/meeting/registration/?",
        registration.new_registration,
        name="api-registration",
    ),
    re_path(r"^person/email/$", services.active_email_list, name="api-active-email-list"),
    re_path(r"^version/?$", views.version, name="api-version"),
    re_path(r"^appauth/authortools", appauth.authortools, name="api-appauth-authortools"),
    re_path(r"^appauth/bibxml", appauth.bibxml, name="api-appauth-bibxml"),
    re_path(
        r"^rfcdiff-latest-json/(?P<name>[A-Za-z0-9._+-]+?)(?:-(?P<rev>[0-9]{1,2}(?:-[0-9]{2})?))?"
        r"(?:\.txt|\.html)?/?$",
        public.rfcdiff_latest_json,
        name="api-rfcdiff-latest-json",
    ),
    re_path(
        r"^rfcdiff-latest-json/(?P<name>[Rr][Ff][Cc] [0-9]+?)(?:\.txt|\.html)?/?$",
        public.rfcdiff_latest_json,
    ),
    re_path(r"^directauth/?$", services.directauth, name="api-directauth"),
    path("", include("dtapi.submit.api_urls")),  # submission, submission/<id>/status, submit
]
