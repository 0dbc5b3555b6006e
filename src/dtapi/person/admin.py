from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dtapi.person.models import (
    Alias,
    Email,
    HistoricalEmail,
    HistoricalPerson,
    Person,
    PersonalApiKey,
    PersonApiKeyEvent,
    PersonEvent,
    PersonExtResource,
)


class EmailInline(admin.TabularInline):
    model = Email
    fields = ["address", "primary", "active", "origin", "time"]
    extra = 0


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["id", "name", "ascii", "plain", "time", "user"]
    list_display_links = ["id", "name"]
    list_filter = ["time"]
    search_fields = ["name", "ascii", "plain", "alias__name", "email__address", "user__username"]
    raw_id_fields = ["user"]
    list_select_related = ["user"]
    inlines = [EmailInline, AliasInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.isdigit():
            queryset |= self.model.objects.filter(pk=int(search_term))
        return queryset, may_have_duplicates


@admin.register(Email)
class EmailAdmin(SimpleHistoryAdmin):
    list_display = ["address", "person", "primary", "active", "origin", "time"]
    list_filter = ["primary", "active"]
    search_fields = ["address", "person__name", "person__ascii"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]
    show_full_result_count = False


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "person"]
    search_fields = ["name"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]


@admin.register(PersonExtResource)
class PersonExtResourceAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "name", "display_name", "value"]
    list_filter = ["name"]
    search_fields = ["person__name", "value", "display_name"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "name"]


@admin.register(PersonalApiKey)
class PersonalApiKeyAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "endpoint", "created", "valid", "count", "latest"]
    list_filter = ["endpoint", "valid"]
    search_fields = ["person__name"]
    raw_id_fields = ["person"]
    readonly_fields = ["salt"]
    list_select_related = ["person"]


@admin.register(PersonEvent)
class PersonEventAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "time", "type", "desc"]
    list_filter = ["type"]
    search_fields = ["person__name"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]
    date_hierarchy = "time"


@admin.register(PersonApiKeyEvent)
class PersonApiKeyEventAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "time", "type", "key", "desc"]
    search_fields = ["person__name"]
    raw_id_fields = ["person", "key"]
    list_select_related = ["person", "key"]


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """Historical rows are written by django-simple-history only."""

    list_display = ["history_id", "history_date", "history_type", "history_user"]
    list_filter = ["history_type"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HistoricalPerson)
class HistoricalPersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["history_id", "id", "name", "history_date", "history_type", "history_user"]
    search_fields = ["name", "ascii"]


@admin.register(HistoricalEmail)
class HistoricalEmailAdmin(ReadOnlyHistoryAdmin):
    list_display = ["history_id", "address", "person", "history_date", "history_type"]
    search_fields = ["address"]
    list_select_related = ["history_user", "person"]
