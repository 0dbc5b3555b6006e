"""Internet-Draft submissions: the submission, its checks, events and external resources,
and pre-approved draft names."""

from __future__ import annotations

import secrets
from email.utils import parseaddr

from django.db import models
from django.utils import timezone


def new_access_key() -> str:
    return secrets.token_hex(16)


class Submission(models.Model):
    state = models.ForeignKey("name.DraftSubmissionStateName", on_delete=models.CASCADE)
    remote_ip = models.CharField(max_length=100, blank=True)
    access_key = models.CharField(max_length=255, default=new_access_key)
    auth_key = models.CharField(max_length=255, blank=True)
    # draft metadata
    name = models.CharField(max_length=255, db_index=True)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE, null=True, blank=True)
    title = models.CharField(max_length=255, blank=True)
    abstract = models.TextField(blank=True)
    rev = models.CharField(max_length=3, blank=True)
    pages = models.IntegerField(null=True, blank=True)
    words = models.IntegerField(null=True, blank=True)
    formal_languages = models.ManyToManyField(
        "name.FormalLanguageName", blank=True, help_text="Formal languages used in document"
    )
    authors = models.JSONField(
        default=list, help_text="List of authors with name, email, affiliation and country."
    )
    note = models.TextField(blank=True)
    replaces = models.CharField(max_length=1000, blank=True)
    first_two_pages = models.TextField(blank=True)
    file_types = models.CharField(max_length=50, blank=True)
    file_size = models.IntegerField(null=True, blank=True)
    document_date = models.DateField(null=True, blank=True)
    submission_date = models.DateField(default=timezone.localdate)
    xml_version = models.CharField(max_length=4, null=True, default=None)
    submitter = models.CharField(
        max_length=255,
        blank=True,
        help_text='Name and email of submitter, e.g. "John Doe <john@example.org>".',
    )
    draft = models.ForeignKey("doc.Document", on_delete=models.CASCADE, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}-{self.rev}"

    def submitter_parsed(self) -> dict[str, str]:
        if "@" not in self.submitter:
            return {"name": self.submitter, "email": ""}
        name, addr = parseaddr(self.submitter)
        return {"name": name, "email": addr}

    @property
    def replaces_names(self) -> list[str]:
        return self.replaces.split(",")


class SubmissionCheck(models.Model):
    time = models.DateTimeField(default=timezone.now)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="checks")
    checker = models.CharField(max_length=256, blank=True)
    passed = models.BooleanField(null=True, default=False)
    message = models.TextField(null=True, blank=True)
    errors = models.IntegerField(null=True, blank=True, default=None)
    warnings = models.IntegerField(null=True, blank=True, default=None)
    items = models.JSONField(null=True, blank=True, default=dict)
    symbol = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        outcome = "Passed" if self.passed else "Failed"
        return f"{self.checker} submission check: {outcome}"


class SubmissionEvent(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    desc = models.TextField()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.desc} by {self.by_id} at {self.time}"


class Preapproval(models.Model):
    """A draft name pre-approved for submission."""

    name = models.CharField(max_length=255, db_index=True)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class SubmissionEmailEvent(SubmissionEvent):
    message = models.ForeignKey(
        "message.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manualevents",
    )
    msgtype = models.CharField(max_length=25)
    in_reply_to = models.ForeignKey(
        "message.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="irtomanual",
    )

    class Meta:
        ordering = ["-time", "-id"]


class SubmissionExtResource(models.Model):
    name = models.ForeignKey("name.ExtResourceName", on_delete=models.CASCADE)
    display_name = models.CharField(max_length=255, default="", blank=True)
    value = models.CharField(max_length=2083)
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="external_resources"
    )

    def __str__(self) -> str:
        return f"{self.display_name or self.name_id} ({self.name_id}) {self.value}"
