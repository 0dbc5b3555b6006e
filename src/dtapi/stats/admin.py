from django.contrib import admin

from dtapi.stats.models import (
    AffiliationAlias,
    AffiliationIgnoredEnding,
    CountryAlias,
    MeetingRegistration,
)


@admin.register(AffiliationAlias)
class AffiliationAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "name"]
    search_fields = ["alias", "name"]


@admin.register(AffiliationIgnoredEnding)
class AffiliationIgnoredEndingAdmin(admin.ModelAdmin):
    list_display = ["ending"]
    search_fields = ["ending"]


@admin.register(CountryAlias)
class CountryAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "country"]
    search_fields = ["alias", "country__name"]
    list_select_related = ["country"]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "first_name", "last_name", "email", "reg_type", "attended"]
    list_filter = ["reg_type", "attended", "checkedin"]
    search_fields = ["meeting__number", "first_name", "last_name", "email"]
    raw_id_fields = ["meeting", "person"]
    list_select_related = ["meeting"]
    show_full_result_count = False
