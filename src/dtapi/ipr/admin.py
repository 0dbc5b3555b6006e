from django.contrib import admin

from .models import (
    GenericIprDisclosure,
    HolderIprDisclosure,
    IprDisclosureBase,
    IprDocRel,
    IprEvent,
    LegacyMigrationIprEvent,
    NonDocSpecificIprDisclosure,
    RelatedIpr,
    ThirdPartyIprDisclosure,
)


class IprDocRelInline(admin.TabularInline):
    model = IprDocRel
    extra = 0
    raw_id_fields = ["document"]


class RelatedIprInline(admin.TabularInline):
    model = RelatedIpr
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


class IprDisclosureAdmin(admin.ModelAdmin):
    """Shared by the base disclosure and its four concrete kinds."""

    list_display = ["id", "title", "state", "holder_legal_name", "time"]
    list_filter = ["state"]
    search_fields = ["title", "holder_legal_name", "submitter_name", "submitter_email"]
    raw_id_fields = ["by"]
    date_hierarchy = "time"
    inlines = [IprDocRelInline, RelatedIprInline]


for _model in (
    IprDisclosureBase,
    HolderIprDisclosure,
    ThirdPartyIprDisclosure,
    NonDocSpecificIprDisclosure,
    GenericIprDisclosure,
):
    admin.site.register(_model, IprDisclosureAdmin)


@admin.register(IprDocRel)
class IprDocRelAdmin(admin.ModelAdmin):
    list_display = ["id", "disclosure", "document", "revisions", "sections"]
    search_fields = ["disclosure__title", "document__name"]
    raw_id_fields = ["disclosure", "document"]


@admin.register(RelatedIpr)
class RelatedIprAdmin(admin.ModelAdmin):
    list_display = ["id", "source", "relationship", "target"]
    list_filter = ["relationship"]
    search_fields = ["source__title", "target__title"]
    raw_id_fields = ["source", "target"]


class IprEventAdmin(admin.ModelAdmin):
    list_display = ["id", "disclosure", "type", "by", "time"]
    list_filter = ["type"]
    search_fields = ["disclosure__title", "desc", "by__name"]
    raw_id_fields = ["disclosure", "by", "message", "in_reply_to"]
    date_hierarchy = "time"


admin.site.register(IprEvent, IprEventAdmin)
admin.site.register(LegacyMigrationIprEvent, IprEventAdmin)
