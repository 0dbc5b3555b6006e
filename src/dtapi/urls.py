"""Top-level URL map: /api/, /admin/, /accounts/, /doc/."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("dtapi.api.urls")),
]
