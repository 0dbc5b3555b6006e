from django.contrib import admin

from .models import Command, Redirect, Suffix


class CommandInline(admin.TabularInline):
    model = Command
    extra = 0


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["id", "cgi", "url", "rest", "remove"]
    search_fields = ["cgi", "url"]
    inlines = [CommandInline]


@admin.register(Suffix)
class SuffixAdmin(admin.ModelAdmin):
    list_display = ["id", "rest", "remove"]
    search_fields = ["rest", "remove"]


@admin.register(Command)
class CommandAdmin(admin.ModelAdmin):
    list_display = ["id", "script", "command", "url", "suffix"]
    search_fields = ["command", "script__cgi"]
