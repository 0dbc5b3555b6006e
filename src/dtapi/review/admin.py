from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    NextReviewerInTeam,
    ReviewAssignment,
    ReviewerSettings,
    ReviewRequest,
    ReviewSecretarySettings,
    ReviewTeamSettings,
    ReviewWish,
    UnavailablePeriod,
)


@admin.register(ReviewerSettings)
class ReviewerSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["id", "person", "team", "min_interval", "skip_next"]
    list_filter = ["team"]
    search_fields = ["person__name", "team__acronym"]
    raw_id_fields = ["person", "team"]


@admin.register(ReviewSecretarySettings)
class ReviewSecretarySettingsAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "team", "remind_days_before_deadline"]
    search_fields = ["person__name", "team__acronym"]
    raw_id_fields = ["person", "team"]


@admin.register(UnavailablePeriod)
class UnavailablePeriodAdmin(SimpleHistoryAdmin):
    list_display = ["id", "person", "team", "start_date", "end_date", "availability"]
    list_filter = ["availability"]
    search_fields = ["person__name", "team__acronym"]
    raw_id_fields = ["person", "team"]


@admin.register(ReviewWish)
class ReviewWishAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "team", "doc", "time"]
    search_fields = ["person__name", "team__acronym", "doc__name"]
    raw_id_fields = ["person", "team", "doc"]


@admin.register(NextReviewerInTeam)
class NextReviewerInTeamAdmin(admin.ModelAdmin):
    list_display = ["id", "team", "next_reviewer"]
    search_fields = ["team__acronym", "next_reviewer__name"]
    raw_id_fields = ["team", "next_reviewer"]


class ReviewAssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    extra = 0
    raw_id_fields = ["reviewer", "review"]


@admin.register(ReviewRequest)
class ReviewRequestAdmin(SimpleHistoryAdmin):
    list_display = ["id", "doc", "team", "type", "state", "time", "deadline"]
    list_filter = ["state", "type"]
    search_fields = ["doc__name", "team__acronym", "requested_by__name"]
    raw_id_fields = ["doc", "team", "requested_by"]
    date_hierarchy = "time"
    inlines = [ReviewAssignmentInline]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["id", "review_request", "reviewer", "state", "result", "assigned_on"]
    list_filter = ["state", "result"]
    search_fields = ["review_request__doc__name", "reviewer__address", "reviewer__person__name"]
    raw_id_fields = ["review_request", "reviewer", "review"]


@admin.register(ReviewTeamSettings)
class ReviewTeamSettingsAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "autosuggest", "reviewer_queue_policy"]
    search_fields = ["group__acronym", "group__name"]
    raw_id_fields = ["group"]
    filter_horizontal = ["review_types", "review_results", "notify_ad_when"]


class HistoricalRecordAdmin(admin.ModelAdmin):
    """Read-only listing of the change-history rows themselves."""

    list_display = ["history_id", "id", "history_type", "history_date", "history_user"]
    list_filter = ["history_type"]
    date_hierarchy = "history_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for _tracked in (ReviewerSettings, UnavailablePeriod, ReviewRequest, ReviewAssignment):
    admin.site.register(_tracked.history.model, HistoricalRecordAdmin)
