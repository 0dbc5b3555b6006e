from django.contrib import admin

from dtapi.dbtemplate.models import DBTemplate


@admin.register(DBTemplate)
class DBTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "path", "type", "group"]
    list_filter = ["type"]
    search_fields = ["path", "title", "content"]
    raw_id_fields = ["group"]
    list_select_related = ["type", "group"]
    ordering = ["path"]
