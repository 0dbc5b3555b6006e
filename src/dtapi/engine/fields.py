"""Fields a resource declares in addition to (or instead of) those derived from its model.

Most resources declare none: every concrete model field, forward foreign key, one-to-one and
many-to-many is exposed automatically (see ``introspection.py``). A declaration is needed only
for a departure, for example::

    class DocumentResource(ModelResource):
        model = Document
        rfc = fields.Computed("rfc_number", str)            # extra key from a column
        submissions = fields.ToMany("submission_set")       # reverse relation, renamed

Declarations are descriptions only; ``introspection.py`` turns them into field specs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .constants import ALL, ALL_WITH_RELATIONS

__all__ = [
    "ALL",
    "ALL_WITH_RELATIONS",
    "Batch",
    "Computed",
    "Field",
    "Timedelta",
    "ToMany",
    "ToOne",
]

# The original's help texts per field type (shown by the schema endpoint).
HELP_TEXTS = {
    "string": 'Unicode string data. Ex: "Hello World"',
    "file": 'A file URL as a string. Ex: "http://media.example.com/media/photos/my_photo.jpg"',
    "integer": "Integer data. Ex: 2673",
    "float": "Floating point numeric data. Ex: 26.73",
    "decimal": "Fixed precision numeric data. Ex: 26.73",
    "boolean": "Boolean data. Ex: True",
    "date": 'A date as a string. Ex: "2010-11-10"',
    "datetime": 'A date & time as a string. Ex: "2010-11-10T03:07:43"',
    "time": 'A time as string. Ex: "20:05:23"',
    "timedelta": "A timedelta field, with duration expressed in seconds. Ex: 132",
    "list": "A list of data. Ex: ['abc', 26.73, 8]",
    "dict": "A dictionary of data. Ex: {'price': 26.73, 'name': 'Daniel'}",
    "to_one": "A single related resource. Can be either a URI or set of nested resource data.",
    "to_many": (
        "Many related resources. Can be either a list of URIs or list of individually nested "
        "resource data."
    ),
}


class Field:
    """Base of all declarations.

    ``attribute`` is the model attribute the field reads (defaults to the declared name);
    ``filtering`` overrides the default filtering for the field (``ALL``,
    ``ALL_WITH_RELATIONS``, a list of lookups, or ``False`` for none).
    """

    kind = "plain"
    type = "string"

    def __init__(
        self,
        attribute: str | None = None,
        *,
        null: bool | None = None,
        help_text: str | None = None,
        filtering: int | list[str] | bool | None = None,
    ) -> None:
        self.attribute = attribute
        self.null = null
        self.help_text = help_text
        self.filtering = filtering
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self.attribute is None:
            self.attribute = name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.attribute!r})"


class ToOne(Field):
    """A related URI (or ``null``).

    ``attribute`` names a forward foreign key / one-to-one of the model. If it names nothing
    on the model, the field is always ``null``; ``to`` ("app_label.ModelName") then tells the
    schema which resource it would point to.
    """

    kind = "to_one"
    type = "related"

    def __init__(self, attribute: str | None = None, *, to: str | None = None, **kwargs: Any):
        super().__init__(attribute, **kwargs)
        self.to = to


class ToMany(Field):
    """A list of related URIs, from a many-to-many or a reverse foreign key."""

    kind = "to_many"
    type = "related"

    def __init__(self, attribute: str | None = None, *, to: str | None = None, **kwargs: Any):
        super().__init__(attribute, **kwargs)
        self.to = to


class Computed(Field):
    """A value computed from one column: ``func(value)``, or ``null`` when the column is null.

    ``type`` is the wire/schema type of the result (``"string"``, ``"integer"``, ...).
    """

    kind = "computed"

    def __init__(
        self,
        attribute: str,
        func: Callable[[Any], Any] = str,
        *,
        type: str = "string",
        null: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(attribute, null=null, **kwargs)
        self.func = func
        self.type = type


class Timedelta(Field):
    """A duration column sent as ``str(timedelta)``, typed ``timedelta`` in the schema."""

    type = "timedelta"


class Batch(Field):
    """A value computed for a whole page at once.

    ``loader(resource, pks)`` gets the primary keys of the objects on the page and returns
    ``{pk: value}`` (missing keys mean ``null``); it should run a fixed number of queries.
    """

    kind = "batch"

    def __init__(
        self,
        loader: Callable[[Any, list[Any]], dict[Any, Any]],
        *,
        type: str = "string",
        null: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(None, null=null, **kwargs)
        self.loader = loader
        self.type = type

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name  # a batch field reads no model attribute


def declared_in(namespace: Iterable[tuple[str, Any]]) -> dict[str, Field]:
    """The field declarations among a class namespace's items."""
    return {name: value for name, value in namespace if isinstance(value, Field)}
