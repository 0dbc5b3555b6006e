"""Community document lists: personal or group lists of tracked documents."""

from django.db import models


class CommunityList(models.Model):
    """A document list owned by a person or a group; documents are added or matched by rules."""

    person = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE, null=True, blank=True)
    added_docs = models.ManyToManyField("doc.Document")

    def __str__(self):
        if self.person_id:
            return f"Personal I-D list of {self.person}"
        if self.group_id:
            return f"I-D list for {self.group}"
        return "I-D list"


class SearchRule(models.Model):
    """A rule that adds every document it matches to a community list."""

    RULE_TYPES = [
        ("group", "All I-Ds associated with a particular group"),
        ("area", "All I-Ds associated with all groups in a particular Area"),
        ("group_rfc", "All RFCs associated with a particular group"),
        ("area_rfc", "All RFCs associated with all groups in a particular Area"),
        ("group_exp", "All expired I-Ds of a particular group"),
        ("state_iab", "All I-Ds that are in a particular IAB state"),
        ("state_iana", "All I-Ds that are in a particular IANA state"),
        ("state_iesg", "All I-Ds that are in a particular IESG state"),
        ("state_irtf", "All I-Ds that are in a particular IRTF state"),
        ("state_ise", "All I-Ds that are in a particular ISE state"),
        ("state_rfceditor", "All I-Ds that are in a particular RFC Editor state"),
        ("state_ietf", "All I-Ds that are in a particular Working Group state"),
        ("author", "All I-Ds with a particular author"),
        ("author_rfc", "All RFCs with a particular author"),
        ("ad", "All I-Ds with a particular responsible AD"),
        ("shepherd", "All I-Ds with a particular document shepherd"),
        ("name_contains", "All I-Ds with particular text/regular expression in the name"),
    ]

    community_list = models.ForeignKey(CommunityList, on_delete=models.CASCADE)
    rule_type = models.CharField(max_length=30, choices=RULE_TYPES)
    # Which of these is set depends on rule_type.
    state = models.ForeignKey("doc.State", on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey("group.Group", on_delete=models.CASCADE, null=True, blank=True)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    text = models.CharField("Text/RegExp", max_length=255, blank=True, default="")
    # Documents matched by a name_contains rule, kept up to date when the rule or documents change.
    name_contains_index = models.ManyToManyField("doc.Document")

    def __str__(self):
        return f"{self.community_list} {self.rule_type} {self.state_id}/{self.group_id}/{self.person_id}/{self.text}"


class EmailSubscription(models.Model):
    NOTIFICATION_CHOICES = [
        ("all", "All changes"),
        ("significant", "Only significant state changes"),
    ]

    community_list = models.ForeignKey(CommunityList, on_delete=models.CASCADE)
    email = models.ForeignKey("person.Email", on_delete=models.CASCADE)
    notify_on = models.CharField(max_length=30, choices=NOTIFICATION_CHOICES, default="all")

    def __str__(self):
        return f"{self.email_id} to {self.community_list} ({self.notify_on} changes)"
