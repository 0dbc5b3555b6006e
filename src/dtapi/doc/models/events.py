"""The document event log.

Every change to a document is recorded as a :class:`DocEvent`. Events that carry more data
are subclasses using multi-table inheritance: their row shares its id with the DocEvent row
(``docevent_ptr``), so the plain event list shows every event and the subclass resources add
their own columns. :class:`IRSGBallotDocEvent` extends :class:`BallotDocEvent` the same way.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

# (slug, label) of every event type; the slugs are stored in DocEvent.type.
EVENT_TYPES: list[tuple[str, str]] = [
    # general
    ("new_revision", "New revision"),
    ("new_submission", "New revision uploaded"),
    ("changed_document", "Document metadata changed"),
    ("added_comment", "Comment added"),
    ("added_message", "Message added"),
    ("edited_authors", "Author list edited"),
    ("deleted", "Document deleted"),
    ("changed_state", "State changed"),
    # drafts and RFCs
    ("changed_stream", "Stream changed"),
    ("expired_document", "Document expired"),
    ("extended_expiry", "Expiry extended"),
    ("requested_resurrect", "Resurrection requested"),
    ("completed_resurrect", "Resurrection completed"),
    ("changed_consensus", "Consensus changed"),
    ("published_rfc", "RFC published"),
    ("added_suggested_replaces", "Suggested replacements added"),
    ("reviewed_suggested_replaces", "Suggested replacements reviewed"),
    ("changed_action_holders", "Action holders changed"),
    # groups
    ("changed_group", "Group changed"),
    ("changed_protocol_writeup", "Protocol writeup changed"),
    ("changed_charter_milestone", "Charter milestone changed"),
    # charters
    ("initial_review", "Initial review time set"),
    ("changed_review_announcement", "WG review text changed"),
    ("changed_action_announcement", "WG action text changed"),
    # IESG
    ("started_iesg_process", "IESG processing started"),
    ("created_ballot", "Ballot created"),
    ("closed_ballot", "Ballot closed"),
    ("sent_ballot_announcement", "Ballot announcement sent"),
    ("changed_ballot_position", "Ballot position changed"),
    ("changed_ballot_approval_text", "Ballot approval text changed"),
    ("changed_ballot_writeup_text", "Ballot writeup text changed"),
    ("changed_rfc_editor_note_text", "RFC Editor note changed"),
    ("changed_last_call_text", "Last call text changed"),
    ("requested_last_call", "Last call requested"),
    ("sent_last_call", "Last call sent"),
    ("scheduled_for_telechat", "Scheduled for telechat"),
    ("iesg_approved", "Approved by the IESG"),
    ("iesg_disapproved", "Not approved by the IESG"),
    ("approved_in_minute", "Approved in minutes"),
    # IANA
    ("iana_review", "IANA review comment"),
    ("rfc_in_iana_registry", "RFC in IANA registry"),
    # RFC Editor
    ("rfc_editor_received_announcement", "Announcement received by the RFC Editor"),
    ("requested_publication", "Publication requested from the RFC Editor"),
    ("sync_from_rfc_editor", "Updated from RFC Editor data"),
    # reviews
    ("requested_review", "Review requested"),
    ("assigned_review_request", "Review request assigned"),
    ("closed_review_request", "Review request closed"),
    ("closed_review_assignment", "Review assignment closed"),
    # downrefs
    ("downref_approved", "Downref approved"),
    # IPR
    ("posted_related_ipr", "Related IPR disclosure posted"),
    ("removed_related_ipr", "Related IPR disclosure removed"),
    ("removed_objfalse_related_ipr", "Related IPR disclosure removed as objectively false"),
    # BOF requests, statements, slides
    ("changed_editors", "BOF request editors changed"),
    ("published_statement", "Statement published"),
    ("approved_slides", "Slides approved"),
]


class DocEvent(models.Model):
    """Something that happened to a document: who, when, what."""

    time = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When the event happened"
    )
    type = models.CharField(max_length=50, choices=EVENT_TYPES)
    by = models.ForeignKey("person.Person", on_delete=models.PROTECT)
    doc = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
    rev = models.CharField(verbose_name="revision", max_length=16, null=True, blank=True)
    desc = models.TextField()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["type", "doc"]),
            models.Index(fields=["-time", "-id"]),
            # events of a type in a time range (a client's "what changed this month")
            models.Index(fields=["type", "time"], name="doc_docevent_type_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_id} {self.type} by {self.by_id} at {self.time:%Y-%m-%d %H:%M}"


class NewRevisionDocEvent(DocEvent):
    """A new revision of the document was posted."""


class IanaExpertDocEvent(DocEvent):
    """A comment from IANA's designated experts."""


class StateDocEvent(DocEvent):
    """The document's state in ``state_type`` changed to ``state`` (None: state unset)."""

    state_type = models.ForeignKey("doc.StateType", on_delete=models.PROTECT)
    state = models.ForeignKey("doc.State", on_delete=models.PROTECT, blank=True, null=True)


class ConsensusDocEvent(DocEvent):
    """The document's consensus flag was set (None: unknown)."""

    consensus = models.BooleanField(null=True, default=None)


class BallotDocEvent(DocEvent):
    """A ballot was opened or closed; positions refer to the opening event."""

    ballot_type = models.ForeignKey("doc.BallotType", on_delete=models.PROTECT)


class IRSGBallotDocEvent(BallotDocEvent):
    """An IRSG ballot, with its due date."""

    duedate = models.DateTimeField(blank=True, null=True)


class BallotPositionDocEvent(DocEvent):
    """A balloter's position (with discuss and comment texts) on a ballot."""

    ballot = models.ForeignKey(BallotDocEvent, on_delete=models.CASCADE, null=True, default=None)
    balloter = models.ForeignKey("person.Person", on_delete=models.PROTECT)
    pos = models.ForeignKey(
        "name.BallotPositionName",
        on_delete=models.PROTECT,
        verbose_name="position",
        default="norecord",
    )
    discuss = models.TextField(blank=True, help_text="Text of a blocking position")
    discuss_time = models.DateTimeField(
        blank=True, null=True, help_text="When the blocking text was written"
    )
    comment = models.TextField(blank=True, help_text="Optional comment")
    comment_time = models.DateTimeField(
        blank=True, null=True, help_text="When the comment was written"
    )
    send_email = models.BooleanField(null=True, default=None)


class WriteupDocEvent(DocEvent):
    """A new version of a writeup text (ballot writeup, RFC Editor note, ...)."""

    text = models.TextField(blank=True)


class LastCallDocEvent(DocEvent):
    """A last call, with its end."""

    expires = models.DateTimeField(blank=True, null=True)


class TelechatDocEvent(DocEvent):
    """The document was put on (or taken off) an IESG telechat agenda."""

    telechat_date = models.DateField(blank=True, null=True)
    returning_item = models.BooleanField(default=False)


class ReviewRequestDocEvent(DocEvent):
    """A review request of the document changed."""

    review_request = models.ForeignKey("review.ReviewRequest", on_delete=models.CASCADE)
    state = models.ForeignKey(
        "name.ReviewRequestStateName", on_delete=models.PROTECT, blank=True, null=True
    )


class ReviewAssignmentDocEvent(DocEvent):
    """A reviewer's assignment for the document changed."""

    review_assignment = models.ForeignKey("review.ReviewAssignment", on_delete=models.CASCADE)
    state = models.ForeignKey(
        "name.ReviewAssignmentStateName", on_delete=models.PROTECT, blank=True, null=True
    )


class InitialReviewDocEvent(DocEvent):
    """A charter's initial review period, with its end."""

    expires = models.DateTimeField(blank=True, null=True)


class AddedMessageEvent(DocEvent):
    """A mail message was attached to the document."""

    message = models.ForeignKey(
        "message.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doc_manualevents",
    )
    msgtype = models.CharField(max_length=25)
    in_reply_to = models.ForeignKey(
        "message.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doc_irtomanual",
    )


class SubmissionDocEvent(DocEvent):
    """An event of an Internet-Draft submission of this document."""

    submission = models.ForeignKey("submit.Submission", on_delete=models.CASCADE)


class EditedAuthorsDocEvent(DocEvent):
    """The author list was changed, with the basis for the change."""

    basis = models.CharField(
        max_length=255, help_text="Source of or reason for the change of the author list"
    )


class BofreqEditorDocEvent(DocEvent):
    """The editors (proponents) of a BOF request were set."""

    editors = models.ManyToManyField("person.Person", blank=True)


class BofreqResponsibleDocEvent(DocEvent):
    """The responsible IESG/IAB members of a BOF request were set."""

    responsible = models.ManyToManyField("person.Person", blank=True)


class DocReminder(models.Model):
    """A reminder due at ``due``, raised by an event."""

    event = models.ForeignKey(DocEvent, on_delete=models.CASCADE)
    type = models.ForeignKey("name.DocReminderTypeName", on_delete=models.PROTECT)
    due = models.DateTimeField()
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.type_id} reminder for event {self.event_id} due {self.due:%Y-%m-%d}"


class DeletedEvent(models.Model):
    """An event (of any model) that was deleted, kept as JSON."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    json = models.TextField(help_text="The deleted object's fields as JSON")
    by = models.ForeignKey("person.Person", on_delete=models.PROTECT)
    time = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.content_type} deleted by {self.by_id} at {self.time:%Y-%m-%d %H:%M}"
