from django.contrib import admin

from dtapi.iesg.models import Telechat, TelechatAgendaContent, TelechatAgendaItem, TelechatDate


@admin.register(TelechatDate)
class TelechatDateAdmin(admin.ModelAdmin):
    list_display = ["date"]
    date_hierarchy = "date"


@admin.register(Telechat)
class TelechatAdmin(admin.ModelAdmin):
    list_display = ["telechat_id", "telechat_date", "minute_approved", "frozen"]


@admin.register(TelechatAgendaItem)
class TelechatAgendaItemAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "title"]
    list_filter = ["type"]
    search_fields = ["title", "text"]


@admin.register(TelechatAgendaContent)
class TelechatAgendaContentAdmin(admin.ModelAdmin):
    list_display = ["section", "text"]
