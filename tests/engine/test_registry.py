"""The registry covers every model; the engine is generic; system checks pass."""

from __future__ import annotations

import ast
from pathlib import Path

from django.core import checks

import dtapi.engine
from dtapi.engine.registry import api_app_configs, registry

ENGINE = Path(dtapi.engine.__file__).parent


def test_every_model_of_every_api_app_has_a_resource():
    for config in api_app_configs():
        for model in config.get_models():
            resource = registry.for_model(model)
            assert resource is not None, model
            assert resource.name == model._meta.model_name
            assert resource.app_label == config.label


def test_non_api_apps_are_left_out():
    labels = registry.app_labels()
    assert "engine" not in labels and "api" not in labels and "auth" not in labels


def test_engine_imports_no_domain_app():
    domain = {config.name for config in api_app_configs()}
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not any(name == d or name.startswith(d + ".") for d in domain), (path, name)


def test_system_checks_pass():
    errors = [m for m in checks.run_checks(tags=["dtapi"]) if m.id and m.id.startswith("dtapi")]
    assert errors == []


def test_declared_departures():
    document = registry.get("doc", "document")
    assert document.detail_attname == "name"
    assert {"rfc", "submissions"} <= set(document.fields)
    assert not {"formal_languages", "action_holders"} & set(document.fields)
    assert "salt" not in registry.get("person", "personalapikey").fields
    assert registry.get("name", "streamname").allowed_ordering == []
    assert registry.get("person", "email").allowed_ordering == ["address"]
    assert registry.get("meeting", "session").fields["assignments"].kind == "to_many"
