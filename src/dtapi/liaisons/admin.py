from django.contrib import admin

from .models import (
    LiaisonStatement,
    LiaisonStatementAttachment,
    LiaisonStatementEvent,
    RelatedLiaisonStatement,
)


class AttachmentInline(admin.TabularInline):
    model = LiaisonStatementAttachment
    extra = 0
    raw_id_fields = ["document"]


class RelatedLiaisonInline(admin.TabularInline):
    model = RelatedLiaisonStatement
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


class EventInline(admin.TabularInline):
    model = LiaisonStatementEvent
    extra = 0
    raw_id_fields = ["by"]


@admin.register(LiaisonStatement)
class LiaisonStatementAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "purpose", "state", "deadline"]
    list_filter = ["state", "purpose"]
    search_fields = ["title", "body", "from_groups__acronym", "to_groups__acronym"]
    raw_id_fields = ["from_contact", "from_groups", "to_groups"]
    filter_horizontal = ["tags"]
    inlines = [AttachmentInline, RelatedLiaisonInline, EventInline]


@admin.register(LiaisonStatementAttachment)
class LiaisonStatementAttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "statement", "document", "removed"]
    list_filter = ["removed"]
    search_fields = ["statement__title", "document__name"]
    raw_id_fields = ["statement", "document"]


@admin.register(RelatedLiaisonStatement)
class RelatedLiaisonStatementAdmin(admin.ModelAdmin):
    list_display = ["id", "source", "relationship", "target"]
    list_filter = ["relationship"]
    search_fields = ["source__title", "target__title"]
    raw_id_fields = ["source", "target"]


@admin.register(LiaisonStatementEvent)
class LiaisonStatementEventAdmin(admin.ModelAdmin):
    list_display = ["id", "statement", "type", "by", "time"]
    list_filter = ["type"]
    search_fields = ["statement__title", "desc", "by__name"]
    raw_id_fields = ["statement", "by"]
    date_hierarchy = "time"
