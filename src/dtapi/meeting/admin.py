from django.contrib import admin

from dtapi.meeting.models import (
    Attended,
    BusinessConstraint,
    Constraint,
    FloorPlan,
    ImportantDate,
    Meeting,
    MeetingHost,
    ProceedingsMaterial,
    Registration,
    RegistrationTicket,
    ResourceAssociation,
    Room,
    SchedTimeSessAssignment,
    Schedule,
    SchedulingEvent,
    Session,
    SessionPresentation,
    SlideSubmission,
    TimeSlot,
    UrlResource,
)


class RoomInline(admin.TabularInline):
    model = Room
    fields = ["name", "functional_name", "capacity", "floorplan"]
    extra = 0


class ImportantDateInline(admin.TabularInline):
    model = ImportantDate
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["number", "type", "date", "days", "city", "country", "time_zone"]
    list_filter = ["type", "proceedings_final"]
    search_fields = ["number", "city", "venue_name"]
    raw_id_fields = ["schedule"]
    filter_horizontal = ["group_conflict_types"]
    list_select_related = ["type"]
    date_hierarchy = "date"
    inlines = [RoomInline, ImportantDateInline]


@admin.register(ResourceAssociation)
class ResourceAssociationAdmin(admin.ModelAdmin):
    list_display = ["desc", "name", "icon"]
    list_filter = ["name"]


class UrlResourceInline(admin.TabularInline):
    model = UrlResource
    extra = 0


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "name", "functional_name", "capacity", "modified"]
    list_filter = ["meeting__type"]
    search_fields = ["meeting__number", "name", "functional_name"]
    raw_id_fields = ["meeting", "floorplan"]
    filter_horizontal = ["resources", "session_types"]
    list_select_related = ["meeting"]
    inlines = [UrlResourceInline]


@admin.register(UrlResource)
class UrlResourceAdmin(admin.ModelAdmin):
    list_display = ["room", "name", "url"]
    list_filter = ["name"]
    raw_id_fields = ["room"]
    list_select_related = ["room"]


@admin.register(FloorPlan)
class FloorPlanAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "name", "short", "order", "modified"]
    search_fields = ["meeting__number", "name"]
    raw_id_fields = ["meeting"]
    list_select_related = ["meeting"]


@admin.register(TimeSlot)
class TimeSlotAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "time", "duration", "type", "name", "location"]
    list_filter = ["type", "meeting__type"]
    search_fields = ["meeting__number", "name"]
    raw_id_fields = ["meeting", "location"]
    list_select_related = ["meeting", "type", "location"]
    date_hierarchy = "time"
    show_full_result_count = False


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "name", "owner", "visible", "public", "badness"]
    list_filter = ["visible", "public"]
    search_fields = ["meeting__number", "name", "owner__name"]
    raw_id_fields = ["meeting", "owner", "origin", "base"]
    list_select_related = ["meeting", "owner"]


@admin.register(SchedTimeSessAssignment)
class SchedTimeSessAssignmentAdmin(admin.ModelAdmin):
    list_display = ["id", "schedule", "timeslot", "session", "pinned", "badness", "modified"]
    list_filter = ["pinned"]
    search_fields = ["schedule__meeting__number", "session__group__acronym"]
    raw_id_fields = ["timeslot", "session", "schedule", "extendedfrom"]
    list_select_related = ["schedule", "timeslot", "session"]
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(BusinessConstraint)
class BusinessConstraintAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "penalty"]


@admin.register(Constraint)
class ConstraintAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "source", "name", "target", "person", "time_relation"]
    list_filter = ["name"]
    search_fields = ["meeting__number", "source__acronym", "target__acronym", "person__name"]
    raw_id_fields = ["meeting", "source", "target", "person"]
    filter_horizontal = ["timeranges"]
    list_select_related = ["meeting", "source", "target", "person", "name"]


class SessionPresentationInline(admin.TabularInline):
    model = SessionPresentation
    raw_id_fields = ["document"]
    extra = 0


class SchedulingEventInline(admin.TabularInline):
    model = SchedulingEvent
    raw_id_fields = ["by"]
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "group", "name", "type", "purpose", "modified"]
    list_filter = ["type", "purpose", "meeting__type", "on_agenda", "has_onsite_tool"]
    search_fields = ["meeting__number", "group__acronym", "name", "short"]
    raw_id_fields = ["meeting", "group", "joint_with_groups", "tombstone_for"]
    filter_horizontal = ["resources"]
    list_select_related = ["meeting", "group", "type", "purpose"]
    inlines = [SessionPresentationInline, SchedulingEventInline]
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(SchedulingEvent)
class SchedulingEventAdmin(admin.ModelAdmin):
    list_display = ["id", "session", "time", "status", "by"]
    list_filter = ["status"]
    search_fields = ["session__meeting__number", "session__group__acronym"]
    raw_id_fields = ["session", "by"]
    list_select_related = ["session", "status", "by"]
    show_full_result_count = False


@admin.register(SessionPresentation)
class SessionPresentationAdmin(admin.ModelAdmin):
    list_display = ["id", "session", "document", "rev", "order"]
    search_fields = ["document__name", "session__group__acronym"]
    raw_id_fields = ["session", "document"]
    list_select_related = ["session", "document"]
    show_full_result_count = False


@admin.register(ImportantDate)
class ImportantDateAdmin(admin.ModelAdmin):
    list_display = ["meeting", "name", "date"]
    list_filter = ["name"]
    search_fields = ["meeting__number"]
    raw_id_fields = ["meeting"]
    list_select_related = ["meeting", "name"]


@admin.register(SlideSubmission)
class SlideSubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "session", "title", "submitter", "status", "time"]
    list_filter = ["status"]
    search_fields = ["title", "filename", "submitter__name"]
    raw_id_fields = ["session", "submitter", "doc"]
    list_select_related = ["session", "submitter", "status"]


@admin.register(ProceedingsMaterial)
class ProceedingsMaterialAdmin(admin.ModelAdmin):
    list_display = ["meeting", "type", "document"]
    list_filter = ["type"]
    search_fields = ["meeting__number", "document__name"]
    raw_id_fields = ["meeting", "document"]
    list_select_related = ["meeting", "type", "document"]


@admin.register(MeetingHost)
class MeetingHostAdmin(admin.ModelAdmin):
    list_display = ["meeting", "name", "logo"]
    search_fields = ["meeting__number", "name"]
    raw_id_fields = ["meeting"]
    list_select_related = ["meeting"]


@admin.register(Attended)
class AttendedAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "session", "time", "origin"]
    list_filter = ["origin"]
    search_fields = ["person__name", "session__group__acronym", "session__meeting__number"]
    raw_id_fields = ["person", "session"]
    list_select_related = ["person", "session"]
    show_full_result_count = False


class RegistrationTicketInline(admin.TabularInline):
    model = RegistrationTicket
    extra = 0


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["id", "meeting", "first_name", "last_name", "email", "attended", "checkedin"]
    list_filter = ["meeting__type", "attended", "checkedin"]
    search_fields = ["meeting__number", "first_name", "last_name", "email", "person__name"]
    raw_id_fields = ["meeting", "person"]
    list_select_related = ["meeting"]
    inlines = [RegistrationTicketInline]
    show_full_result_count = False


@admin.register(RegistrationTicket)
class RegistrationTicketAdmin(admin.ModelAdmin):
    list_display = ["id", "registration", "attendance_type", "ticket_type"]
    list_filter = ["attendance_type", "ticket_type"]
    raw_id_fields = ["registration"]
    list_select_related = ["registration", "attendance_type", "ticket_type"]
