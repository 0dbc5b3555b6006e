"""``/api/submission`` (the draft upload API), its status, and the ``/api/submit`` tombstone.

Patterns as the original's: ``submission/<id>/status`` is a prefix pattern.
"""

from django.urls import re_path

from dtapi.submit import views

urlpatterns = [
    re_path(r"^submit/?$", views.api_submit_tombstone, name="submit-api-tombstone"),
    re_path(r"^submission/?$", views.api_submission, name="submit-api"),
    re_path(
        r"^submission/(?P<submission_id>[0-9]+)/status/?",
        views.api_submission_status,
        name="submit-api-status",
    ),
]
