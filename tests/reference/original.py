"""The original Datatracker's customizations of django-tastypie, re-implemented for the reference.

The original (``ietf/api/__init__.py`` and its library patch, described in
``../shared/spec/datatracker-api.md`` §1.2 and §1.0) changes tastypie in a few places; this
module reproduces each one from that description:

* :class:`Serializer` -- datetimes in UTC, second precision, trailing ``Z``;
* :class:`TimedeltaField` -- a duration field typed ``timedelta`` in the schema, sent as
  ``str(timedelta)``;
* :class:`ToOneField` -- a missing related object is ``null`` (or a 400 when the field is not
  nullable), and the dehydrated related URI is cached in the related resource's cache;
* :class:`ModelResource` -- the original's cache keys, and the library patch that turns a
  ``FieldError`` raised by a filter into a 400 ``"Invalid resource lookup: ..."``;
* :class:`Paginator` -- the other half of that patch (a ``ValueError`` while counting -> 400);
* :func:`top_level` -- the custom ``/api/v1/`` view.

Nothing here is used by dtapi itself: this is test and benchmark code.
"""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

try:  # tastypie serves XML only with defusedxml (and without it, silently, no XML at all)
    import defusedxml  # noqa: F401
except ImportError as exc:  # pragma: no cover
    raise ImportError(
        "The reference needs defusedxml for XML, as the original (requirements.txt: "
        "'defusedxml  # for TastyPie when using xml'): pip install defusedxml"
    ) from exc
import tastypie.fields
import tastypie.paginator
import tastypie.resources
import tastypie.serializers
from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.db import connections
from django.http import HttpRequest, HttpResponse
from tastypie.bundle import Bundle
from tastypie.exceptions import ApiFieldError, BadRequest
from tastypie.utils import is_valid_jsonp_callback_value
from tastypie.utils.mime import build_content_type, determine_format

API_PREFIX = "/api/v1"

# The formats the original serves: JSON and XML (tastypie adds YAML/plist only when PyYAML or
# biplist is installed; the original's requirements have neither). Fixed here so that the
# reference does not change when some other package pulls PyYAML into the environment.
FORMATS = ["json", "xml"]


def default_serializer() -> tastypie.serializers.Serializer:
    """tastypie's stock serializer (used by the name resources and the top-level view)."""
    return tastypie.serializers.Serializer(formats=FORMATS)


class Serializer(tastypie.serializers.Serializer):
    """tastypie's serializer with the original's datetime format: ``2023-09-03T12:34:56Z``."""

    formats = FORMATS

    def format_datetime(self, data: datetime.datetime) -> str:
        utc = data.astimezone(datetime.UTC).replace(tzinfo=None)
        return utc.isoformat(timespec="seconds") + "Z"


_DURATION = re.compile(
    r"^(?:(?P<days>\d+)d)?\s?(?:(?P<hours>\d+)h)?\s?(?:(?P<minutes>\d+)m)?\s?(?:(?P<seconds>\d+)s?)$"
)


class TimedeltaField(tastypie.fields.ApiField):
    """A duration: ``str(timedelta)`` on output, ``1d 2h 3m 4s`` accepted on input."""

    dehydrated_type = "timedelta"
    help_text = "A timedelta field, with duration expressed in seconds. Ex: 132"

    @staticmethod
    def _parse(value: str) -> datetime.timedelta | None:
        found = _DURATION.search(value)
        if not found:
            return None
        parts = {key: int(number or 0) for key, number in found.groupdict().items()}
        return datetime.timedelta(**parts)

    def convert(self, value: Any) -> Any:
        if isinstance(value, str):
            parsed = self._parse(value)
            if parsed is None:
                raise ApiFieldError(
                    f"Timedelta provided to '{self.instance_name}' field doesn't appear to be a valid timedelta "
                    f"string: '{value}'"
                )
            return parsed
        return value

    def hydrate(self, bundle: Bundle) -> Any:
        value = super().hydrate(bundle)
        if value and not isinstance(value, datetime.timedelta):
            if not isinstance(value, str):
                raise ApiFieldError(
                    f"Datetime provided to '{self.instance_name}' field must be a string: {value}"
                )
            parsed = self._parse(value)
            if parsed is None:
                raise ApiFieldError(
                    f"Timedelta provided to '{self.instance_name}' field doesn't appear to be a valid datetime "
                    f"string: '{value}'"
                )
            value = parsed
        return value


class ToOneField(tastypie.fields.ToOneField):
    """The original's to-one field.

    The attribute path is walked with ``getattr(..., None)``, a ``DoesNotExist`` counting as
    "no object"; no object gives ``null`` (or, for a field that is not nullable, an
    ``ApiFieldError`` -> 400). The related URI is cached under the related resource's
    ``generate_cache_key('related', pk=..., for_list=...)``; the related object is still fetched
    first, so the cache saves URL reversing, not queries -- as in the original.
    """

    def dehydrate(self, bundle: Bundle, for_list: bool = True) -> Any:
        holder: Any = bundle.obj
        related: Any = None
        step = None
        if callable(self.attribute):
            related = self.attribute(bundle)
        else:
            related = holder
            for step in self._attrs:
                holder = related
                try:
                    related = getattr(related, step, None)
                except ObjectDoesNotExist:
                    related = None
        if not related:
            if self.null:
                return None
            if callable(self.attribute):
                raise ApiFieldError(
                    f"The related resource for resource {holder} could not be found."
                )
            raise ApiFieldError(
                f"The model '{holder!r}' has an empty attribute '{step}' and doesn't allow a null value."
            )
        resource = self.get_related_resource(related)
        key = resource.generate_cache_key("related", pk=related.pk, for_list=for_list)
        value = resource._meta.cache.get(key)
        if value is None:
            value = self.dehydrate_related(
                Bundle(obj=related, request=bundle.request), resource, for_list=for_list
            )
            resource._meta.cache.set(key, value)
        return value


class Paginator(tastypie.paginator.Paginator):
    """tastypie's paginator with the original's patch: a ``ValueError`` while counting -> 400."""

    def get_count(self) -> int:
        try:
            return super().get_count()
        except ValueError as exc:
            raise BadRequest(f"Invalid resource lookup: {exc}.") from None


class ModelResource(tastypie.resources.ModelResource):
    """Base of every reference resource: the original's cache keys and FieldError patch."""

    class Meta:
        abstract = True

    def generate_cache_key(self, *args: Any, **kwargs: Any) -> str:
        return "{}:{}:{}:{}".format(
            self._meta.api_name,
            self._meta.resource_name,
            ":".join(str(arg) for arg in args),
            urlencode(kwargs),
        )

    def apply_sorting(self, obj_list: Any, options: Any = None) -> Any:
        """Where the original leaves a list's order to the database (no ``order_by``, no
        ``Meta.ordering``), dtapi pages by primary key on PostgreSQL (a deliberate departure,
        so that offset pages neither skip nor repeat rows); the reference does the same, so
        that answers still compare row by row instead of as sets."""
        obj_list = super().apply_sorting(obj_list, options)
        if obj_list.ordered or connections[obj_list.db].vendor == "sqlite":
            return obj_list
        return obj_list.order_by("pk")

    def obj_get_list(self, bundle: Bundle, **kwargs: Any) -> Any:
        try:
            return super().obj_get_list(bundle, **kwargs)
        except FieldError as exc:
            raise BadRequest(f"Invalid resource lookup: {exc}.") from None


def make_top_level(api_list: list[tuple[str, Any]]):
    """The original's ``/api/v1/`` view over ``[(app label, Api), ...]``.

    A plain Django view (not wrapped by tastypie): only apps with resources, sorted, each with
    just a ``list_endpoint``; the format negotiated like tastypie's with a default serializer.
    """

    def top_level(request: HttpRequest) -> HttpResponse:
        resources = {
            name: {"list_endpoint": f"{API_PREFIX}/{name}/"}
            for name in sorted(name for name, api in api_list if api._registry)
        }
        serializer = default_serializer()
        desired = determine_format(request, serializer)
        options = {}
        if "text/javascript" in desired:
            callback = request.GET.get("callback", "callback")
            if not is_valid_jsonp_callback_value(callback):
                raise BadRequest("JSONP callback name is invalid.")
            options["callback"] = callback
        content = serializer.serialize(resources, desired, options)
        return HttpResponse(content=content, content_type=build_content_type(desired))

    return top_level
