"""Admin for documents, their states, relations, authors and events.

Relations to the large tables (documents, events, people, e-mail addresses, groups,
submissions, messages, reviews) are edited as raw ids, so no page ever renders a drop-down
with tens of thousands of options; vocabularies (name tables, states) stay drop-downs.
Change lists skip the full result count, which is a second scan of big tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from dtapi.doc import ballots
from dtapi.doc.models import (
    BallotType,
    DeletedEvent,
    DocEvent,
    DocExtResource,
    DocHistory,
    DocHistoryAuthor,
    DocReminder,
    Document,
    DocumentActionHolder,
    DocumentAuthor,
    DocumentURL,
    RelatedDocHistory,
    RelatedDocument,
    State,
    StateType,
    StoredObject,
)

# Models small enough for a drop-down: vocabularies and state machines.
_SMALL = {("doc", "statetype"), ("doc", "state"), ("doc", "ballottype")}


def big_relations(model: type[models.Model]) -> list[str]:
    """Names of the model's FK/M2M fields that point at large tables."""
    names = []
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation) or field.auto_created:
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # M2M through an explicit model: edited via that model
        related = field.related_model
        if isinstance(related, str):  # unresolved lazy reference; the system checks report it
            app_label, _, model_name = related.lower().rpartition(".")
        else:
            app_label, model_name = related._meta.app_label, related._meta.model_name
        if app_label in ("name", "contenttypes") or (app_label, model_name) in _SMALL:
            continue
        names.append(field.name)
    return names


class FastChangeListMixin:
    show_full_result_count = False
    list_per_page = 50


# --- states and ballot types -----------------------------------------------------------------


@admin.register(StateType)
class StateTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "label"]
    search_fields = ["slug", "label"]


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "slug", "name", "used", "order"]
    list_display_links = ["id", "slug"]
    list_filter = ["type", "used"]
    search_fields = ["slug", "name"]
    filter_horizontal = ["next_states"]


@admin.register(BallotType)
class BallotTypeAdmin(admin.ModelAdmin):
    list_display = ["id", "doc_type", "slug", "name", "used", "order"]
    list_filter = ["doc_type", "used"]
    search_fields = ["slug", "name"]
    filter_horizontal = ["positions"]


# --- documents -------------------------------------------------------------------------------


class DocumentAuthorInline(admin.TabularInline):
    model = DocumentAuthor
    raw_id_fields = ["person", "email"]
    extra = 0


class DocumentActionHolderInline(admin.TabularInline):
    model = DocumentActionHolder
    raw_id_fields = ["person"]
    extra = 0


class RelatedDocumentInline(admin.TabularInline):
    model = RelatedDocument
    fk_name = "source"
    raw_id_fields = ["target"]
    exclude = ["originaltargetaliasname"]
    extra = 0


class DocumentURLInline(admin.TabularInline):
    model = DocumentURL
    extra = 0


class DocExtResourceInline(admin.TabularInline):
    model = DocExtResource
    extra = 0


@admin.register(Document)
class DocumentAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "rev", "type", "title", "group", "stream", "time"]
    list_filter = ["type", "stream", "std_level", "intended_std_level"]
    list_select_related = ["type", "group", "stream"]
    search_fields = ["name", "title"]
    raw_id_fields = big_relations(Document)
    filter_horizontal = ["states", "tags", "formal_languages"]
    inlines = [
        DocumentAuthorInline,
        DocumentActionHolderInline,
        RelatedDocumentInline,
        DocumentURLInline,
        DocExtResourceInline,
    ]
    actions = ["open_ballot", "close_ballot"]

    @admin.action(
        description="Open a ballot (the document's usual kind, as the Secretariat issues it)",
        permissions=["change"],
    )
    def open_ballot(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        def open_one(doc: Document, by: Any) -> list[tuple[str, int]]:
            issued = ballots.issue_ballot(doc, by=by)
            done = (
                f"Opened ballot {issued.ballot.ballot_type.name!r} "
                f"({issued.ballot.ballot_type.slug}) on {doc.name}; "
                f"{issued.state.type.label}: {issued.state.name}"
            )
            return [*((note, messages.WARNING) for note in issued.notes), (done, messages.SUCCESS)]

        self._for_each(request, queryset, open_one)

    @admin.action(description="Close the open ballot", permissions=["change"])
    def close_ballot(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        def close_one(doc: Document, by: Any) -> list[tuple[str, int]]:
            closed = ballots.close_ballot(doc, by=by)
            return [(f"Closed ballot {closed.ballot_type.name!r} on {doc.name}", messages.SUCCESS)]

        self._for_each(request, queryset, close_one)

    def _for_each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Document],
        change: Callable[[Document, Any], list[tuple[str, int]]],
    ) -> None:
        """Apply ``change`` to each document, by the signed-in person; report each outcome."""
        by = getattr(request.user, "person", None)
        for doc in queryset:
            try:
                outcome = change(doc, by)
            except ballots.BallotError as exc:
                outcome = [(str(exc), messages.ERROR)]
            for text, level in outcome:
                self.message_user(request, text, level)


class DocHistoryAuthorInline(admin.TabularInline):
    model = DocHistoryAuthor
    raw_id_fields = ["person", "email"]
    extra = 0


@admin.register(DocHistory)
class DocHistoryAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "name", "rev", "type", "time"]
    list_filter = ["type"]
    list_select_related = ["type"]
    search_fields = ["name"]
    raw_id_fields = big_relations(DocHistory)
    filter_horizontal = ["states", "tags", "formal_languages"]
    inlines = [DocHistoryAuthorInline]


@admin.register(DocumentActionHolder)
class DocumentActionHolderAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "document", "person", "time_added"]
    list_select_related = ["document", "person"]
    search_fields = ["document__name", "person__name"]
    raw_id_fields = big_relations(DocumentActionHolder)


# --- relations, authors, URLs ----------------------------------------------------------------


@admin.register(RelatedDocument)
class RelatedDocumentAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "source", "relationship", "target"]
    list_filter = ["relationship"]
    list_select_related = ["source", "relationship", "target"]
    search_fields = ["source__name", "target__name"]
    raw_id_fields = big_relations(RelatedDocument)


@admin.register(RelatedDocHistory)
class RelatedDocHistoryAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "source", "relationship", "target"]
    list_filter = ["relationship"]
    list_select_related = ["source", "relationship", "target"]
    search_fields = ["source__name", "target__name"]
    raw_id_fields = big_relations(RelatedDocHistory)


@admin.register(DocumentAuthor)
class DocumentAuthorAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "document", "person", "email", "affiliation", "country", "order"]
    list_select_related = ["document", "person"]
    search_fields = ["document__name", "person__name", "email__address", "affiliation"]
    raw_id_fields = big_relations(DocumentAuthor)


@admin.register(DocHistoryAuthor)
class DocHistoryAuthorAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "document", "person", "email", "affiliation", "country", "order"]
    list_select_related = ["document", "person"]
    search_fields = ["document__name", "person__name", "email__address"]
    raw_id_fields = big_relations(DocHistoryAuthor)


@admin.register(DocumentURL)
class DocumentURLAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "doc", "tag", "url"]
    list_filter = ["tag"]
    list_select_related = ["doc", "tag"]
    search_fields = ["doc__name", "url"]
    raw_id_fields = big_relations(DocumentURL)


@admin.register(DocExtResource)
class DocExtResourceAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "doc", "name", "display_name", "value"]
    list_filter = ["name"]
    list_select_related = ["doc", "name"]
    search_fields = ["doc__name", "value"]
    raw_id_fields = big_relations(DocExtResource)


# --- events ----------------------------------------------------------------------------------


@admin.register(DocEvent)
class DocEventAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "time", "doc", "type", "by", "rev"]
    list_filter = ["type"]
    list_select_related = ["doc", "by"]
    search_fields = ["doc__name"]
    raw_id_fields = big_relations(DocEvent)


def _event_admin(model: type[DocEvent]) -> type[DocEventAdmin]:
    """DocEventAdmin for a DocEvent subclass, with its own big relations as raw ids."""
    return type(f"{model.__name__}Admin", (DocEventAdmin,), {"raw_id_fields": big_relations(model)})


for _model in apps.get_app_config("doc").get_models():
    if issubclass(_model, DocEvent) and _model is not DocEvent:
        admin.site.register(_model, _event_admin(_model))


@admin.register(DocReminder)
class DocReminderAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "event", "type", "due", "active"]
    list_filter = ["type", "active"]
    raw_id_fields = big_relations(DocReminder)


@admin.register(DeletedEvent)
class DeletedEventAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "content_type", "by", "time"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "by"]
    raw_id_fields = big_relations(DeletedEvent)


@admin.register(StoredObject)
class StoredObjectAdmin(FastChangeListMixin, admin.ModelAdmin):
    list_display = ["id", "store", "name", "doc_name", "doc_rev", "len", "modified", "deleted"]
    list_filter = ["store"]
    search_fields = ["name", "doc_name"]
