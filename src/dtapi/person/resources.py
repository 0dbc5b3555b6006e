"""API resources of the person app: only departures from the engine's defaults.

``Person.user`` needs nothing: users have no resource, so a set user is sent as ``""``.
"""

from typing import Any

from django.db.models import QuerySet

from dtapi.engine import ModelResource

from .models import Email, PersonalApiKey


class EmailResource(ModelResource):
    model = Email
    ordering = ["address"]


class PersonalApiKeyResource(ModelResource):
    """The endpoint exists but never lists a key."""

    model = PersonalApiKey
    excludes = ("salt",)

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().none()
