"""Document state machines and ballot types.

A document carries at most one :class:`State` per :class:`StateType` (its basic state, its
IESG state, its stream state, ...). State rows keep the reference primary keys, because the
API addresses them by id (``/api/v1/doc/state/7/`` is the IESG state "RFC Published").
"""

from __future__ import annotations

from django.db import models


class StateType(models.Model):
    """A state machine, such as ``draft``, ``draft-iesg`` or ``charter``."""

    slug = models.CharField(primary_key=True, max_length=30)
    label = models.CharField(
        max_length=255, help_text="Label of the state drop-down for this state machine"
    )

    def __str__(self) -> str:
        return self.slug


class State(models.Model):
    """One state of a state machine, with the states reachable from it."""

    type = models.ForeignKey(StateType, on_delete=models.PROTECT)
    slug = models.SlugField()
    name = models.CharField(max_length=255)
    used = models.BooleanField(default=True)
    desc = models.TextField(blank=True)
    order = models.IntegerField(default=0)
    next_states = models.ManyToManyField(
        "self", symmetrical=False, related_name="previous_states", blank=True
    )

    class Meta:
        ordering = ["type", "order"]

    def __str__(self) -> str:
        return self.name


class BallotType(models.Model):
    """A kind of ballot for a document type, with the positions balloters can take."""

    doc_type = models.ForeignKey(
        "name.DocTypeName", on_delete=models.PROTECT, blank=True, null=True
    )
    slug = models.SlugField()
    name = models.CharField(max_length=255)
    question = models.TextField(blank=True)
    used = models.BooleanField(default=True)
    order = models.IntegerField(default=0)
    positions = models.ManyToManyField("name.BallotPositionName", blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.name}: {self.doc_type_id or '-'}"
