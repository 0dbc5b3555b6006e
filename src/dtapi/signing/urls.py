"""Mounted at /api/signing/."""

from django.urls import re_path

from dtapi.signing import views

app_name = "signing"

urlpatterns = [
    re_path(r"^jwks/?$", views.jwks, name="jwks"),
]
