"""The /api/ site: help page, version, and the write endpoints (personal API keys).

``iesg/position`` is a prefix pattern, as on the original (a longer path reaches the view,
whose key check then answers "Apikey endpoint mismatch").
"""

from django.urls import include, path, re_path

from dtapi.api import views
from dtapi.api.endpoints import iesg, meeting

urlpatterns = [
    path("", views.help_page, name="api-help"),
    re_path(r"^version/?$", views.version, name="api-version"),
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
    path("", include("dtapi.submit.api_urls")),  # submission, submission/<id>/status, submit
]
