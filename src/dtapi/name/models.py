"""The controlled vocabularies ("name tables") of the Datatracker data model.

Every table has a short ``slug`` primary key, which is what other tables store and what the
API shows in resource URIs (``/api/v1/name/streamname/ietf/``). Most tables have no columns
beyond those of :class:`NameModel`; the few that do are listed with their extra fields.
The rows themselves are installed by :func:`dtapi.name.vocabulary.install_vocabulary`.
"""

from __future__ import annotations

from django.db import models

from dtapi.name.fields import TolerantJSONField


class NameModel(models.Model):
    """Base of all name tables: a slug-keyed, ordered, retirable term."""

    slug = models.CharField(max_length=32, primary_key=True)
    name = models.CharField(max_length=255)
    desc = models.TextField(blank=True)
    used = models.BooleanField(default=True)
    order = models.IntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# --- groups and roles ------------------------------------------------------------------------


class GroupStateName(NameModel):
    """State of a group: BOF, proposed, active, concluded, ..."""


class GroupTypeName(NameModel):
    """Kind of group: WG, RG, area, directorate, team, ..."""

    verbose_name = models.CharField(max_length=255, default="")


class GroupMilestoneStateName(NameModel):
    """State of a group milestone: active, deleted, for review, chartering."""


class RoleName(NameModel):
    """Role a person holds in a group: chair, AD, secretary, ..."""


# --- documents -------------------------------------------------------------------------------


class StreamName(NameModel):
    """Publication stream: IETF, IRTF, IAB, ISE, editorial, legacy."""


class DocRelationshipName(NameModel):
    """Directed relationship between two documents, with the name of its inverse."""

    revname = models.CharField(max_length=255)


class DocTypeName(NameModel):
    """Kind of document, with the prefix its names start with."""

    prefix = models.CharField(max_length=32, default="")


class DocTagName(NameModel):
    """Tag (substate, annotation) that can be set on a document."""


class StdLevelName(NameModel):
    """Standardization level of a published document."""


class IntendedStdLevelName(NameModel):
    """Standardization level a draft aims for."""


class FormalLanguageName(NameModel):
    """Formal language used inside a document: ABNF, ASN.1, YANG, ..."""


class DocReminderTypeName(NameModel):
    """Kind of reminder attached to a document event."""


class DocUrlTagName(NameModel):
    """Kind of URL attached to a document: repository, issue tracker, ..."""


class BallotPositionName(NameModel):
    """Position a balloter can take; ``blocking`` positions hold a ballot up."""

    blocking = models.BooleanField(default=False)


# --- meetings --------------------------------------------------------------------------------


class MeetingTypeName(NameModel):
    """Kind of meeting: IETF plenary meeting or interim."""


class ProceedingsMaterialTypeName(NameModel):
    """Kind of non-session proceedings material."""


class AgendaTypeName(NameModel):
    """Agenda a group's sessions appear on."""


class AgendaFilterTypeName(NameModel):
    """How a group appears in the agenda filter."""


class SessionStatusName(NameModel):
    """Scheduling status of a session request."""


class SessionPurposeName(NameModel):
    """Purpose of a session, with the timeslot types it may be scheduled into."""

    timeslot_types = TolerantJSONField(
        default=list, help_text="Timeslot type slugs sessions of this purpose may use"
    )
    on_agenda = models.BooleanField(
        default=True, help_text="Whether sessions of this purpose appear on the agenda by default"
    )


class TimeSlotTypeName(NameModel):
    """Kind of timeslot: regular, break, plenary, ..."""


class ConstraintName(NameModel):
    """Kind of scheduling constraint, with the penalty for violating it."""

    penalty = models.IntegerField(
        default=0, help_text="Cost of violating this kind of constraint when scheduling"
    )
    editor_label = models.CharField(
        max_length=64, blank=True, help_text="Short HTML label shown in the schedule editor"
    )
    is_group_conflict = models.BooleanField(
        default=False, help_text="Whether this constraint names another group"
    )


class TimerangeName(NameModel):
    """Part of a meeting day a group can ask not to be scheduled in."""


class RoomResourceName(NameModel):
    """Equipment or service a session can request for its room."""


class ImportantDateName(NameModel):
    """Milestone of the meeting cycle, with its usual offset from the meeting start."""

    default_offset_days = models.SmallIntegerField()


class SlideSubmissionStatusName(NameModel):
    """Review status of slides proposed for a session."""


class AttendanceTypeName(NameModel):
    """How a registrant attends a meeting (onsite, remote, ...)."""


class RegistrationTicketTypeName(NameModel):
    """Kind of meeting registration ticket."""


# --- liaison statements ----------------------------------------------------------------------


class LiaisonStatementPurposeName(NameModel):
    """Why a liaison statement was sent: for action, comment, information, ..."""


class LiaisonStatementState(NameModel):
    """Workflow state of a liaison statement."""


class LiaisonStatementEventTypeName(NameModel):
    """Kind of event in a liaison statement's history."""


class LiaisonStatementTagName(NameModel):
    """Tag on a liaison statement: action required, action taken."""


# --- nomcom ----------------------------------------------------------------------------------


class NomineePositionStateName(NameModel):
    """Answer of a nominee to a nomination: pending, accepted, declined."""


class FeedbackTypeName(NameModel):
    """Classification of nomcom feedback, with its one-letter legend."""

    legend = models.CharField(
        max_length=1, default="", help_text="One-letter legend used on the classification form"
    )


class TopicAudienceName(NameModel):
    """Who may comment on a nomcom topic."""


# --- submissions, templates ------------------------------------------------------------------


class DBTemplateTypeName(NameModel):
    """Markup of a database template: plain, reStructuredText, Django."""


class DraftSubmissionStateName(NameModel):
    """State of an Internet-Draft submission, with the states it can move to."""

    next_states = models.ManyToManyField(
        "self", symmetrical=False, related_name="previous_states", blank=True
    )


# --- IPR -------------------------------------------------------------------------------------


class IprDisclosureStateName(NameModel):
    """Publication state of an IPR disclosure."""


class IprLicenseTypeName(NameModel):
    """Licensing declaration of an IPR disclosure."""


class IprEventTypeName(NameModel):
    """Kind of event in an IPR disclosure's history."""


# --- reviews ---------------------------------------------------------------------------------


class ReviewRequestStateName(NameModel):
    """State of a review request."""


class ReviewAssignmentStateName(NameModel):
    """State of a reviewer's assignment."""


class ReviewTypeName(NameModel):
    """Kind of review: early, last call, telechat."""


class ReviewResultName(NameModel):
    """Verdict of a review: ready, has nits, not ready, ..."""


class ReviewerQueuePolicyName(NameModel):
    """How a review team picks the next reviewer."""


# --- places ----------------------------------------------------------------------------------


class ContinentName(NameModel):
    """Continent, for grouping countries."""


class CountryName(NameModel):
    """Country, keyed by its ISO 3166-1 alpha-2 code."""

    continent = models.ForeignKey(ContinentName, on_delete=models.PROTECT)
    in_eu = models.BooleanField(verbose_name="In EU", default=False)


# --- external resources ----------------------------------------------------------------------


class ExtResourceTypeName(NameModel):
    """Value type of an external resource: URL, e-mail address, string."""


class ExtResourceName(NameModel):
    """Kind of external resource (GitHub repository, Zulip stream, ...), with its value type."""

    type = models.ForeignKey(ExtResourceTypeName, on_delete=models.PROTECT)


# --- IESG, appeals ---------------------------------------------------------------------------


class TelechatAgendaSectionName(NameModel):
    """Section of an IESG telechat agenda."""


class AppealArtifactTypeName(NameModel):
    """Kind of document attached to an appeal."""
