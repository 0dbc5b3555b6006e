"""Nominating committees: positions, nominees, nominations, feedback and volunteers."""

from pathlib import PurePosixPath

from django.db import models


def upload_path_handler(instance, filename):
    """Store a NomCom's public key certificate as ``<group acronym>/public.cert``."""
    return str(PurePosixPath(instance.group.acronym) / "public.cert")


class NomCom(models.Model):
    public_key = models.FileField(upload_to=upload_path_handler, null=True, blank=True)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE)
    send_questionnaire = models.BooleanField("Send questionnaires automatically", default=False)
    reminder_interval = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Days between reminders to nominees who have not responded.",
    )
    initial_text = models.TextField("Help text for nomination form", blank=True)
    show_nominee_pictures = models.BooleanField("Show nominee pictures", default=True)
    show_accepted_nominees = models.BooleanField("Show accepted nominees", default=True)
    is_accepting_volunteers = models.BooleanField("Accepting volunteers", default=False)
    first_call_for_volunteers = models.DateField(
        "Date of the first call for volunteers", null=True, blank=True
    )

    class Meta:
        verbose_name = "NomCom"
        verbose_name_plural = "NomComs"

    def __str__(self):
        return str(self.group)


class ReminderDates(models.Model):
    date = models.DateField()
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.nomcom} reminder on {self.date}"


class Position(models.Model):
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)
    name = models.CharField(
        "Name", max_length=255, help_text='Short description, e.g. "Transport AD", "IAB Member"'
    )
    requirement = models.ForeignKey(
        "dbtemplate.DBTemplate",
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="requirement",
    )
    questionnaire = models.ForeignKey(
        "dbtemplate.DBTemplate",
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="questionnaire",
    )
    is_open = models.BooleanField("Is open", default=False)
    accepting_nominations = models.BooleanField("Is accepting nominations", default=False)
    accepting_feedback = models.BooleanField("Is accepting feedback", default=False)
    is_iesg_position = models.BooleanField("Is IESG Position", default=False)

    class Meta:
        verbose_name_plural = "Positions"

    def __str__(self):
        return self.name


class Topic(models.Model):
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)
    subject = models.CharField("Name", max_length=255)
    description = models.ForeignKey(
        "dbtemplate.DBTemplate",
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="description",
    )
    accepting_feedback = models.BooleanField("Is accepting feedback", default=False)
    audience = models.ForeignKey(
        "name.TopicAudienceName",
        on_delete=models.CASCADE,
        verbose_name="Who can provide feedback (intended audience)",
    )

    class Meta:
        verbose_name_plural = "Topics"

    def __str__(self):
        return self.subject


class Nominee(models.Model):
    email = models.ForeignKey("person.Email", on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    nominee_position = models.ManyToManyField(Position, through="NomineePosition")
    duplicated = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True)
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)

    class Meta:
        verbose_name_plural = "Nominees"
        unique_together = [("email", "nomcom")]
        ordering = ["-nomcom__group__acronym", "person__name"]

    def __str__(self):
        return f"{self.person or self.email_id} <{self.email_id}>"


class NomineePosition(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE)
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE)
    state = models.ForeignKey("name.NomineePositionStateName", on_delete=models.CASCADE)
    time = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Nominee position"
        verbose_name_plural = "Nominee positions"
        unique_together = [("position", "nominee")]
        ordering = ["nominee"]

    def __str__(self):
        return f"{self.nominee} - {self.position}"


class Feedback(models.Model):
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)
    author = models.EmailField("Author", blank=True)
    positions = models.ManyToManyField(Position, blank=True)
    nominees = models.ManyToManyField(Nominee, blank=True)
    topics = models.ManyToManyField(Topic, blank=True)
    subject = models.TextField("Subject", blank=True)
    comments = models.BinaryField("Comments")  # encrypted with the NomCom's public key
    type = models.ForeignKey(
        "name.FeedbackTypeName", on_delete=models.CASCADE, null=True, blank=True
    )
    person = models.ForeignKey(
        "person.Person", on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    time = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["time"]
        indexes = [models.Index(fields=["time"])]

    def __str__(self):
        return f"from {self.author}"


class Nomination(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE)
    candidate_name = models.CharField("Candidate name", max_length=255)
    candidate_email = models.EmailField("Candidate email", max_length=255)
    candidate_phone = models.CharField("Candidate phone", max_length=255, blank=True)
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE)
    comments = models.ForeignKey(Feedback, on_delete=models.CASCADE)
    nominator_email = models.EmailField("Nominator Email", blank=True)
    person = models.ForeignKey(
        "person.Person", on_delete=models.SET_NULL, null=True, editable=False
    )
    time = models.DateTimeField(auto_now_add=True)
    share_nominator = models.BooleanField(
        "OK to share nominator's name with candidate", default=False
    )

    class Meta:
        verbose_name_plural = "Nominations"

    def __str__(self):
        return f"{self.candidate_name} ({self.candidate_email})"


class FeedbackLastSeen(models.Model):
    reviewer = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE)
    time = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.reviewer} saw feedback on {self.nominee} at {self.time}"


class TopicFeedbackLastSeen(models.Model):
    reviewer = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    time = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.reviewer} saw feedback on {self.topic} at {self.time}"


class Volunteer(models.Model):
    nomcom = models.ForeignKey(NomCom, on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    affiliation = models.CharField(max_length=255, blank=True)
    time = models.DateTimeField(auto_now=True)
    origin = models.CharField(max_length=32, default="datatracker")
    withdrawn = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.person} for {self.nomcom}"
