"""The query shape of a resource, derived once: which columns to select, how to turn a row into
a wire object, and one loader per to-many relation and per batch field.

Rendering a page costs one query for the rows (``values_list`` of the needed columns, joining
only where a related resource is identified by something other than the foreign key's value,
e.g. a document by its name) plus one query per to-many relation for the whole page. No model
instances are created.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import models

from .encoding import uri_segment
from .introspection import FieldSpec
from .prepared import KeyedQuery, OneKeyQuery
from .wire import WireObject

if TYPE_CHECKING:
    from .registry import Registry
    from .resources import ModelResource

Row = tuple[Any, ...]
Loader = Callable[[list[Any]], dict[Any, Any]]


def _uri(prefix: str, value: Any) -> str:
    return prefix + uri_segment(value) + "/"


class Plan:
    """Built by the resource's registry, which it asks for the resources of related models."""

    def __init__(self, resource: ModelResource, registry: Registry) -> None:
        self.resource = resource
        self.registry = registry
        self.columns: list[str] = []
        self.uri_prefix = resource.list_uri
        self.detail_index = self._column(resource.detail_attname)
        self.pk_index = self._column(resource.pk_attname)
        self.raw: list[tuple[str, int]] = []
        self.converted: list[tuple[str, int, Callable[[Any], Any]]] = []
        self.to_one: list[tuple[str, int, str | None]] = []
        self.constants: dict[str, Any] = {}
        # (wire name, row index of the key the loader is keyed by, loader, value when missing)
        self.loaders: list[tuple[str, int, Loader, Any]] = []
        for spec in resource.fields.values():
            self._add(spec)
        self._raw_names = tuple(name for name, _ in self.raw)
        self._raw_get = _tuple_getter([index for _, index in self.raw])
        attname = resource.detail_attname
        self.detail_query = OneKeyQuery(
            resource.model,
            resource.model._meta.get_field(attname),
            lambda key: (
                resource.get_queryset().filter(**{attname: key}).values_list(*self.columns)[:2]
            ),
        )

    # -- compiling --------------------------------------------------------------------------

    def _column(self, path: str) -> int:
        if path not in self.columns:
            self.columns.append(path)
        return self.columns.index(path)

    def _add(self, spec: FieldSpec) -> None:
        if spec.kind == "to_one":
            self._add_to_one(spec)
        elif spec.kind == "to_many":
            self._add_to_many(spec)
        elif spec.kind == "batch":
            self._add_batch(spec)
        elif spec.column is None:
            self.constants[spec.name] = None
        elif spec.encode is None:
            self.raw.append((spec.name, self._column(spec.column)))
        else:
            self.converted.append((spec.name, self._column(spec.column), spec.encode))

    def _add_to_one(self, spec: FieldSpec) -> None:
        f = spec.model_field
        if f is None:
            self.constants[spec.name] = None
            return
        path, prefix = _target_value_path(self.registry, f, spec.target)
        self.to_one.append((spec.name, self._column(path), prefix))

    def _add_to_many(self, spec: FieldSpec) -> None:
        rel = spec.model_field
        model = self.resource.model
        if isinstance(rel, models.ManyToManyField):
            through = rel.remote_field.through
            src, tgt = rel.m2m_field_name(), rel.m2m_reverse_field_name()
            loader, key = _through_loader(self.registry, through, src, tgt, rel.related_model)
        elif isinstance(rel, models.ManyToManyRel):
            through = rel.field.remote_field.through
            src, tgt = rel.field.m2m_reverse_field_name(), rel.field.m2m_field_name()
            loader, key = _through_loader(self.registry, through, src, tgt, rel.related_model)
        else:  # reverse foreign key
            loader, key = _reverse_fk_loader(self.registry, rel)
        source_key = model._meta.get_field(key).attname
        self.loaders.append((spec.name, self._column(source_key), loader, []))

    def _add_batch(self, spec: FieldSpec) -> None:
        assert spec.loader is not None and spec.encode is not None
        resource, compute, encode = self.resource, spec.loader, spec.encode

        def load(keys: list[Any]) -> dict[Any, Any]:
            return {key: encode(value) for key, value in compute(resource, keys).items()}

        self.loaders.append((spec.name, self.pk_index, load, None))

    # -- running ----------------------------------------------------------------------------

    def objects(self, rows: list[Row]) -> list[WireObject]:
        """Wire objects for rows selected with :attr:`columns` (runs the to-many loaders)."""
        extras = [
            (name, index, loader([row[index] for row in rows]) if rows else {}, missing)
            for name, index, loader, missing in self.loaders
        ]
        return [self._object(row, extras) for row in rows]

    def _object(
        self, row: Row, extras: Iterable[tuple[str, int, dict[Any, Any], Any]]
    ) -> WireObject:
        obj = WireObject(zip(self._raw_names, self._raw_get(row), strict=True))
        obj.update(self.constants)
        for name, index, encode in self.converted:
            obj[name] = encode(row[index])
        for name, index, prefix in self.to_one:
            value = row[index]
            if value is None:
                obj[name] = None
            else:
                obj[name] = "" if prefix is None else _uri(prefix, value)
        for name, index, found, missing in extras:
            obj[name] = found.get(row[index], missing)
        obj["resource_uri"] = _uri(self.uri_prefix, row[self.detail_index])
        return obj


def _tuple_getter(indexes: list[int]) -> Callable[[Row], tuple[Any, ...]]:
    if not indexes:
        return lambda row: ()
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: (row[index],)
    return itemgetter(*indexes)


def _target_value_path(
    registry: Registry, fk: Any, target_model: type[models.Model] | None
) -> tuple[str, str | None]:
    """The column (seen from the row holding ``fk``) whose value goes in the target's URI, and
    the target's URI prefix (``None``: the target has no resource, the original sends "")."""
    target = registry.for_model(target_model)
    if target is None:
        return fk.attname, None
    if fk.target_field.attname == target.detail_attname:
        return fk.attname, target.list_uri
    return f"{fk.name}__{target.detail_attname}", target.list_uri


def _ordering_through(relation: str, model: type[models.Model]) -> list[str]:
    """``model``'s default ordering, as seen from a row that relates to it via ``relation``."""
    result = []
    for item in model._meta.ordering:
        if not isinstance(item, str) or item == "?":
            continue
        sign, name = ("-", item[1:]) if item.startswith("-") else ("", item)
        result.append(f"{sign}{relation}__{name}")
    return result


def _through_loader(
    registry: Registry,
    through: type[models.Model],
    src: str,
    tgt: str,
    target_model: type[models.Model],
) -> tuple[Loader, str]:
    src_fk = through._meta.get_field(src)
    tgt_fk = through._meta.get_field(tgt)
    value_path, prefix = _target_value_path(registry, tgt_fk, target_model)
    order = [*_ordering_through(tgt, target_model), through._meta.pk.name]
    lookup = f"{src}__in"

    query = KeyedQuery(
        through,
        lambda keys: (
            through._base_manager.filter(**{lookup: keys})
            .order_by(*order)
            .values_list(src_fk.attname, value_path)
        ),
    )

    def load(keys: list[Any]) -> dict[Any, Any]:
        return _group(query.rows(keys), prefix)

    return load, src_fk.target_field.name


def _reverse_fk_loader(registry: Registry, rel: models.ForeignObjectRel) -> tuple[Loader, str]:
    fk = rel.field
    related = rel.related_model
    target = registry.for_model(related)
    value_path = target.detail_attname if target is not None else related._meta.pk.attname
    prefix = target.list_uri if target is not None else None
    lookup = f"{fk.name}__in"

    query = KeyedQuery(
        related,
        lambda keys: related._default_manager.filter(**{lookup: keys}).values_list(
            fk.attname, value_path
        ),
    )

    def load(keys: list[Any]) -> dict[Any, Any]:
        return _group(query.rows(keys), prefix)

    return load, fk.target_field.name


def _group(rows: Iterable[tuple[Any, Any]], prefix: str | None) -> dict[Any, list[str]]:
    grouped: dict[Any, list[str]] = defaultdict(list)
    for key, value in rows:
        if value is not None:
            grouped[key].append("" if prefix is None else _uri(prefix, value))
    return grouped
