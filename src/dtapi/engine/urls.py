"""URL patterns of the /api/v1 engine; include them at ``api/``.

Detail ids may contain anything up to the final slash (dots, ``@``, even slashes), as in the
original. Unknown apps and resources are Django 404s.
"""

from django.urls import re_path

from . import openapi, views
from .conf import engine_settings

_V = engine_settings.API_NAME
_RES = rf"^{_V}/(?P<app_label>[^/]+)/(?P<resource_name>[^/]+)"

urlpatterns = [
    re_path(rf"^{_V}/?$", views.top_level, name="dtapi-engine-top-level"),
    # Before the patterns with an app segment, so that no app label can shadow it.
    re_path(rf"^{_V}/openapi\.json$", openapi.openapi_view, name="dtapi-engine-openapi"),
    re_path(rf"^{_V}/(?P<app_label>[^/]+)/$", views.app_top_level, name="dtapi-engine-app"),
    re_path(rf"{_RES}/$", views.resource_list, name="dtapi-engine-list"),
    re_path(rf"{_RES}/schema/$", views.resource_schema, name="dtapi-engine-schema"),
    re_path(rf"{_RES}/set/(?P<keys>.*?)/$", views.resource_set, name="dtapi-engine-set"),
    re_path(rf"{_RES}/(?P<key>.*?)/$", views.resource_detail, name="dtapi-engine-detail"),
]
