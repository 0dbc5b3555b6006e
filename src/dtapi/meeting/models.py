"""Meetings: schedules, timeslots, sessions and their assignments, rooms, constraints,
materials, attendance and registrations."""

from __future__ import annotations

import datetime

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from dtapi.utils.fields import ModificationTimeField

# Defaults of the reference deployment's settings for new meetings.
DEFAULT_CUTOFF_DAY_OFFSET_00 = 13
DEFAULT_CUTOFF_DAY_OFFSET_01 = 13
DEFAULT_CUTOFF_TIME_UTC = datetime.timedelta(hours=23, minutes=59, seconds=59)
DEFAULT_CUTOFF_WARNING_DAYS = datetime.timedelta(days=21)
DEFAULT_SUBMISSION_START_DAYS = 90
DEFAULT_SUBMISSION_CUTOFF_DAYS = 26
DEFAULT_SUBMISSION_CORRECTION_DAYS = 50


class Meeting(models.Model):
    # IETF meetings are numbered ("119"); interims and others carry an identifier.
    number = models.CharField(max_length=64, unique=True)
    type = models.ForeignKey("name.MeetingTypeName", on_delete=models.CASCADE)
    # Start date; timeslots carry their own datetimes.
    date = models.DateField()
    days = models.IntegerField(
        default=7,
        validators=[MinValueValidator(1)],
        help_text="The number of days the meeting lasts",
    )
    city = models.CharField(max_length=255, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 country code")
    time_zone = models.CharField(max_length=255, default="UTC")
    idsubmit_cutoff_day_offset_00 = models.IntegerField(
        blank=True,
        default=DEFAULT_CUTOFF_DAY_OFFSET_00,
        help_text="Days before the meeting start date when -00 submissions close.",
    )
    idsubmit_cutoff_day_offset_01 = models.IntegerField(
        blank=True,
        default=DEFAULT_CUTOFF_DAY_OFFSET_01,
        help_text="Days before the meeting start date when -01 and later submissions close.",
    )
    idsubmit_cutoff_time_utc = models.DurationField(
        blank=True,
        default=DEFAULT_CUTOFF_TIME_UTC,
        help_text="Time of day (UTC) after which submission closes, e.g. 23:59:59.",
    )
    idsubmit_cutoff_warning_days = models.DurationField(
        blank=True,
        default=DEFAULT_CUTOFF_WARNING_DAYS,
        help_text="How long before the -00 cutoff to show cutoff warnings.",
    )
    submission_start_day_offset = models.IntegerField(
        blank=True,
        default=DEFAULT_SUBMISSION_START_DAYS,
        help_text="Days before the meeting start date from which materials are accepted.",
    )
    submission_cutoff_day_offset = models.IntegerField(
        blank=True,
        default=DEFAULT_SUBMISSION_CUTOFF_DAYS,
        help_text="Days after the meeting start date during which new materials are accepted.",
    )
    submission_correction_day_offset = models.IntegerField(
        blank=True,
        default=DEFAULT_SUBMISSION_CORRECTION_DAYS,
        help_text="Days after the meeting start date during which materials may be updated.",
    )
    venue_name = models.CharField(max_length=255, blank=True)
    venue_addr = models.TextField(blank=True)
    break_area = models.CharField(max_length=255, blank=True)
    reg_area = models.CharField(max_length=255, blank=True)
    agenda_info_note = models.TextField(
        blank=True, help_text="Shown at the top of the HTML agenda (HTML allowed)."
    )
    agenda_warning_note = models.TextField(
        blank=True, help_text="Shown prominently at the top of the HTML agenda (HTML allowed)."
    )
    schedule = models.ForeignKey(
        "meeting.Schedule", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session_request_lock_message = models.CharField(max_length=255, blank=True)
    proceedings_final = models.BooleanField(
        default=False, help_text="Are the proceedings for this meeting complete?"
    )
    acknowledgements = models.TextField(blank=True, help_text="For the proceedings (reST).")
    overview = models.ForeignKey(
        "dbtemplate.DBTemplate",
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="overview",
    )
    show_important_dates = models.BooleanField(default=False)
    attendees = models.IntegerField(
        null=True,
        blank=True,
        default=None,
        help_text="Attendance for backfilled meetings; computed from registrations otherwise.",
    )
    group_conflict_types = models.ManyToManyField(
        "name.ConstraintName",
        blank=True,
        limit_choices_to={"is_group_conflict": True},
        help_text="Types of scheduling conflict between groups to consider",
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["-date", "-id"])]

    def __str__(self) -> str:
        return f"IETF-{self.number}" if self.type_id == "ietf" else self.number

    def get_number(self) -> int | None:
        """The meeting number of IETF meetings as an int, else None."""
        return int(self.number) if self.number.isdigit() else None

    def get_meeting_date(self, offset: int) -> datetime.date:
        return self.date + datetime.timedelta(days=offset)

    def end_date(self) -> datetime.date:
        return self.get_meeting_date(self.days - 1)

    def official_schedules(self) -> list[Schedule]:
        """The official schedule and the base schedule it builds on (if any)."""
        if self.schedule is None:
            return []
        return [s for s in (self.schedule, self.schedule.base) if s is not None]

    def updated(self) -> datetime.datetime | None:
        """Latest modification of the meeting's timeslots, sessions or official assignments."""
        stamps = [
            self.timeslot_set.aggregate(m=Max("modified"))["m"],
            self.session_set.aggregate(m=Max("modified"))["m"],
        ]
        schedules = self.official_schedules()
        if schedules:
            stamps.append(
                SchedTimeSessAssignment.objects.filter(schedule__in=schedules).aggregate(
                    m=Max("modified")
                )["m"]
            )
        stamps = [s for s in stamps if s is not None]
        return max(stamps) if stamps else None

    def enabled_constraint_names(self):
        from django.apps import apps

        constraint_name = apps.get_model("name", "ConstraintName")
        return constraint_name.objects.filter(
            Q(is_group_conflict=False) | Q(is_group_conflict=True, meeting=self)
        )

    @classmethod
    def get_current_meeting(cls, type: str = "ietf") -> Meeting | None:
        week_ago = timezone.now() - datetime.timedelta(days=7)
        return cls.objects.filter(type=type, date__gte=week_ago.date()).order_by("date").first()


# --- rooms, resources, floor plans --------------------------------------------------------------


class ResourceAssociation(models.Model):
    name = models.ForeignKey("name.RoomResourceName", on_delete=models.CASCADE)
    icon = models.CharField(max_length=64)  # image under /static/img
    desc = models.CharField(max_length=256)

    def __str__(self) -> str:
        return self.desc


class Room(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    modified = ModificationTimeField()
    name = models.CharField(max_length=255)
    functional_name = models.CharField(max_length=255, blank=True)
    capacity = models.IntegerField(null=True, blank=True)
    resources = models.ManyToManyField(ResourceAssociation, blank=True)
    session_types = models.ManyToManyField("name.TimeSlotTypeName", blank=True)
    floorplan = models.ForeignKey(
        "meeting.FloorPlan", on_delete=models.CASCADE, null=True, blank=True, default=None
    )
    # Pixel box of the room on the floor plan image, (0,0) at the top left.
    x1 = models.SmallIntegerField(null=True, blank=True, default=None)
    y1 = models.SmallIntegerField(null=True, blank=True, default=None)
    x2 = models.SmallIntegerField(null=True, blank=True, default=None)
    y2 = models.SmallIntegerField(null=True, blank=True, default=None)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        if self.functional_name and self.functional_name != self.name:
            return f"{self.name} [{self.functional_name}] (size: {self.capacity})"
        return f"{self.name} (size: {self.capacity})"


class UrlResource(models.Model):
    """A URL for a room, such as its audio or video stream."""

    name = models.ForeignKey("name.RoomResourceName", on_delete=models.CASCADE)
    room = models.ForeignKey(Room, on_delete=models.CASCADE)
    url = models.URLField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.room_id} {self.name_id}: {self.url}"


class FloorPlan(models.Model):
    name = models.CharField(max_length=255)
    short = models.CharField(max_length=3, default="")
    modified = ModificationTimeField()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    order = models.SmallIntegerField()
    image = models.FileField(upload_to="floorplan", blank=True, default="")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"floorplan-{self.meeting_id}-{self.name}"


# --- schedules, timeslots, sessions, assignments -------------------------------------------------


class TimeSlot(models.Model):
    """Anything on the agenda, breaks included; sessions are placed in timeslots."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    type = models.ForeignKey("name.TimeSlotTypeName", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    time = models.DateTimeField()
    duration = models.DurationField(default=datetime.timedelta(0))
    location = models.ForeignKey(Room, on_delete=models.CASCADE, null=True, blank=True)
    show_location = models.BooleanField(default=True, help_text="Show location in agenda.")
    sessions = models.ManyToManyField(
        "meeting.Session",
        related_name="slots",
        through="meeting.SchedTimeSessAssignment",
        blank=True,
        help_text="Scheduled session, if any.",
    )
    modified = ModificationTimeField()

    TYPES_NOT_SCHEDULABLE = ("offagenda", "reserved", "unavail")

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.time:%m-%d %H:%M} {self.name}"

    def end_time(self) -> datetime.datetime:
        return self.time + self.duration


class Schedule(models.Model):
    """A named placement of sessions into timeslots; the official one is Meeting.schedule."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, related_name="schedule_set"
    )
    name = models.CharField(
        max_length=64,
        help_text="Letters, numbers and -:_ allowed.",
        validators=[RegexValidator(r"^[A-Za-z0-9-:_]*$")],
    )
    owner = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    visible = models.BooleanField(
        "Show in agenda list",
        default=True,
        help_text="Show in the list of possible agendas for the meeting.",
    )
    public = models.BooleanField(default=True, help_text="Allow others to see this agenda.")
    badness = models.IntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    base = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="derivedschedule_set",
        limit_choices_to={"base": None},
        help_text="Sessions scheduled in the base schedule show up in this schedule too.",
    )

    def __str__(self) -> str:
        return f"{self.meeting}:{self.name}({self.owner_id})"

    @property
    def is_official(self) -> bool:
        return self.meeting is not None and self.meeting.schedule_id == self.pk


class SchedTimeSessAssignment(models.Model):
    """Places a session into a timeslot within one schedule."""

    timeslot = models.ForeignKey(
        TimeSlot, on_delete=models.CASCADE, related_name="sessionassignments"
    )
    session = models.ForeignKey(
        "meeting.Session",
        on_delete=models.CASCADE,
        null=True,
        default=None,
        related_name="timeslotassignments",
        help_text="Scheduled session.",
    )
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="assignments")
    extendedfrom = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        default=None,
        help_text="Timeslot this session is an extension of.",
    )
    modified = ModificationTimeField()
    # Exposed by the 2022 API; the reference dropped it in 2024.
    notes = models.TextField(blank=True)
    badness = models.IntegerField(default=0, null=True, blank=True)
    pinned = models.BooleanField(
        default=False, help_text="Do not move session during automatic placement."
    )

    class Meta:
        ordering = [
            "timeslot__time",
            "timeslot__type__slug",
            "session__group__parent__name",
            "session__group__acronym",
            "session__name",
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} [{self.session_id}<->{self.timeslot_id}]"


class BusinessConstraint(models.Model):
    """A scheduling rule applying to all qualifying sessions of all meetings."""

    slug = models.CharField(max_length=32, primary_key=True)
    name = models.CharField(max_length=255)
    penalty = models.IntegerField(
        default=0, help_text="Penalty for violating it, e.g. 10 (small) or 10000 (large)."
    )

    def __str__(self) -> str:
        return self.name


class Constraint(models.Model):
    """A group's scheduling request for one meeting (conflicts, timeranges, adjacency...)."""

    TIME_RELATION_CHOICES = (
        ("subsequent-days", "Schedule the sessions on subsequent days"),
        ("one-day-seperation", "Leave at least one free day in between the two sessions"),
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    source = models.ForeignKey(
        "group.Group", on_delete=models.CASCADE, related_name="constraint_source_set"
    )
    target = models.ForeignKey(
        "group.Group", on_delete=models.CASCADE, null=True, related_name="constraint_target_set"
    )
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    name = models.ForeignKey("name.ConstraintName", on_delete=models.CASCADE)
    time_relation = models.CharField(max_length=200, choices=TIME_RELATION_CHOICES, blank=True)
    timeranges = models.ManyToManyField("name.TimerangeName")

    def __str__(self) -> str:
        return f"{self.source_id} {self.name_id} target={self.target_id} person={self.person_id}"


class SessionPresentation(models.Model):
    """A document (agenda, slides, minutes, recording, ...) attached to a session."""

    session = models.ForeignKey(
        "meeting.Session", on_delete=models.CASCADE, related_name="presentations"
    )
    document = models.ForeignKey(
        "doc.Document", on_delete=models.CASCADE, related_name="presentations"
    )
    rev = models.CharField("revision", max_length=16, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "meeting_session_materials"
        ordering = ["order"]
        unique_together = [("session", "document")]

    def __str__(self) -> str:
        return f"{self.session_id} -> {self.document_id}-{self.rev}"


def _latest_status_subquery(field: str = "status"):
    return Subquery(
        SchedulingEvent.objects.filter(session=OuterRef("pk"))
        .order_by("-time", "-id")
        .values(field)[:1]
    )


class SessionQuerySet(models.QuerySet):
    def with_current_status(self):
        """Annotate ``current_status`` (slug of the latest SchedulingEvent, or '')."""
        return self.annotate(
            current_status=Coalesce(_latest_status_subquery(), Value(""), output_field=TextField())
        )

    def not_canceled(self):
        return self.with_current_status().exclude(current_status__in=Session.CANCELED_STATUSES)

    def not_deleted(self):
        return self.with_current_status().exclude(current_status="deleted")

    def requests(self):
        """Sessions that may be handled as requests."""
        return self.exclude(type__in=TimeSlot.TYPES_NOT_SCHEDULABLE)


class Session(models.Model):
    """A group's (or a purpose's) meeting slot request; placed into TimeSlots by schedules."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    name = models.CharField(
        max_length=255, blank=True, help_text="Name of session, when it has a purpose of its own."
    )
    short = models.CharField(
        max_length=32, blank=True, help_text="Short version of the name, for file names."
    )
    purpose = models.ForeignKey(
        "name.SessionPurposeName", on_delete=models.CASCADE, help_text="Purpose of the session"
    )
    type = models.ForeignKey("name.TimeSlotTypeName", on_delete=models.CASCADE)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE)
    joint_with_groups = models.ManyToManyField(
        "group.Group", related_name="sessions_joint_in", blank=True
    )
    attendees = models.IntegerField(null=True, blank=True)
    agenda_note = models.CharField(max_length=512, blank=True)
    requested_duration = models.DurationField(default=datetime.timedelta(0))
    comments = models.TextField(blank=True)
    scheduled = models.DateTimeField(null=True, blank=True)
    modified = ModificationTimeField()
    remote_instructions = models.CharField(max_length=1024, blank=True)
    on_agenda = models.BooleanField(
        default=True, help_text="Is this session visible on the meeting agenda?"
    )
    has_onsite_tool = models.BooleanField(
        default=False, help_text="Does this session use the official onsite and remote tooling?"
    )
    chat_room = models.CharField(
        max_length=32, blank=True, help_text="Name of chat stream, if not the group acronym"
    )
    meetecho_recording_name = models.CharField(
        max_length=64, blank=True, help_text="Name of the Meetecho recording"
    )
    tombstone_for = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text="This session is the tombstone for a session that was rescheduled",
    )
    materials = models.ManyToManyField("doc.Document", through=SessionPresentation, blank=True)
    resources = models.ManyToManyField(ResourceAssociation, blank=True)

    objects = SessionQuerySet.as_manager()

    CANCELED_STATUSES = ("canceled", "canceledpa")

    def __str__(self) -> str:
        label = self.name or self.short
        return f"{self.meeting_id}: {self.group_id} {label}".rstrip()

    @property
    def current_status(self) -> str:
        """Slug of the latest scheduling status ('' when there is none).

        ``Session.objects.with_current_status()`` fills this in for a whole queryset.
        """
        if not hasattr(self, "_current_status"):
            latest = (
                SchedulingEvent.objects.filter(session=self).order_by("-time", "-id").first()
                if self.pk
                else None
            )
            self._current_status = latest.status_id if latest else ""
        return self._current_status

    @current_status.setter
    def current_status(self, value: str) -> None:
        self._current_status = value

    def official_timeslotassignment(self) -> SchedTimeSessAssignment | None:
        """This session's assignment in the meeting's official schedule (or its base)."""
        cached = getattr(self, "_official_assignment", None)
        if cached is None:
            schedules = self.meeting.official_schedules()
            cached = self.timeslotassignments.filter(schedule__in=schedules).first()
            self._official_assignment = cached
        return cached

    def get_material(self, material_type: str, only_one: bool):
        """Attached documents of a type, in presentation order, leaving out deleted ones."""
        docs = (
            self.materials.filter(type=material_type)
            .exclude(states__type=material_type, states__slug="deleted")
            .order_by("presentations__order")
        )
        return docs.first() if only_one else list(docs)

    def agenda(self):
        return self.get_material("agenda", only_one=True)

    def minutes(self):
        return self.get_material("minutes", only_one=True)

    def narrative_minutes(self):
        return self.get_material("narrativeminutes", only_one=True)

    def recordings(self) -> list:
        return self.get_material("recording", only_one=False)

    def bluesheets(self) -> list:
        return self.get_material("bluesheets", only_one=False)

    def chatlogs(self) -> list:
        return self.get_material("chatlog", only_one=False)

    def polls(self) -> list:
        return self.get_material("polls", only_one=False)

    def slides(self) -> list:
        return self.get_material("slides", only_one=False)

    def chat_room_name(self) -> str:
        if self.chat_room:
            return self.chat_room
        if self.type_id == "plenary":
            return "plenary"
        return self.group.acronym


class SchedulingEvent(models.Model):
    """A change of a session's scheduling status (requested, approved, scheduled, ...)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now, help_text="When the event happened")
    status = models.ForeignKey("name.SessionStatusName", on_delete=models.CASCADE)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)

    def __str__(self) -> str:
        return f"{self.session_id} : {self.status_id} : {self.time} : {self.by_id}"


class ImportantDate(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    date = models.DateField()
    name = models.ForeignKey("name.ImportantDateName", on_delete=models.CASCADE)

    class Meta:
        ordering = ["-meeting_id", "date"]

    def __str__(self) -> str:
        return f"{self.meeting_id} : {self.name_id} : {self.date}"


class SlideSubmission(models.Model):
    """Slides proposed for a session by someone who cannot upload them directly."""

    time = ModificationTimeField()
    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    title = models.CharField(max_length=255)
    filename = models.CharField(max_length=255)
    apply_to_all = models.BooleanField(default=False)
    submitter = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    status = models.ForeignKey(
        "name.SlideSubmissionStatusName", on_delete=models.SET_NULL, null=True, default="pending"
    )
    doc = models.ForeignKey("doc.Document", on_delete=models.SET_NULL, null=True)

    def __str__(self) -> str:
        return self.title


class ProceedingsMaterial(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="proceedings_materials"
    )
    # A unique ForeignKey in the reference; a one-to-one field has the same column.
    document = models.OneToOneField(
        "doc.Document", on_delete=models.CASCADE, limit_choices_to={"type_id": "procmaterials"}
    )
    type = models.ForeignKey("name.ProceedingsMaterialTypeName", on_delete=models.CASCADE)

    class Meta:
        unique_together = [("meeting", "type")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.type_id}: {self.document_id}"


class MeetingHost(models.Model):
    """A meeting sponsor with its logo."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meetinghosts")
    name = models.CharField(max_length=255)
    logo = models.FileField(upload_to="meetinghosts")
    logo_width = models.PositiveIntegerField(null=True)
    logo_height = models.PositiveIntegerField(null=True)

    class Meta:
        unique_together = [("meeting", "name")]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Attended(models.Model):
    """A person's attendance at a session (from bluesheets or the onsite/remote tools)."""

    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now, null=True, blank=True)
    origin = models.CharField(max_length=32, default="datatracker")

    class Meta:
        unique_together = [("person", "session")]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}"


class Registration(models.Model):
    """A meeting registration from the registration system (2025 model)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.PROTECT, null=True, blank=True)
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    affiliation = models.CharField(max_length=255, blank=True)
    country_code = models.CharField(max_length=2)  # ISO 3166
    email = models.EmailField(null=True, blank=True)
    attended = models.BooleanField(default=False)
    checkedin = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RegistrationTicket(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="tickets")
    attendance_type = models.ForeignKey("name.AttendanceTypeName", on_delete=models.PROTECT)
    ticket_type = models.ForeignKey("name.RegistrationTicketTypeName", on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.attendance_type_id} {self.ticket_type_id}"
