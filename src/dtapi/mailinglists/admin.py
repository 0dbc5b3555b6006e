from django.contrib import admin

from .models import Allowlisted, List, NonWgMailingList, Subscribed


@admin.register(List)
class ListAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "description", "advertised"]
    list_filter = ["advertised"]
    search_fields = ["name", "description"]


@admin.register(Subscribed)
class SubscribedAdmin(admin.ModelAdmin):
    list_display = ["id", "email", "time"]
    search_fields = ["email"]
    raw_id_fields = ["lists"]


@admin.register(Allowlisted)
class AllowlistedAdmin(admin.ModelAdmin):
    list_display = ["id", "email", "by", "time"]
    search_fields = ["email", "by__name"]
    raw_id_fields = ["by"]


@admin.register(NonWgMailingList)
class NonWgMailingListAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "domain", "description"]
    list_filter = ["domain"]
    search_fields = ["name", "description"]
