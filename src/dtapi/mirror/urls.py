from django.urls import re_path

from . import views

urlpatterns = [
    re_path(
        r"^(?P<app_label>[a-z0-9_]+)/(?P<resource_name>[a-z0-9_]+)\.ndjson(?P<gz>\.gz)?$",
        views.export_resource,
        name="export-resource",
    ),
]
