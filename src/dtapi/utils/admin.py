from django.contrib import admin

from dtapi.utils.models import DumpInfo, VersionInfo


@admin.register(DumpInfo)
class DumpInfoAdmin(admin.ModelAdmin):
    list_display = ["date", "host", "tz"]


@admin.register(VersionInfo)
class VersionInfoAdmin(admin.ModelAdmin):
    list_display = ["command", "switch", "version", "used", "time"]
    list_filter = ["used"]
    search_fields = ["command", "version"]
