from django.contrib import admin

from dtapi.submit.models import (
    Preapproval,
    Submission,
    SubmissionCheck,
    SubmissionEmailEvent,
    SubmissionEvent,
    SubmissionExtResource,
)


class SubmissionCheckInline(admin.TabularInline):
    model = SubmissionCheck
    fields = ["time", "checker", "passed", "errors", "warnings", "symbol"]
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "rev", "state", "submission_date", "group"]
    list_filter = ["state"]
    search_fields = ["name", "title", "submitter"]
    raw_id_fields = ["group", "draft"]
    filter_horizontal = ["formal_languages"]
    list_select_related = ["state", "group"]
    date_hierarchy = "submission_date"
    inlines = [SubmissionCheckInline]
    show_full_result_count = False


@admin.register(SubmissionCheck)
class SubmissionCheckAdmin(admin.ModelAdmin):
    list_display = ["id", "submission", "time", "checker", "passed", "errors", "warnings"]
    list_filter = ["checker", "passed"]
    search_fields = ["submission__name"]
    raw_id_fields = ["submission"]
    list_select_related = ["submission"]
    show_full_result_count = False


@admin.register(SubmissionEvent)
class SubmissionEventAdmin(admin.ModelAdmin):
    list_display = ["id", "submission", "time", "by", "desc"]
    search_fields = ["submission__name", "desc"]
    raw_id_fields = ["submission", "by"]
    list_select_related = ["submission", "by"]
    show_full_result_count = False


@admin.register(SubmissionEmailEvent)
class SubmissionEmailEventAdmin(admin.ModelAdmin):
    list_display = ["id", "submission", "time", "by", "msgtype", "message", "desc"]
    list_filter = ["msgtype"]
    search_fields = ["submission__name"]
    raw_id_fields = ["submission", "by", "message", "in_reply_to"]
    list_select_related = ["submission", "by", "message"]


@admin.register(SubmissionExtResource)
class SubmissionExtResourceAdmin(admin.ModelAdmin):
    list_display = ["id", "submission", "name", "display_name", "value"]
    list_filter = ["name"]
    search_fields = ["submission__name", "value"]
    raw_id_fields = ["submission"]
    list_select_related = ["submission", "name"]


@admin.register(Preapproval)
class PreapprovalAdmin(admin.ModelAdmin):
    list_display = ["name", "by", "time"]
    search_fields = ["name"]
    raw_id_fields = ["by"]
    list_select_related = ["by"]
