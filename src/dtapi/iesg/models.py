"""IESG telechats: dates, agenda items and agenda section texts."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone


class TelechatAgendaItem(models.Model):
    """A management item or news text on the telechat agenda (legacy column names)."""

    TYPE_CHOICES = (
        (1, "Any Other Business (WG News, New Proposals, etc.)"),
        (2, "IAB News"),
        (3, "Management Item"),
    )
    id = models.AutoField(primary_key=True, db_column="template_id")
    text = models.TextField(blank=True, db_column="template_text")
    type = models.IntegerField(db_column="template_type", choices=TYPE_CHOICES, default=3)
    title = models.CharField(max_length=255, db_column="template_title")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"


class Telechat(models.Model):
    """Legacy telechat record (table ``telechat``), exposed by the 2022 API."""

    telechat_id = models.IntegerField(primary_key=True)
    telechat_date = models.DateField(null=True, blank=True)
    minute_approved = models.IntegerField(null=True, blank=True)
    wg_news_txt = models.TextField(blank=True)
    iab_news_txt = models.TextField(blank=True)
    management_issue = models.TextField(blank=True)
    frozen = models.IntegerField(null=True, blank=True)
    mi_frozen = models.IntegerField(null=True, blank=True)

    class Meta:
        db_table = "telechat"

    def __str__(self) -> str:
        return f"Telechat {self.telechat_date}"


def next_telechat_date() -> datetime.date:
    """Two weeks after the last scheduled telechat, or today."""
    last = TelechatDate.objects.order_by("-date").values_list("date", flat=True).first()
    if last:
        return last + datetime.timedelta(days=14)
    return timezone.localdate()


class TelechatDateManager(models.Manager):
    def active(self):
        return self.get_queryset().filter(date__gte=timezone.localdate())


class TelechatDate(models.Model):
    date = models.DateField(default=next_telechat_date)

    objects = TelechatDateManager()

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["-date"])]

    def __str__(self) -> str:
        return self.date.isoformat()


class TelechatAgendaContent(models.Model):
    """Fixed text of one telechat agenda section."""

    section = models.ForeignKey("name.TelechatAgendaSectionName", on_delete=models.PROTECT)
    text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.section_id} content"
