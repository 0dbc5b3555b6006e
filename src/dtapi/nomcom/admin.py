from django.contrib import admin

from .models import (
    Feedback,
    FeedbackLastSeen,
    NomCom,
    Nomination,
    Nominee,
    NomineePosition,
    Position,
    ReminderDates,
    Topic,
    TopicFeedbackLastSeen,
    Volunteer,
)


class ReminderDatesInline(admin.TabularInline):
    model = ReminderDates
    extra = 0


@admin.register(NomCom)
class NomComAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "is_accepting_volunteers", "first_call_for_volunteers"]
    search_fields = ["group__acronym", "group__name"]
    raw_id_fields = ["group"]
    inlines = [ReminderDatesInline]


@admin.register(ReminderDates)
class ReminderDatesAdmin(admin.ModelAdmin):
    list_display = ["id", "nomcom", "date"]
    list_filter = ["nomcom"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "nomcom",
        "is_open",
        "accepting_nominations",
        "accepting_feedback",
    ]
    list_filter = ["nomcom", "is_open"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["id", "subject", "nomcom", "audience", "accepting_feedback"]
    list_filter = ["nomcom", "audience"]
    search_fields = ["subject"]


class NomineePositionInline(admin.TabularInline):
    model = NomineePosition
    extra = 0


@admin.register(Nominee)
class NomineeAdmin(admin.ModelAdmin):
    list_display = ["id", "email", "person", "nomcom", "duplicated"]
    list_filter = ["nomcom"]
    search_fields = ["email__address", "person__name"]
    raw_id_fields = ["email", "person", "duplicated"]
    inlines = [NomineePositionInline]


@admin.register(NomineePosition)
class NomineePositionAdmin(admin.ModelAdmin):
    list_display = ["id", "nominee", "position", "state", "time"]
    list_filter = ["state", "position__nomcom"]
    search_fields = ["nominee__email__address", "nominee__person__name", "position__name"]
    raw_id_fields = ["nominee", "position"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["id", "nomcom", "author", "subject", "type", "time"]
    list_filter = ["nomcom", "type"]
    search_fields = ["author", "subject"]
    raw_id_fields = ["person", "positions", "nominees", "topics"]
    # The comments are encrypted; editing them here would only corrupt them.
    exclude = ["comments"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["id", "candidate_name", "candidate_email", "position", "nominee", "time"]
    list_filter = ["position__nomcom"]
    search_fields = ["candidate_name", "candidate_email", "nominator_email"]
    raw_id_fields = ["position", "nominee", "comments"]


@admin.register(FeedbackLastSeen)
class FeedbackLastSeenAdmin(admin.ModelAdmin):
    list_display = ["id", "reviewer", "nominee", "time"]
    search_fields = ["reviewer__name"]
    raw_id_fields = ["reviewer", "nominee"]


@admin.register(TopicFeedbackLastSeen)
class TopicFeedbackLastSeenAdmin(admin.ModelAdmin):
    list_display = ["id", "reviewer", "topic", "time"]
    search_fields = ["reviewer__name"]
    raw_id_fields = ["reviewer", "topic"]


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["id", "nomcom", "person", "affiliation", "origin", "time", "withdrawn"]
    list_filter = ["nomcom", "origin"]
    search_fields = ["person__name", "affiliation"]
    raw_id_fields = ["person"]
