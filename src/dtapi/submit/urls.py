"""``/submit/<id>/confirm/<token>/``: the confirmation page a submitter's mail links to."""

from django.urls import re_path

from dtapi.submit import views

urlpatterns = [
    re_path(
        r"^(?P<submission_id>[0-9]+)/confirm/(?P<token>[a-f0-9]{1,64})/$",
        views.confirm_submission,
        name="submit-confirm",
    ),
]
