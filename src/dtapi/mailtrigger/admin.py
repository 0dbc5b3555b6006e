from django.contrib import admin

from dtapi.mailtrigger.models import MailTrigger, Recipient


@admin.register(MailTrigger)
class MailTriggerAdmin(admin.ModelAdmin):
    list_display = ["slug", "desc"]
    search_fields = ["slug", "desc"]
    filter_horizontal = ["to", "cc"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["slug", "desc", "template"]
    search_fields = ["slug", "desc", "template"]
