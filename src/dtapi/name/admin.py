"""Admin for the name tables: one generic page per table, with a few table-specific extras."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin

from dtapi.name.models import NameModel


class NameAdmin(admin.ModelAdmin):
    """Default admin of a name table."""

    list_display = ["slug", "name", "desc", "used", "order"]
    list_editable = ["used", "order"]
    list_filter = ["used"]
    search_fields = ["slug", "name"]
    ordering = ["order", "name"]


def _admin_for(model: type[NameModel]) -> type[NameAdmin]:
    """NameAdmin, plus the model's own columns and relations where it has any."""
    base = {f.name for f in NameModel._meta.get_fields()}
    extra = [
        f
        for f in model._meta.get_fields()
        if f.name not in base and f.concrete and not f.many_to_many
    ]
    many = [f.name for f in model._meta.many_to_many]
    attrs: dict[str, object] = {}
    if extra:
        attrs["list_display"] = [*NameAdmin.list_display, *(f.name for f in extra)]
        filters = [
            f.name for f in extra if f.get_internal_type() == "BooleanField" or f.is_relation
        ]
        attrs["list_filter"] = [*NameAdmin.list_filter, *filters]
    if many:
        attrs["filter_horizontal"] = many
    return type(f"{model.__name__}Admin", (NameAdmin,), attrs)


for _model in apps.get_app_config("name").get_models():
    if issubclass(_model, NameModel) and not admin.site.is_registered(_model):
        admin.site.register(_model, _admin_for(_model))
