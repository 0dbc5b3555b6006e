"""Email messages the system sent or queued, their attachments, and announcement senders."""

import email.utils

from django.db import models
from django.forms import TextInput
from django.utils import timezone


class HeaderField(models.TextField):
    """A header value: stored as text, edited in a one-line input."""

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": TextInput, **kwargs})


def new_message_id() -> str:
    return email.utils.make_msgid()


class Message(models.Model):
    time = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    subject = HeaderField()
    frm = HeaderField()
    to = HeaderField()
    cc = HeaderField(blank=True)
    bcc = HeaderField(blank=True)
    reply_to = HeaderField(blank=True)
    body = models.TextField()
    content_type = models.CharField(max_length=255, blank=True, default="text/plain")
    msgid = HeaderField(null=True, blank=True, default=new_message_id)
    related_groups = models.ManyToManyField("group.Group", blank=True)
    related_docs = models.ManyToManyField("doc.Document", blank=True)
    sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["time"]
        indexes = [models.Index(fields=["time"])]

    def __str__(self) -> str:
        return f"'{self.subject}' {self.frm} -> {self.to}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255, db_index=True, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    encoding = models.CharField(max_length=255, blank=True)
    removed = models.BooleanField(default=False)
    body = models.TextField()

    def __str__(self) -> str:
        return self.filename


class SendQueue(models.Model):
    time = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    message = models.ForeignKey(Message, on_delete=models.CASCADE)
    send_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["time"]
        indexes = [models.Index(fields=["time"])]

    def __str__(self) -> str:
        return f"{self.message} (sent at {self.sent_at or '<not yet>'})"


class AnnouncementFrom(models.Model):
    """An address a role in a group may send announcements from."""

    name = models.ForeignKey("name.RoleName", on_delete=models.CASCADE)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE)
    address = models.CharField(max_length=255)

    class Meta:
        verbose_name_plural = "Announcement From addresses"

    def __str__(self) -> str:
        return self.address
