from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from dtapi.notify import tasks
from dtapi.notify.models import Delivery, DeliveryAttempt, Message, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["event", "url", "encoding", "active", "created"]
    list_filter = ["event", "active"]
    search_fields = ["url", "comment"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["url", "status", "attempts", "next_attempt", "delivered", "last_error"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "created"]
    list_filter = ["kind"]
    readonly_fields = ["id", "kind", "created", "payload"]
    inlines = [DeliveryInline]
    date_hierarchy = "created"


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ["started", "duration", "status_code", "error", "worker"]
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "message", "url", "status", "attempts", "next_attempt", "delivered"]
    list_filter = ["status", "message__kind"]
    search_fields = ["url", "message__id"]
    readonly_fields = [
        "message",
        "subscription",
        "url",
        "encoding",
        "attempts",
        "task_id",
        "last_error",
        "delivered",
    ]
    inlines = [AttemptInline]
    actions = ["send_again"]

    @admin.action(description="Send again now")
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        n = tasks.send_again(queryset)
        self.message_user(request, f"{n} deliveries queued again")
