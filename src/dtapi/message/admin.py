from django.contrib import admin

from dtapi.message.models import AnnouncementFrom, Message, MessageAttachment, SendQueue


class MessageAttachmentInline(admin.TabularInline):
    model = MessageAttachment
    extra = 0


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["time", "subject", "frm", "to", "by", "sent"]
    search_fields = ["subject", "frm", "to", "body"]
    raw_id_fields = ["by", "related_groups", "related_docs"]
    list_select_related = ["by"]
    date_hierarchy = "time"
    inlines = [MessageAttachmentInline]
    show_full_result_count = False


@admin.register(MessageAttachment)
class MessageAttachmentAdmin(admin.ModelAdmin):
    list_display = ["id", "message", "filename", "content_type", "removed"]
    list_filter = ["removed"]
    search_fields = ["filename"]
    raw_id_fields = ["message"]


@admin.register(SendQueue)
class SendQueueAdmin(admin.ModelAdmin):
    list_display = ["time", "message", "by", "send_at", "sent_at"]
    raw_id_fields = ["by", "message"]
    list_select_related = ["by", "message"]


@admin.register(AnnouncementFrom)
class AnnouncementFromAdmin(admin.ModelAdmin):
    list_display = ["address", "name", "group"]
    list_filter = ["name"]
    search_fields = ["address", "group__acronym"]
    raw_id_fields = ["group"]
    list_select_related = ["name", "group"]
