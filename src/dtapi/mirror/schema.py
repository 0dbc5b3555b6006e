"""What a source serves, mapped onto the local models, in the order they can be written.

The source is read the way any client discovers a tastypie API: ``/api/v1/`` lists the apps,
each app's index lists its resources, and each ``schema/`` gives the resource's keys. A remote
resource is mirrored when this instance has a resource of the same app and name; its keys are
decoded through the local resource's field specs (``dtapi.engine.introspection``), so the
mapping between wire keys and columns is the one the engine itself serves.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from dtapi.engine.introspection import FieldSpec
from dtapi.engine.registry import registry
from dtapi.engine.resources import ModelResource

from .http import Client


@dataclass
class Plan:
    """One resource to mirror."""

    key: str  # "app.resource"
    resource: ModelResource
    list_uri: str  # the source's list endpoint
    remote_fields: dict[str, Any]
    ordering: list[str]
    filtering: dict[str, Any]
    # Filled by the planner:
    time_field: str | None = None  # a datetime key the source can filter and order on
    is_history: bool = False
    history_of: ModelResource | None = None  # the resource whose objects a history row edits
    depends: set[str] = field(default_factory=set)

    @property
    def model(self) -> type[models.Model]:
        return self.resource.model

    @property
    def label(self) -> str:
        return self.key

    def can_filter(self, name: str, lookup: str) -> bool:
        """Whether the source's schema allows ``<name>__<lookup>`` (ALL is 1, ALL_WITH_RELATIONS
        is 2, or a list of lookups)."""
        allowed = self.filtering.get(name)
        if allowed in (1, 2, "ALL", "ALL_WITH_RELATIONS"):
            return True
        return isinstance(allowed, list) and lookup in allowed

    def order_key(self) -> str | None:
        """The key the source can order this resource by so that paging is stable."""
        pk = self.resource.model._meta.pk
        for name in (pk.name, pk.attname, "id"):
            if name in self.ordering and name in self.remote_fields:
                return name
        return None


def discover(
    client: Client, workers: Any = None, cache: dict[str, Any] | None = None
) -> tuple[dict[str, tuple[str, str]], dict[str, Any], Any, float]:
    """``{"app.resource": (list endpoint, schema endpoint)}`` of everything the source serves,
    the schemas known from ``cache`` (the previous run's) when the source's top level is
    unchanged and the cache is less than a day old, the top level, and the discovery's time."""
    top = client.get_json("api/v1/")
    if cache and cache.get("top") == top and time.time() - cache.get("time", 0) < SCHEMA_MAX_AGE:
        served = {k: (v[0], v[1]) for k, v in cache["served"].items()}
        return served, dict(cache.get("schemas", {})), top, cache["time"]
    mapper = workers.map if workers is not None else map
    found: dict[str, tuple[str, str]] = {}
    apps = sorted(top.items())
    for (app, _), index in zip(
        apps, mapper(lambda item: client.get_json(item[1]["list_endpoint"]), apps), strict=True
    ):
        for name, res in sorted(index.items()):
            found[f"{app}.{name}"] = (res["list_endpoint"], res["schema"])
    return found, {}, top, time.time()


SCHEMA_MAX_AGE = 86400.0


def local_resource(key: str) -> ModelResource | None:
    app, _, name = key.partition(".")
    return registry.get(app, name)


# Keys of an object that are computed by the serving side from other rows: never written.
def writable_specs(plan: Plan) -> list[FieldSpec]:
    specs = []
    for name, spec in plan.resource.fields.items():
        if name not in plan.remote_fields:
            continue
        if spec.kind == "batch":
            continue
        if spec.kind == "to_many" and not isinstance(spec.model_field, models.ManyToManyField):
            continue  # a reverse relation: rebuilt from the other side's foreign key
        if spec.model_field is None:
            continue  # a constant (always null on the wire)
        specs.append(spec)
    return specs


def build_plans(
    client: Client,
    only: Iterable[str] | None = None,
    workers: Any = None,
    cache: dict[str, Any] | None = None,
) -> tuple[list[Plan], list[str], dict[str, Any]]:
    """Plans in dependency order, the source's resources that have no local counterpart, and
    what to keep for the next run's discovery (the source's top level, endpoints, schemas)."""
    served, schemas, top, stamp = discover(client, workers, cache)
    wanted = set(only) if only else None
    skipped: list[str] = []
    plans: dict[str, Plan] = {}
    keys = [k for k in served if wanted is None or k in wanted]
    if wanted:
        unknown = sorted(wanted - set(served))
        if unknown:
            raise ValueError(f"the source does not serve {', '.join(unknown)}")

    def fetch_schema(key: str) -> tuple[str, Any]:
        if key in schemas:
            return key, schemas[key]
        return key, client.get_json(served[key][1])

    candidates = []
    for key in keys:
        resource = local_resource(key)
        if resource is None:
            skipped.append(key)
        else:
            candidates.append(key)
    mapper = workers.map if workers is not None else map
    for key, schema in mapper(fetch_schema, candidates):
        schemas[key] = schema
        resource = local_resource(key)
        assert resource is not None
        plans[key] = Plan(
            key=key,
            resource=resource,
            list_uri=served[key][0],
            remote_fields=schema.get("fields", {}),
            ordering=list(schema.get("ordering", [])),
            filtering=dict(schema.get("filtering", {})),
        )
    for plan in plans.values():
        _classify(plan, plans)
    keep = {
        "top": top,
        "time": stamp,
        "served": {k: list(v) for k, v in served.items()},
        "schemas": schemas,
    }
    return order(plans), skipped, keep


_TIME_KEYS = ("history_date", "time", "modified", "updated", "date")


def _classify(plan: Plan, plans: dict[str, Plan]) -> None:
    model = plan.model
    # simple_history's tables: the row's own time, and the object it is a version of.
    if hasattr(model, "instance_type") and "history_id" in plan.remote_fields:
        plan.is_history = True
        plan.history_of = registry.for_model(model.instance_type)
    for name in _TIME_KEYS:
        info = plan.remote_fields.get(name)
        if info and info.get("type") == "datetime" and plan.can_filter(name, "gte"):
            plan.time_field = name
            break
    for spec in writable_specs(plan):
        if spec.kind in ("to_one", "to_many") and spec.target is not None:
            target = registry.for_model(spec.target)
            if target is None:
                continue
            tkey = f"{target.app_label}.{target.name}"
            if tkey in plans and tkey != plan.key and spec.kind == "to_one":
                plan.depends.add(tkey)


def order(plans: dict[str, Plan]) -> list[Plan]:
    """Topological order over to-one references; a cycle's members stay together (Tarjan's
    strongly connected components come out dependencies first), their references to rows not
    written yet being set by the second pass."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[Plan] = []
    counter = [0]

    def visit(key: str) -> None:
        # Iterative Tarjan: recursion depth would follow reference chains.
        work = [(key, iter(sorted(plans[key].depends)))]
        index[key] = low[key] = counter[0]
        counter[0] += 1
        stack.append(key)
        on_stack.add(key)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(plans[child].depends))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.extend(plans[m] for m in sorted(component))

    for key in sorted(plans):
        if key not in index:
            visit(key)
    return result
