"""Persons as JSON, with chosen relations expanded: ``/api/v2/person/person`` and the personal
information export (``/api/export/personal-information/``).

The shape is the original Datatracker's: ``{"person.person": {"<key>": {...}}}``, every
concrete field of the row, a foreign key as the related row's primary key, a many-to-many as
the list of primary keys; an expanded relation (``_expand=user,email_set``) is embedded
instead: a to-one relation as an object, a to-many one as ``{"<pk>": {...}}``. Expanding
``a__b`` expands ``a`` too. Secrets never leave: passwords and binary fields (key salts) are
left out, and filters may not look at them.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldError, ValidationError
from django.db import DataError, models
from django.db.models import QuerySet

from dtapi.person.models import Person

__all__ = ["FORBIDDEN_WORDS", "ExportError", "dumps", "export", "filtered", "personal_information"]

LABEL = "person.person"
# Filters and expansions may not name these (nor any path through them).
FORBIDDEN_WORDS = ("password", "salt")

# Relations of a person's own export (those this dtapi has); each one's prefixes too.
PERSONAL_EXPANSIONS = (
    "user",
    "email_set",
    "alias_set",
    "role_set",
    "role_set__group",
    "rolehistory_set",
    "documentauthor_set",
    "apikeys",
    "personevent_set",
    "personextresource_set",
    "communitylist_set",
    "communitylist_set__searchrule_set",
    "ballotpositiondocevent_set",
    "docevent_set",
    "groupevent_set",
    "meetingregistration_set",
    "registration_set",
    "attended_set",
    "volunteer_set",
    "nominee_set",
    "submission_set",
    "reviewersettings_set",
    "reviewwish_set",
    "reviewrequest_set",
    "iprdisclosurebase_set",
    "liaisonstatementevent_set",
    "message_set",
    "constraint_set",
    "schedule_set",
)


class ExportError(Exception):
    """A filter or expansion the export cannot apply (its text is the answer)."""


def _forbidden(path: str) -> bool:
    return any(word in part for part in path.split("__") for word in FORBIDDEN_WORDS)


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    return value


def _accessor(field: Any) -> str:
    """The attribute a relation is reached by (``email_set`` for a reverse foreign key)."""
    if field.auto_created and not field.concrete:
        return field.get_accessor_name()
    return field.name


def relations(model: type[models.Model]) -> dict[str, Any]:
    """``{attribute name: field}`` of the relations of ``model``."""
    return {_accessor(f): f for f in model._meta.get_fields() if f.is_relation}


def _relation(model: type[models.Model], name: str) -> Any:
    field = relations(model).get(name)
    if field is None:
        raise ExportError(f"Cannot expand {name!r} on {model._meta.label_lower}")
    return field


def _tree(paths: Iterable[str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for part in path.split("__"):
            node = node.setdefault(part, {})
    return tree


def _row(obj: models.Model, expand: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    opts = obj._meta
    for field in opts.concrete_fields:
        if field.name in FORBIDDEN_WORDS or isinstance(field, models.BinaryField):
            continue
        if field.is_relation and field.name not in expand:
            out[field.name] = getattr(obj, field.attname)
        elif not field.is_relation:
            out[field.name] = _value(getattr(obj, field.attname))
    for field in opts.many_to_many:
        if field.name not in expand:
            out[field.name] = [related.pk for related in getattr(obj, field.name).all()]
    for name, deeper in expand.items():
        field = _relation(type(obj), name)
        if field.many_to_many or field.one_to_many:
            out[name] = {str(r.pk): _row(r, deeper) for r in getattr(obj, name).all()}
        else:
            try:
                target = getattr(obj, name)
            except models.ObjectDoesNotExist:
                target = None
            out[name] = _row(target, deeper) if target is not None else None
    return out


def export(people: QuerySet[Person], expand: Iterable[str], key: str = "pk") -> dict[str, Any]:
    """``{"person.person": {"<key>": {...}}}`` for ``people`` with ``expand`` embedded."""
    paths = [p for p in expand if p]
    if any(_forbidden(p) for p in paths):
        raise ExportError("Cannot expand a secret")
    for p in paths:
        if not _expandable(Person, p.split("__")):
            raise ExportError(f"Cannot expand {p!r} on person.person")
    tree = _tree(paths)
    rows: dict[str, Any] = {}
    try:
        for person in people:
            row = _row(person, tree)
            rows[str(row.get(key, person.pk) if key != "pk" else person.pk)] = row
    except (FieldError, ValueError, ValidationError, DataError) as exc:
        raise ExportError(str(exc)) from exc
    return {LABEL: rows}


def filtered(filters: dict[str, str], excludes: dict[str, str]) -> QuerySet[Person]:
    """Persons matching ORM ``filters`` and matching none of ``excludes``."""
    if any(_forbidden(name) for name in (*filters, *excludes)):
        raise ExportError("Cannot filter on a secret")
    try:
        people = Person.objects.filter(**filters)
        for name, value in excludes.items():
            people = people.exclude(**{name: value})
        return people.order_by("pk").distinct()
    except (FieldError, ValueError, ValidationError, TypeError) as exc:
        raise ExportError(str(exc)) from exc


def personal_information(person: Person) -> dict[str, Any]:
    """Everything dtapi holds about ``person``, for the person's own export."""
    expand = [path for path in PERSONAL_EXPANSIONS if _expandable(Person, path.split("__"))]
    return export(Person.objects.filter(pk=person.pk), expand)


def _expandable(model: type[models.Model], parts: list[str]) -> bool:
    field = relations(model).get(parts[0])
    if field is None:
        return False
    return len(parts) == 1 or _expandable(field.related_model, parts[1:])


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, indent=3)
