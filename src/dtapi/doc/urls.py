"""URLs under /doc/."""

from django.urls import re_path

from dtapi.doc import views

app_name = "doc"

_NAME = r"(?P<name>[A-Za-z0-9._+-]+?)"
_REV = r"(?P<rev>[0-9]{1,2}(?:-[0-9]{2})?)"

urlpatterns = [
    re_path(rf"^{_NAME}(?:/{_REV})?/doc\.json$", views.document_json, name="document-json"),
    re_path(rf"^{_NAME}/$", views.document_page, name="document"),
    re_path(rf"^{_NAME}/{_REV}/$", views.document_page, name="document-rev"),
]
