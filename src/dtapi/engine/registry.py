"""The registry: app label -> resource name -> resource, built once from the installed apps.

API apps are installed apps under ``DTAPI["APP_PACKAGE"]`` that have models, except those in
``DTAPI["NON_API_APPS"]``. For each, the app's ``resources`` module (if any) is imported; every
``ModelResource`` subclass defined there with a ``model`` is used, and every other model of the
app gets a resource made from the module's ``default_resource`` class (or ``ModelResource``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.db import models
from django.utils.module_loading import module_has_submodule

from .conf import engine_settings
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


def api_app_configs() -> list[AppConfig]:
    prefix = engine_settings.APP_PACKAGE
    excluded = set(engine_settings.NON_API_APPS)
    return [
        config
        for config in apps.get_app_configs()
        if config.name.startswith(prefix)
        and config.label not in excluded
        and any(True for _ in config.get_models())
    ]


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
