"""The site's URLs plus the engine mounted at /api/ (until the lead mounts it in dtapi.urls)."""

from django.urls import include, path

from dtapi.urls import urlpatterns as site_patterns

urlpatterns = [path("api/", include("dtapi.engine.urls")), *site_patterns]
