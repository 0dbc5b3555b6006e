from django.contrib import admin

from dtapi.group.models import (
    Appeal,
    AppealArtifact,
    ChangeStateGroupEvent,
    Group,
    GroupEvent,
    GroupExtResource,
    GroupFeatures,
    GroupHistory,
    GroupMilestone,
    GroupMilestoneHistory,
    GroupStateTransitions,
    GroupURL,
    MilestoneGroupEvent,
    Role,
    RoleHistory,
)


class RoleInline(admin.TabularInline):
    model = Role
    raw_id_fields = ["person", "email"]
    extra = 0


class GroupURLInline(admin.TabularInline):
    model = GroupURL
    extra = 0


class GroupExtResourceInline(admin.TabularInline):
    model = GroupExtResource
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "type", "state", "parent", "time"]
    list_display_links = ["acronym", "name"]
    list_filter = ["type", "state", "time"]
    search_fields = ["acronym", "name"]
    raw_id_fields = ["parent", "charter"]
    filter_horizontal = ["unused_states", "unused_tags"]
    list_select_related = ["type", "state", "parent"]
    ordering = ["acronym"]
    inlines = [RoleInline, GroupURLInline, GroupExtResourceInline]


@admin.register(GroupHistory)
class GroupHistoryAdmin(admin.ModelAdmin):
    list_display = ["time", "acronym", "name", "type", "state"]
    list_filter = ["type", "state"]
    search_fields = ["acronym", "name"]
    raw_id_fields = ["group", "parent"]
    filter_horizontal = ["unused_states", "unused_tags"]
    list_select_related = ["type", "state"]
    date_hierarchy = "time"


@admin.register(GroupFeatures)
class GroupFeaturesAdmin(admin.ModelAdmin):
    list_display = [
        "type",
        "need_parent",
        "has_milestones",
        "has_chartering_process",
        "has_documents",
        "has_session_materials",
        "has_nonsession_materials",
        "has_meetings",
        "has_reviews",
        "has_default_chat",
        "acts_like_wg",
        "is_schedulable",
        "show_on_agenda",
        "agenda_type",
        "agenda_filter_type",
    ]
    filter_horizontal = ["parent_types"]


@admin.register(GroupURL)
class GroupURLAdmin(admin.ModelAdmin):
    list_display = ["group", "name", "url"]
    search_fields = ["group__acronym", "name", "url"]
    raw_id_fields = ["group"]
    list_select_related = ["group"]


@admin.register(GroupExtResource)
class GroupExtResourceAdmin(admin.ModelAdmin):
    list_display = ["group", "name", "display_name", "value"]
    list_filter = ["name"]
    search_fields = ["group__acronym", "value"]
    raw_id_fields = ["group"]
    list_select_related = ["group", "name"]


class MilestoneAdminMixin:
    list_display = ["group", "desc", "state", "due", "order", "resolved", "time"]
    list_filter = ["state"]
    search_fields = ["group__acronym", "desc"]
    list_select_related = ["group", "state"]


@admin.register(GroupMilestone)
class GroupMilestoneAdmin(MilestoneAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["group", "docs"]


@admin.register(GroupMilestoneHistory)
class GroupMilestoneHistoryAdmin(MilestoneAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["group", "docs", "milestone"]


@admin.register(GroupStateTransitions)
class GroupStateTransitionsAdmin(admin.ModelAdmin):
    list_display = ["group", "state"]
    search_fields = ["group__acronym"]
    raw_id_fields = ["group", "state"]
    filter_horizontal = ["next_states"]


class GroupEventAdminMixin:
    list_display = ["id", "group", "time", "type", "by"]
    list_filter = ["type"]
    search_fields = ["group__acronym", "desc", "by__name"]
    list_select_related = ["group", "by"]
    date_hierarchy = "time"
    show_full_result_count = False


@admin.register(GroupEvent)
class GroupEventAdmin(GroupEventAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["group", "by"]


@admin.register(ChangeStateGroupEvent)
class ChangeStateGroupEventAdmin(GroupEventAdminMixin, admin.ModelAdmin):
    list_display = ["id", "group", "time", "state", "by"]
    raw_id_fields = ["group", "by"]


@admin.register(MilestoneGroupEvent)
class MilestoneGroupEventAdmin(GroupEventAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["group", "by", "milestone"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "email", "group"]
    list_display_links = ["name"]
    list_filter = ["name", "group__type", "group__state"]
    search_fields = ["person__name", "person__ascii", "email__address", "group__acronym"]
    raw_id_fields = ["person", "email", "group"]
    list_select_related = ["name", "person", "email", "group"]


@admin.register(RoleHistory)
class RoleHistoryAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "email", "group"]
    list_filter = ["name"]
    search_fields = ["person__name", "email__address", "group__acronym"]
    raw_id_fields = ["person", "email", "group"]
    list_select_related = ["name", "person", "email", "group"]


class AppealArtifactInline(admin.TabularInline):
    model = AppealArtifact
    fields = ["date", "artifact_type", "title", "order", "content_type"]
    extra = 0


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "group"]
    search_fields = ["name", "group__acronym"]
    raw_id_fields = ["group"]
    list_select_related = ["group"]
    inlines = [AppealArtifactInline]


@admin.register(AppealArtifact)
class AppealArtifactAdmin(admin.ModelAdmin):
    list_display = ["id", "appeal", "date", "artifact_type", "title", "content_type"]
    list_filter = ["artifact_type"]
    raw_id_fields = ["appeal"]
    list_select_related = ["appeal", "artifact_type"]
