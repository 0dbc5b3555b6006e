"""Model metadata -> the field specs of a resource (computed once per resource).

A field spec says what a wire key is: where its value comes from (a column, a relation, a
computation), its schema properties, and how it may be filtered. The derivation follows the
original API's conventions: every concrete field is included, every forward relation becomes a
related URI field, and the schema properties are those its resources showed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models.fields import NOT_PROVIDED

from . import fields as declared
from .constants import ALL, ALL_WITH_RELATIONS
from .encoding import encoder_for

if TYPE_CHECKING:
    from .resources import ModelResource

NO_DEFAULT = "No default provided."

# Django internal type -> wire type, as the original maps model fields (anything else: string).
_WIRE_TYPES = {
    "DateField": "date",
    "DateTimeField": "datetime",
    "BooleanField": "boolean",
    "NullBooleanField": "boolean",
    "FloatField": "float",
    "DecimalField": "decimal",
    "IntegerField": "integer",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "SmallIntegerField": "integer",
    "AutoField": "integer",
    "BigIntegerField": "integer",
    "BigAutoField": "integer",
    "TimeField": "time",
    "FileField": "file",
    "ImageField": "file",
}

# Types whose database value is already the wire value (unless the field converts it).
_PASSTHROUGH = {"string", "integer", "boolean", "float"}
_TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


@dataclass(eq=False)
class FieldSpec:
    """One wire key of a resource."""

    name: str
    kind: str  # plain | computed | batch | to_one | to_many
    type: str  # the schema type
    attribute: str | None  # model attribute used for filtering and ordering
    model_field: Any = None  # the Django field (or reverse relation) behind it, if any
    target: type[models.Model] | None = None  # related model, for relations
    nullable: bool = False
    blank: bool = False
    unique: bool = False
    default: Any = NOT_PROVIDED
    help_text: str = ""
    verbose_name: str = ""
    filtering: Any = None
    encode: Callable[[Any], Any] | None = None  # python value -> wire value; None: as is
    loader: Callable[..., Any] | None = None  # batch fields
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_related(self) -> bool:
        return self.kind in ("to_one", "to_many")

    @property
    def column(self) -> str | None:
        """The ``values_list`` column that holds this field's raw value, if any."""
        if self.kind in ("plain", "computed") and self.model_field is not None:
            return self.attribute
        if self.kind == "to_one" and self.model_field is not None:
            return self.model_field.attname
        return None


def _plain_encoder(f: models.Field, wire_type: str) -> Callable[[Any], Any] | None:
    if wire_type == "file":
        return _file_encoder(f)
    internal = f.get_internal_type()
    converts = hasattr(f, "from_db_value")
    if wire_type in _PASSTHROUGH and not converts:
        if wire_type != "string" or internal in _TEXT_TYPES:
            return None
    return encoder_for(wire_type)


def _file_encoder(f: Any) -> Callable[[Any], Any]:
    storage = f.storage

    def encode(name: Any) -> str | None:
        return storage.url(name) if name else None

    return encode


def _model_default(f: models.Field) -> Any:
    """The schema default of an auto-included model field, as the original computes it."""
    default: Any = NOT_PROVIDED
    if not f.null and f.blank:
        default = ""
    if f.get_internal_type() == "TextField":
        default = ""
    if f.has_default():
        default = f.default
    if getattr(f, "auto_now", False):
        default = f.auto_now
    if getattr(f, "auto_now_add", False):
        default = f.auto_now_add
    return default


def plain_spec(f: models.Field) -> FieldSpec:
    wire_type = _WIRE_TYPES.get(f.get_internal_type(), "string")
    return FieldSpec(
        name=f.name,
        kind="plain",
        type="string" if wire_type == "file" else wire_type,
        attribute=f.name,
        model_field=f,
        nullable=f.null,
        blank=not f.null and f.blank,
        unique=f.unique,
        default=_model_default(f),
        help_text=str(f.help_text or declared.HELP_TEXTS[wire_type]),
        verbose_name=str(f.verbose_name),
        filtering=ALL,
        encode=_plain_encoder(f, wire_type),
    )


def _related_spec(name: str, kind: str, attribute: str | None, **kwargs: Any) -> FieldSpec:
    return FieldSpec(
        name=name,
        kind=kind,
        type="related",
        attribute=attribute,
        help_text=declared.HELP_TEXTS[kind],
        verbose_name=name.replace("_", " "),
        filtering=ALL_WITH_RELATIONS,
        **kwargs,
    )


def to_one_spec(f: models.Field) -> FieldSpec:
    return _related_spec(
        f.name, "to_one", f.name, model_field=f, target=f.related_model, nullable=f.null
    )


def to_many_spec(f: models.ManyToManyField) -> FieldSpec:
    return _related_spec(
        f.name, "to_many", f.name, model_field=f, target=f.related_model, nullable=True
    )


def _reverse_relation(model: type[models.Model], accessor: str) -> Any:
    for rel in model._meta.related_objects:
        if rel.get_accessor_name() == accessor:
            return rel
    return None


def _model_attr(model: type[models.Model], attribute: str) -> Any:
    try:
        return model._meta.get_field(attribute)
    except Exception:
        return None


def _declared_to_one(model: type[models.Model], decl: declared.ToOne) -> FieldSpec:
    assert decl.attribute is not None
    f = _model_attr(model, decl.attribute)
    if f is not None and f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete:
        spec = to_one_spec(f)
        spec.name, spec.verbose_name = decl.name, decl.name.replace("_", " ")
        if decl.null is not None:
            spec.nullable = decl.null
        return spec
    # Not a relation of the model: always null, like the original's missing attributes.
    target = apps.get_model(decl.to) if decl.to else None
    return _related_spec(decl.name, "to_one", decl.attribute, target=target, nullable=True)


def _declared_to_many(model: type[models.Model], decl: declared.ToMany) -> FieldSpec:
    assert decl.attribute is not None
    f = _model_attr(model, decl.attribute)
    if f is not None and f.many_to_many and f.concrete:
        spec = to_many_spec(f)
        spec.name, spec.verbose_name = decl.name, decl.name.replace("_", " ")
        return spec
    rel = _reverse_relation(model, decl.attribute)
    if rel is None:
        raise LookupError(f"{model.__name__} has no relation {decl.attribute!r}")
    return _related_spec(
        decl.name,
        "to_many",
        decl.attribute,
        model_field=rel,
        target=rel.related_model,
        nullable=True,
    )


def _declared_value(model: type[models.Model], decl: declared.Field) -> FieldSpec:
    f = _model_attr(model, decl.attribute) if decl.attribute else None
    if decl.kind == "batch":
        f = None
    elif f is None or not f.concrete or f.is_relation:
        raise LookupError(f"{model.__name__} has no column {decl.attribute!r}")
    convert = encoder_for(decl.type)
    func = getattr(decl, "func", None)
    if func is not None:

        def encode(value: Any, func: Callable[[Any], Any] = func) -> Any:
            return None if value is None else convert(func(value))
    else:
        encode = convert
    return FieldSpec(
        name=decl.name,
        kind=decl.kind,
        type=decl.type,
        attribute=decl.attribute,
        model_field=f,
        nullable=bool(decl.null),
        help_text=declared.HELP_TEXTS.get(decl.type, ""),
        verbose_name=decl.name.replace("_", " "),
        filtering=ALL if decl.kind == "plain" else None,
        encode=encode,
        loader=getattr(decl, "loader", None),
    )


def declared_spec(model: type[models.Model], decl: declared.Field) -> FieldSpec:
    if isinstance(decl, declared.ToOne):
        spec = _declared_to_one(model, decl)
    elif isinstance(decl, declared.ToMany):
        spec = _declared_to_many(model, decl)
    else:
        spec = _declared_value(model, decl)
    if decl.help_text:
        spec.help_text = decl.help_text
    if decl.filtering is not None:
        spec.filtering = decl.filtering or None
    return spec


def model_specs(model: type[models.Model]) -> dict[str, FieldSpec]:
    """The default field specs of a model: all concrete fields and forward relations."""
    specs: dict[str, FieldSpec] = {}
    for f in model._meta.fields:
        if f.is_relation:
            specs[f.name] = to_one_spec(f)
        else:
            specs[f.name] = plain_spec(f)
    for f in model._meta.many_to_many:
        specs[f.name] = to_many_spec(f)
    return specs


def resource_specs(resource: ModelResource) -> dict[str, FieldSpec]:
    """Field specs of a resource: model defaults, minus excludes, plus declarations."""
    model = resource.model
    specs = {
        name: spec for name, spec in model_specs(model).items() if name not in resource.excludes
    }
    for name, decl in resource.declared_fields.items():
        specs[name] = declared_spec(model, decl)
    return specs
