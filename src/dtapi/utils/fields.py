"""Model fields shared by the domain apps.

``ModificationTimeField`` behaves like ``DateTimeField(auto_now=True)`` for application code
(every ``save()`` stamps the current time) but keeps a value given explicitly when a row is
inserted, so loaders can import real modification times with ``bulk_create``/``create``.
``auto_now`` would silently replace them with the load time.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class ModificationTimeField(models.DateTimeField):
    """Last-modified timestamp: set on every update, kept as given on insert."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", timezone.now)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if add and value is not None:
            return value
        value = timezone.now()
        setattr(model_instance, self.attname, value)
        return value
