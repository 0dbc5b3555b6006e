"""Groups (WGs, RGs, areas, teams, ...), their history, features, milestones, events and roles."""

from __future__ import annotations

from email.utils import formataddr

from django.db import models
from django.utils import timezone

from dtapi.utils.fields import ModificationTimeField


class GroupInfo(models.Model):
    """Fields shared by a group and its history snapshots."""

    time = models.DateTimeField(default=timezone.now)
    name = models.CharField(max_length=80)
    state = models.ForeignKey("name.GroupStateName", on_delete=models.CASCADE, null=True)
    type = models.ForeignKey("name.GroupTypeName", on_delete=models.CASCADE, null=True)
    parent = models.ForeignKey("group.Group", on_delete=models.CASCADE, null=True, blank=True)
    description = models.TextField(blank=True)
    list_email = models.CharField(max_length=64, blank=True)
    list_subscribe = models.CharField(max_length=255, blank=True)
    list_archive = models.CharField(max_length=255, blank=True)
    comments = models.TextField(blank=True)
    meeting_seen_as_area = models.BooleanField(
        default=False,
        help_text="For meeting scheduling, treat as an area meeting even if the type is WG.",
    )
    unused_states = models.ManyToManyField(
        "doc.State", blank=True, help_text="Document states disabled for the group."
    )
    unused_tags = models.ManyToManyField(
        "name.DocTagName", blank=True, help_text="Document tags disabled for the group."
    )
    used_roles = models.JSONField(
        max_length=256,
        blank=True,
        default=list,
        help_text="Leave an empty list to get the group type's default used roles.",
    )
    uses_milestone_dates = models.BooleanField(default=True)

    ACTIVE_STATE_IDS = ("active", "bof", "proposed")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def features(self) -> GroupFeatures | None:
        if not hasattr(self, "_features_cache"):
            self._features_cache = GroupFeatures.objects.filter(type_id=self.type_id).first()
        return self._features_cache

    @property
    def is_active(self) -> bool:
        return self.state_id in self.ACTIVE_STATE_IDS

    @property
    def is_individual(self) -> bool:
        return self.acronym == "none"

    def is_bof(self) -> bool:
        return self.state_id in ("bof", "bof-conc")

    @property
    def area(self):
        if self.type_id == "area":
            return self
        if not self.is_individual and self.parent_id:
            return self.parent
        return None

    def get_used_roles(self) -> list[str]:
        if self.used_roles:
            return self.used_roles
        return self.features.default_used_roles if self.features else []

    def ad_role(self):
        """The (current) area director role of the group, if any."""
        group = self if isinstance(self, Group) else self.group
        return group.role_set.filter(name="ad").first()


class GroupManager(models.Manager):
    def wgs(self):
        return self.get_queryset().filter(type="wg")

    def active_wgs(self):
        return self.wgs().filter(state__in=Group.ACTIVE_STATE_IDS)

    def closed_wgs(self):
        return self.wgs().exclude(state__in=Group.ACTIVE_STATE_IDS)


class Group(GroupInfo):
    acronym = models.SlugField(max_length=40, unique=True)
    charter = models.OneToOneField(
        "doc.Document",
        on_delete=models.CASCADE,
        related_name="chartered_group",
        null=True,
        blank=True,
    )

    objects = GroupManager()

    def latest_event(self, *args, **filters):
        """Latest GroupEvent (or of the subclass given first) matching the filters."""
        model = args[0] if args else GroupEvent
        return model.objects.filter(group=self, **filters).order_by("-time", "-id").first()

    def has_role(self, person_or_user, role_names) -> bool:
        """Whether the person (or the person of a user) holds one of the roles here."""
        if isinstance(role_names, str):
            role_names = [role_names]
        roles = self.role_set.filter(name__in=role_names)
        if hasattr(person_or_user, "is_authenticated"):
            if not person_or_user.is_authenticated:
                return False
            return roles.filter(person__user=person_or_user).exists()
        return roles.filter(person=person_or_user).exists()

    def get_chair(self):
        return self.role_set.filter(name="chair").first()

    @property
    def ads(self):
        roles = self.role_set.filter(name="ad").select_related("email", "person")
        return sorted(roles, key=lambda role: role.person.last_name())

    @property
    def upcase_acronym(self) -> str:
        return self.acronym.upper()


def default_material_types() -> list[str]:
    return ["slides"]


def default_admin_roles() -> list[str]:
    return ["chair"]


def default_docman_roles() -> list[str]:
    return ["ad", "chair", "delegate", "secr"]


def default_groupman_roles() -> list[str]:
    return ["ad", "chair"]


def default_groupman_authroles() -> list[str]:
    return ["Secretariat"]


def default_matman_roles() -> list[str]:
    return ["ad", "chair", "delegate", "secr"]


def default_role_order() -> list[str]:
    return ["chair", "secr", "member"]


class GroupFeatures(models.Model):
    """What a group type can do; one row per GroupTypeName."""

    type = models.OneToOneField(
        "name.GroupTypeName",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="features",
    )
    need_parent = models.BooleanField(
        "Need Parent", default=False, help_text="Does this group type require a parent group?"
    )
    parent_types = models.ManyToManyField(
        "name.GroupTypeName",
        blank=True,
        related_name="child_features",
        help_text="Group types allowed as parent of this group type",
    )
    default_parent = models.CharField(
        "Default Parent",
        max_length=40,
        blank=True,
        default="",
        help_text="Default parent group acronym for this group type",
    )
    has_milestones = models.BooleanField("Milestones", default=False)
    has_chartering_process = models.BooleanField("Chartering", default=False)
    has_documents = models.BooleanField("Documents", default=False)
    has_session_materials = models.BooleanField("Sess Matrl.", default=False)
    has_nonsession_materials = models.BooleanField("Other Matrl.", default=False)
    has_meetings = models.BooleanField("Meetings", default=False)
    has_reviews = models.BooleanField("Reviews", default=False)
    # "has_default_jabber" in fixtures before 2023.
    has_default_chat = models.BooleanField("Chat", default=False)
    acts_like_wg = models.BooleanField("WG-Like", default=False)
    create_wiki = models.BooleanField("Wiki", default=False)
    custom_group_roles = models.BooleanField("Cust. Roles", default=False)
    customize_workflow = models.BooleanField("Workflow", default=False)
    is_schedulable = models.BooleanField("Schedulable", default=False)
    show_on_agenda = models.BooleanField("On Agenda", default=False)
    agenda_filter_type = models.ForeignKey(
        "name.AgendaFilterTypeName", on_delete=models.PROTECT, default="none"
    )
    req_subm_approval = models.BooleanField("Subm. Approval", default=False)
    agenda_type = models.ForeignKey(
        "name.AgendaTypeName", on_delete=models.CASCADE, null=True, default="ietf"
    )
    about_page = models.CharField(max_length=64, default="ietf.group.views.group_about")
    default_tab = models.CharField(max_length=64, default="ietf.group.views.group_about")
    material_types = models.JSONField(max_length=64, default=default_material_types)
    default_used_roles = models.JSONField(max_length=256, default=list)
    admin_roles = models.JSONField(max_length=64, default=default_admin_roles)
    docman_roles = models.JSONField(max_length=128, default=default_docman_roles)
    groupman_roles = models.JSONField(max_length=128, default=default_groupman_roles)
    groupman_authroles = models.JSONField(max_length=128, default=default_groupman_authroles)
    matman_roles = models.JSONField(max_length=128, default=default_matman_roles)
    role_order = models.JSONField(
        max_length=128,
        default=default_role_order,
        help_text="The order in which roles are shown, for instance on photo pages.",
    )
    session_purposes = models.JSONField(
        max_length=256, default=list, help_text="Allowed session purposes for this group type"
    )

    class Meta:
        verbose_name_plural = "group features"

    def __str__(self) -> str:
        return str(self.type_id)


class GroupHistory(GroupInfo):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="history_set")
    acronym = models.CharField(max_length=40)

    class Meta:
        verbose_name_plural = "group histories"


class GroupURL(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    url = models.URLField()

    def __str__(self) -> str:
        return f"{self.url} ({self.name})"


class GroupExtResource(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    name = models.ForeignKey("name.ExtResourceName", on_delete=models.CASCADE)
    display_name = models.CharField(max_length=255, default="", blank=True)
    value = models.CharField(max_length=2083)

    def __str__(self) -> str:
        return f"{self.display_name or self.name_id} ({self.name_id}) {self.value}"


class GroupMilestoneInfo(models.Model):
    """A milestone; a group has current milestones and charter milestones (on the charter)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    state = models.ForeignKey("name.GroupMilestoneStateName", on_delete=models.CASCADE)
    desc = models.CharField("Description", max_length=500)
    due = models.DateField(null=True, blank=True)
    order = models.IntegerField(null=True, blank=True)
    resolved = models.CharField(
        max_length=50,
        blank=True,
        help_text='Why the milestone is resolved (usually "Done"), empty while still due.',
    )
    docs = models.ManyToManyField("doc.Document", blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "due", "id"]

    def __str__(self) -> str:
        return self.desc[:20] + "..."


class GroupMilestone(GroupMilestoneInfo):
    time = ModificationTimeField()


class GroupMilestoneHistory(GroupMilestoneInfo):
    time = models.DateTimeField()
    milestone = models.ForeignKey(
        GroupMilestone, on_delete=models.CASCADE, related_name="history_set"
    )


class GroupStateTransitions(models.Model):
    """A group's override of the next states offered from one document state."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    state = models.ForeignKey(
        "doc.State",
        on_delete=models.CASCADE,
        help_text="State for which the next states should be overridden",
    )
    next_states = models.ManyToManyField(
        "doc.State", related_name="previous_groupstatetransitions_states"
    )

    def __str__(self) -> str:
        return f"{self.group_id} {self.state_id} -> next states"


GROUP_EVENT_CHOICES = [
    ("changed_state", "Changed state"),
    ("added_comment", "Added comment"),
    ("info_changed", "Changed metadata"),
    ("requested_close", "Requested closing group"),
    ("changed_milestone", "Changed milestone"),
    ("sent_notification", "Sent notification"),
    ("status_update", "Status update"),
]


class GroupEvent(models.Model):
    """Something that happened to a group: who, when and what."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now, help_text="When the event happened")
    type = models.CharField(max_length=50, choices=GROUP_EVENT_CHOICES)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    desc = models.TextField()

    class Meta:
        ordering = ["-time", "id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self) -> str:
        return f"{self.by_id} {self.get_type_display().lower()} at {self.time}"


class ChangeStateGroupEvent(GroupEvent):
    state = models.ForeignKey("name.GroupStateName", on_delete=models.CASCADE)


class MilestoneGroupEvent(GroupEvent):
    milestone = models.ForeignKey(GroupMilestone, on_delete=models.CASCADE)


class RoleInfo(models.Model):
    """Behaviour shared by roles and role history (fields are declared in each, in order)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.person} is {self.name_id} in {self.group}"

    def formatted_email(self) -> str:
        return formataddr((self.person.plain_name(), self.email_id))

    def formatted_ascii_email(self) -> str:
        return formataddr((self.person.plain_ascii(), self.email_id))


class Role(RoleInfo):
    name = models.ForeignKey("name.RoleName", on_delete=models.CASCADE)
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    email = models.ForeignKey(
        "person.Email",
        on_delete=models.CASCADE,
        help_text="Email address used by person for this role.",
    )

    class Meta:
        ordering = ["name_id"]


class RoleHistory(RoleInfo):
    # No time of its own: a RoleHistory always accompanies a GroupHistory.
    name = models.ForeignKey("name.RoleName", on_delete=models.CASCADE)
    group = models.ForeignKey(GroupHistory, on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    email = models.ForeignKey(
        "person.Email",
        on_delete=models.CASCADE,
        help_text="Email address used by person for this role.",
    )

    class Meta:
        verbose_name_plural = "role histories"


class Appeal(models.Model):
    """An appeal made to a group (IESG, IAB), with its documents as artifacts (2023+)."""

    name = models.CharField(max_length=512)
    group = models.ForeignKey(Group, on_delete=models.PROTECT)
    date = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class AppealArtifact(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE)
    artifact_type = models.ForeignKey("name.AppealArtifactTypeName", on_delete=models.CASCADE)
    date = models.DateField(default=timezone.localdate)
    title = models.CharField(
        max_length=256, blank=True, help_text="The artifact type's name is used when blank"
    )
    order = models.IntegerField(default=0)
    content_type = models.CharField(max_length=32)
    bits = models.BinaryField(editable=True)

    class Meta:
        ordering = ["date", "order", "artifact_type__order"]

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.title or self.artifact_type_id}"
