"""``ModelResource``: one read-only API resource over one model, configured by class attributes.

A resource class lists only departures from what the model implies::

    class EmailResource(ModelResource):
        model = Email
        ordering = ["address"]

Options (class attributes):

``model``            the Django model (required).
``resource_name``    URI segment; default ``model._meta.model_name``.
``detail_uri_name``  the model attribute in detail URIs; default the primary key.
``ordering``         fields ``order_by`` accepts; default ``["id"]`` when there is an ``id``
                     field, otherwise none.
``filtering``        ``{field: ALL | ALL_WITH_RELATIONS | [lookups]}``; default: every plain
                     field ``ALL``, every relation ``ALL_WITH_RELATIONS``.
``not_filterable``   fields removed from the default filtering.
``excludes``         model fields not exposed.
``get_queryset()``   the base queryset (default: the model's default manager, all rows).

Field declarations (see ``fields.py``) add keys or replace derived ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from .conf import engine_settings
from .fields import Field, declared_in
from .introspection import FieldSpec, resource_specs
from .plan import Plan

if TYPE_CHECKING:
    from .registry import Registry


class ModelResource:
    model: ClassVar[type[models.Model]]
    resource_name: ClassVar[str | None] = None
    detail_uri_name: ClassVar[str | None] = None
    ordering: ClassVar[Sequence[str] | None] = None
    filtering: ClassVar[dict[str, Any] | None] = None
    not_filterable: ClassVar[Sequence[str]] = ()
    excludes: ClassVar[Sequence[str]] = ()

    declared_fields: ClassVar[dict[str, Field]] = {}
    #: the registry this resource belongs to (set by :meth:`Registry.add`): where its relations'
    #: resources are found
    registry: Registry

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        inherited: dict[str, Field] = {}
        for base in reversed(cls.__mro__[1:]):
            inherited.update(getattr(base, "declared_fields", {}))
        inherited.update(declared_in(vars(cls).items()))
        cls.declared_fields = inherited

    # -- identity -------------------------------------------------------------------------

    @cached_property
    def app_label(self) -> str:
        return self.model._meta.app_label

    @cached_property
    def name(self) -> str:
        return self.resource_name or self.model._meta.model_name or ""

    @cached_property
    def list_uri(self) -> str:
        return f"{engine_settings.url_prefix}{self.app_label}/{self.name}/"

    @cached_property
    def schema_uri(self) -> str:
        return f"{self.list_uri}schema/"

    @cached_property
    def pk_attname(self) -> str:
        return self.model._meta.pk.attname

    @cached_property
    def detail_attname(self) -> str:
        """The column whose value identifies an object in its URI."""
        name = self.detail_uri_name or self.model._meta.pk.name
        return self.model._meta.get_field(name).attname

    # -- fields, filtering, ordering ---------------------------------------------------------

    @cached_property
    def fields(self) -> dict[str, FieldSpec]:
        """Wire key -> spec, without ``resource_uri``."""
        return resource_specs(self)

    @cached_property
    def field_filtering(self) -> dict[str, Any]:
        if self.filtering is not None:
            return dict(self.filtering)
        return {
            name: spec.filtering
            for name, spec in self.fields.items()
            if spec.filtering and name not in self.not_filterable
        }

    @cached_property
    def allowed_ordering(self) -> list[str]:
        if self.ordering is not None:
            return list(self.ordering)
        return ["id"] if "id" in self.fields else []

    # -- data -----------------------------------------------------------------------------

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.model._default_manager.all()

    @cached_property
    def plan(self) -> Plan:
        return Plan(self, self.registry)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.app_label}/{self.name}>"
