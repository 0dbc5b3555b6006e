"""The registry: app label -> resource name -> resource, built once from the installed apps.

API apps are the installed apps that opt in (``publishes_api = True`` on their AppConfig, or
their label in ``DTAPI["API_APPS"]``) and have models (:func:`conf.api_app_configs`). For each,
the app's ``resources`` module (if any) is imported; every
``ModelResource`` subclass defined there with a ``model`` is used, and every other model of the
app gets a resource made from the module's ``default_resource`` class (or ``ModelResource``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import AppConfig
from django.db import models
from django.utils.module_loading import module_has_submodule

from .conf import api_app_configs
from .resources import ModelResource


class Registry:
    def __init__(self) -> None:
        self.apps: dict[str, dict[str, ModelResource]] = {}
        self.by_model: dict[type[models.Model], ModelResource] = {}

    # -- building --------------------------------------------------------------------------

    def build(self) -> None:
        self.apps.clear()
        self.by_model.clear()
        for config in api_app_configs():
            self._add_app(config)

    def _add_app(self, config: AppConfig) -> None:
        module = _resources_module(config)
        declared = _declared_resources(module)
        default_base = getattr(module, "default_resource", ModelResource)
        for model in config.get_models():
            cls = declared.get(model) or _default_class(default_base, model)
            self.add(cls())

    def add(self, resource: ModelResource) -> None:
        resource.registry = self
        self.apps.setdefault(resource.app_label, {})[resource.name] = resource
        self.by_model[resource.model] = resource

    # -- lookups -------------------------------------------------------------------------

    def get(self, app_label: str, name: str) -> ModelResource | None:
        return self.apps.get(app_label, {}).get(name)

    def for_model(self, model: type[models.Model] | None) -> ModelResource | None:
        if model is None:
            return None
        return self.by_model.get(model)

    def app_labels(self) -> list[str]:
        return sorted(label for label, resources in self.apps.items() if resources)

    def resources(self) -> Iterator[ModelResource]:
        for label in self.app_labels():
            yield from self.apps[label].values()


def _resources_module(config: AppConfig) -> ModuleType | None:
    if not module_has_submodule(config.module, "resources"):
        return None
    return importlib.import_module(f"{config.name}.resources")


def _declared_resources(module: ModuleType | None) -> dict[type[models.Model], type[Any]]:
    if module is None:
        return {}
    found = {}
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, ModelResource)
            and value.__module__ == module.__name__
            and "model" in vars(value)
        ):
            found[value.model] = value
    return found


def _default_class(base: type[ModelResource], model: type[models.Model]) -> type[ModelResource]:
    return type(f"{model.__name__}Resource", (base,), {"model": model, "__module__": __name__})


registry = Registry()
