"""Top-level URL map: /api/, /admin/, /accounts/, /doc/, /submit/."""

from django.contrib import admin
from django.urls import include, path, re_path

from dtapi.changes import views as changes_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/openid/", include("dtapi.oidc.urls")),
    path("api/signing/", include("dtapi.signing.urls")),
    re_path(r"^api/changes/?$", changes_views.changes, name="changes-feed"),  # outside /api/v1
    path("api/export/", include("dtapi.mirror.urls")),
    path("api/", include("dtapi.engine.urls")),
    path("api/", include("dtapi.api.urls")),
    path("accounts/", include("dtapi.accounts.urls")),
    path("doc/", include("dtapi.doc.urls")),
    path("submit/", include("dtapi.submit.urls")),
]
