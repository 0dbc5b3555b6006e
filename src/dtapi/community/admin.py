from django.contrib import admin

from .models import CommunityList, EmailSubscription, SearchRule


class SearchRuleInline(admin.TabularInline):
    model = SearchRule
    extra = 0
    raw_id_fields = ["state", "group", "person"]
    exclude = ["name_contains_index"]


@admin.register(CommunityList)
class CommunityListAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "group"]
    search_fields = ["person__name", "group__acronym"]
    raw_id_fields = ["person", "group", "added_docs"]
    inlines = [SearchRuleInline]


@admin.register(SearchRule)
class SearchRuleAdmin(admin.ModelAdmin):
    list_display = ["id", "community_list", "rule_type", "state", "group", "person", "text"]
    list_filter = ["rule_type"]
    search_fields = ["person__name", "group__acronym", "text"]
    raw_id_fields = ["community_list", "state", "group", "person", "name_contains_index"]


@admin.register(EmailSubscription)
class EmailSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["id", "community_list", "email", "notify_on"]
    list_filter = ["notify_on"]
    search_fields = ["email__address"]
    raw_id_fields = ["community_list", "email"]
