"""URLs under /doc/."""

from django.urls import re_path

from dtapi.doc import views

app_name = "doc"

urlpatterns = [
    re_path(
        r"^(?P<name>[A-Za-z0-9._+-]+?)(?:/(?P<rev>[0-9]{1,2}(?:-[0-9]{2})?))?/doc\.json$",
        views.document_json,
        name="document-json",
    ),
]
