"""A reference server: real django-tastypie resources configured like the original's.

Used only by the conformance tests (and usable by bench/): one tastypie ``Api`` per API app,
mounted at ``/tp/v1/``, with resources generated from the same models following the original's
conventions (every foreign key a ``ToOneField``, every many-to-many a ``ToManyField``,
filtering ALL / ALL_WITH_RELATIONS, ordering ``['id']``) plus the same departures the dtapi
``resources.py`` files declare. Comparing its answers with the engine's (with ``/tp/v1/``
read as ``/api/v1/``) checks wire compatibility field by field.
"""

from __future__ import annotations

import datetime
import sys
from typing import Any

from django.apps import apps
from django.urls import include, path
from tastypie import fields as tf
from tastypie.api import Api
from tastypie.cache import SimpleCache
from tastypie.constants import ALL, ALL_WITH_RELATIONS
from tastypie.resources import ModelResource
from tastypie.serializers import Serializer

from dtapi.engine.registry import api_app_configs

PREFIX = "/tp/v1/"
_API_LABELS = {config.label for config in api_app_configs()}
_module = sys.modules[__name__]


class UtcSerializer(Serializer):
    """Datetimes in UTC, whole seconds, trailing Z (the original's serializer behaviour)."""

    def format_datetime(self, data: datetime.datetime) -> str:
        return data.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TimedeltaField(tf.ApiField):
    dehydrated_type = "timedelta"
    help_text = "A timedelta field, with duration expressed in seconds. Ex: 132"


def _class_path(model: Any) -> str:
    return f"{__name__}.{_class_name(model)}"


def _class_name(model: Any) -> str:
    return f"{model._meta.app_label}_{model.__name__}Resource"


def _to(model: Any) -> str:
    """Path of the resource class for ``model``; models outside the API (users, content types)
    get a resource class that is never registered, so URIs to them are ""."""
    name = _class_name(model)
    if model._meta.app_label not in _API_LABELS and not hasattr(_module, name):
        meta = type("Meta", (), {"queryset": model._default_manager.all()})
        setattr(_module, name, type(name, (ModelResource,), {"Meta": meta, "__module__": __name__}))
    return _class_path(model)


# Departures, mirroring the dtapi resources.py files.
_DOC_SUBMISSIONS = {
    "submissions": lambda: tf.ToManyField(
        _to(apps.get_model("submit", "Submission")), "submission_set", null=True
    )
}
_DEPARTURES: dict[str, dict[str, Any]] = {
    "doc.Document": {
        "excludes": ["formal_languages", "action_holders"],
        "not_filterable": ["id", "words", "rfc_number"],
        "detail_uri_name": "name",
        "extra": {
            "rfc": lambda: tf.CharField(attribute="rfc_number", null=True),
            **_DOC_SUBMISSIONS,
        },
    },
    "doc.DocHistory": {"excludes": ["formal_languages"]},
    "group.Group": {
        "extra": {
            "ad": lambda: tf.ToOneField(_to(apps.get_model("person", "Person")), "ad", null=True)
        },
        "filter_extra": {"ad": ALL_WITH_RELATIONS},
    },
    "group.GroupHistory": {
        "extra": {
            "ad": lambda: tf.ToOneField(_to(apps.get_model("person", "Person")), "ad", null=True)
        },
        "filter_extra": {"ad": ALL_WITH_RELATIONS},
    },
    "submit.Submission": {
        "extra": {
            "checks": lambda: tf.ToManyField(
                _to(apps.get_model("submit", "SubmissionCheck")), "checks", null=True
            )
        }
    },
    "person.Email": {"ordering": ["address"]},
    "person.PersonalApiKey": {"excludes": ["salt"], "empty": True},
    "meeting.Meeting": {
        "ordering": ["id", "date"],
        "excludes": ["overview", "group_conflict_types"],
        "extra": {
            "agenda": lambda: tf.ToOneField(
                _to(apps.get_model("meeting", "Schedule")), "schedule", null=True
            ),
            "updated": lambda: tf.DateTimeField(attribute="updated"),
        },
        "filter_extra": {"agenda": ALL_WITH_RELATIONS},
    },
    "meeting.Session": {
        "ordering": ["id", "modified", "scheduled", "meeting"],
        "excludes": ["joint_with_groups", "tombstone_for"],
        "extra": {
            "requested_duration": lambda: TimedeltaField("requested_duration"),
            "assignments": lambda: tf.ToManyField(
                _to(apps.get_model("meeting", "SchedTimeSessAssignment")),
                "timeslotassignments",
                null=True,
            ),
        },
        "filter_extra": {"requested_duration": ALL, "assignments": ALL_WITH_RELATIONS},
    },
    "meeting.TimeSlot": {
        "ordering": ["id", "time", "modified", "meeting"],
        "extra": {"duration": lambda: TimedeltaField("duration")},
        "filter_extra": {"duration": ALL},
    },
    "meeting.SchedTimeSessAssignment": {
        "ordering": ["id", "modified"],
        "extra": {
            "agenda": lambda: tf.ToOneField(_to(apps.get_model("meeting", "Schedule")), "schedule")
        },
        "filter_extra": {"agenda": ALL_WITH_RELATIONS},
    },
}


def _resource_class(model: Any) -> type[ModelResource]:
    dep = _DEPARTURES.get(model._meta.label, {})
    excludes = set(dep.get("excludes", []))
    attrs: dict[str, Any] = {}
    filtering: dict[str, Any] = {}
    for f in model._meta.fields:
        if f.name in excludes:
            continue
        if f.is_relation:
            attrs[f.name] = tf.ToOneField(_to(f.related_model), f.name, null=f.null)
            filtering[f.name] = ALL_WITH_RELATIONS
        else:
            filtering[f.name] = ALL
    for f in model._meta.many_to_many:
        if f.name not in excludes:
            attrs[f.name] = tf.ToManyField(_to(f.related_model), f.name, null=True)
            filtering[f.name] = ALL_WITH_RELATIONS
    for name, make in dep.get("extra", {}).items():
        attrs[name] = make()
        filtering.pop(name, None)
    filtering.update(dep.get("filter_extra", {}))
    for name in dep.get("not_filterable", []):
        filtering.pop(name, None)
    if model._meta.app_label == "name":
        ordering: list[str] = []
    else:
        ordering = dep.get(
            "ordering", ["id"] if any(f.name == "id" for f in model._meta.fields) else []
        )
    manager = model._default_manager
    meta = type(
        "Meta",
        (),
        {
            "queryset": manager.none() if dep.get("empty") else manager.all(),
            "resource_name": model._meta.model_name,
            "excludes": sorted(excludes),
            "filtering": filtering,
            "ordering": ordering,
            "serializer": UtcSerializer(),
            "cache": SimpleCache(),
            "detail_uri_name": dep.get("detail_uri_name", "pk"),
        },
    )
    attrs["Meta"] = meta
    attrs["__module__"] = __name__
    return type(_class_name(model), (ModelResource,), attrs)


def build_apis() -> list[Api]:
    result = []
    for config in api_app_configs():
        api = Api(api_name=config.label, serializer_class=UtcSerializer)
        for model in config.get_models():
            cls = _resource_class(model)
            setattr(_module, cls.__name__, cls)
            api.register(cls())
        result.append(api)
    return result


APIS = build_apis()
urlpatterns = [path("tp/v1/", include(api.urls)) for api in APIS]
