"""Review teams: per-team settings, reviewer settings, review requests and assignments.

ReviewerSettings, UnavailablePeriod, ReviewRequest and ReviewAssignment keep a change
history through django-simple-history (tables ``review_historical<model>``), exposed by the
API as ``historicalreviewersettings`` and so on.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Only groups that have ReviewTeamSettings are review teams.
REVIEW_TEAMS = ~models.Q(reviewteamsettings=None)


def date_today():
    """Today's date in the server's time zone (default for UnavailablePeriod.start_date)."""
    return timezone.localdate()


def validate_regex(value):
    """Reject a string that is not a valid regular expression."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValidationError(f"Invalid regular expression: {exc}") from exc


def _history():
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True))


class ReviewerSettings(models.Model):
    """A reviewer's preferences within one review team."""

    INTERVALS = [
        (7, "Once per week"),
        (14, "Once per fortnight"),
        (30, "Once per month"),
        (61, "Once per two months"),
        (91, "Once per quarter"),
    ]

    history = _history()
    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    min_interval = models.IntegerField(
        "Can review at most", choices=INTERVALS, null=True, blank=True
    )
    filter_re = models.CharField(
        "Filter regexp",
        max_length=255,
        blank=True,
        validators=[validate_regex],
        help_text="Internet-Draft names matching this regular expression are not assigned",
    )
    skip_next = models.IntegerField("Skip next assignments", default=0)
    remind_days_before_deadline = models.IntegerField(null=True, blank=True)
    remind_days_open_reviews = models.PositiveIntegerField(
        "Periodic reminder of open reviews every X days", null=True, blank=True
    )
    request_assignment_next = models.BooleanField("Select me next for an assignment", default=False)
    expertise = models.TextField(
        "Reviewer's expertise in this team's area", max_length=2048, blank=True, default=""
    )

    class Meta:
        verbose_name_plural = "reviewer settings"
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"], name="unique_reviewer_settings_per_team_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.team}"


class ReviewSecretarySettings(models.Model):
    """A review team secretary's preferences."""

    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    remind_days_before_deadline = models.IntegerField(null=True, blank=True)
    max_items_to_show_in_reviewer_list = models.IntegerField(null=True, blank=True)
    days_to_show_in_reviewer_list = models.IntegerField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "review secretary settings"

    def __str__(self):
        return f"{self.person} in {self.team}"


class UnavailablePeriod(models.Model):
    """A period in which a reviewer takes no (or only follow-up) assignments."""

    AVAILABILITY_CHOICES = [
        ("canfinish", "Can do follow-ups"),
        ("unavailable", "Completely unavailable"),
    ]

    history = _history()
    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    start_date = models.DateField(default=date_today, null=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave blank for an open-ended period."
    )
    availability = models.CharField(max_length=30, choices=AVAILABILITY_CHOICES)
    reason = models.TextField(
        "Reason why reviewer is unavailable (Optional)", max_length=2048, blank=True, default=""
    )

    def __str__(self):
        return f"{self.person} unavailable in {self.team} {self.start_date or ''} - {self.end_date or ''}"

    def state(self):
        """'past', 'active' or 'future', relative to today."""
        today = date_today()
        if self.start_date is not None and self.start_date > today:
            return "future"
        if self.end_date and self.end_date < today:
            return "past"
        return "active"


class ReviewWish(models.Model):
    """A reviewer wants to review a document once it comes up for review."""

    time = models.DateTimeField(default=timezone.now)
    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    doc = models.ForeignKey("doc.Document", on_delete=models.CASCADE)

    class Meta:
        verbose_name_plural = "review wishes"

    def __str__(self):
        return f"{self.person} wishes to review {self.doc_id} in {self.team}"


class NextReviewerInTeam(models.Model):
    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    next_reviewer = models.ForeignKey("person.Person", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "next reviewer in team setting"
        verbose_name_plural = "next reviewer in team settings"

    def __str__(self):
        return f"{self.next_reviewer} next in {self.team}"


class ReviewRequest(models.Model):
    """A request for a review of a document by a team."""

    history = _history()
    state = models.ForeignKey("name.ReviewRequestStateName", on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now)
    type = models.ForeignKey("name.ReviewTypeName", on_delete=models.CASCADE)
    doc = models.ForeignKey(
        "doc.Document", on_delete=models.CASCADE, related_name="reviewrequest_set"
    )
    team = models.ForeignKey("group.Group", on_delete=models.CASCADE, limit_choices_to=REVIEW_TEAMS)
    deadline = models.DateField()
    requested_by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    requested_rev = models.CharField("requested revision", max_length=16, blank=True)
    comment = models.TextField(
        "Requester's comments and instructions", max_length=2048, blank=True, default=""
    )

    def __str__(self):
        return f"{self.type_id} review on {self.doc_id} by {self.team} {self.state_id}"


class ReviewAssignment(models.Model):
    """One reviewer assigned to a review request (a request may have several)."""

    history = _history()
    review_request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE)
    state = models.ForeignKey("name.ReviewAssignmentStateName", on_delete=models.CASCADE)
    reviewer = models.ForeignKey("person.Email", on_delete=models.CASCADE)
    assigned_on = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateTimeField(null=True, blank=True)
    review = models.OneToOneField("doc.Document", on_delete=models.CASCADE, null=True, blank=True)
    reviewed_rev = models.CharField("reviewed revision", max_length=16, blank=True)
    result = models.ForeignKey(
        "name.ReviewResultName", on_delete=models.CASCADE, null=True, blank=True
    )
    mailarch_url = models.URLField(null=True, blank=True)

    def __str__(self):
        return f"Assignment of {self.reviewer_id} ({self.state_id}) to request {self.review_request_id}"


class ReviewTeamSettings(models.Model):
    """Configuration of a group acting as a review team."""

    group = models.OneToOneField("group.Group", on_delete=models.CASCADE)
    autosuggest = models.BooleanField(
        "Automatically suggest possible review requests", default=True
    )
    reviewer_queue_policy = models.ForeignKey(
        "name.ReviewerQueuePolicyName", on_delete=models.PROTECT, default="RotateAlphabetically"
    )
    review_types = models.ManyToManyField("name.ReviewTypeName")
    review_results = models.ManyToManyField(
        "name.ReviewResultName", related_name="reviewteamsettings_review_results_set"
    )
    notify_ad_when = models.ManyToManyField(
        "name.ReviewResultName", related_name="reviewteamsettings_notify_ad_set", blank=True
    )
    secr_mail_alias = models.CharField(
        "Email alias for all of the review team secretaries", max_length=255, blank=True
    )
    remind_days_unconfirmed_assignments = models.PositiveIntegerField(
        "Periodic reminder of not yet accepted or rejected review assignments to reviewer "
        "every X days",
        null=True,
        blank=True,
    )
    allow_reviewer_to_reject_after_deadline = models.BooleanField(
        "Allow reviewer to reject request after deadline.", default=False
    )

    class Meta:
        verbose_name = "Review team settings"
        verbose_name_plural = "Review team settings"

    def __str__(self):
        return str(self.group)
