"""Liaison statements exchanged with other standards bodies."""

from django.db import models


class LiaisonStatement(models.Model):
    title = models.CharField(max_length=255)
    from_groups = models.ManyToManyField(
        "group.Group", blank=True, related_name="liaisonstatement_from_set"
    )
    from_contact = models.ForeignKey(
        "person.Email", on_delete=models.CASCADE, null=True, blank=True
    )
    to_groups = models.ManyToManyField(
        "group.Group", blank=True, related_name="liaisonstatement_to_set"
    )
    to_contacts = models.CharField(max_length=2000, help_text="Contacts at recipient group")
    response_contacts = models.CharField(
        max_length=255, blank=True, help_text="Where to send a response"
    )
    technical_contacts = models.CharField(
        max_length=255, blank=True, help_text="Who to contact for clarification"
    )
    action_holder_contacts = models.CharField(
        max_length=255, blank=True, help_text="Who makes sure action is completed"
    )
    cc_contacts = models.TextField(blank=True)
    purpose = models.ForeignKey("name.LiaisonStatementPurposeName", on_delete=models.CASCADE)
    deadline = models.DateField(null=True, blank=True)
    other_identifiers = models.TextField(null=True, blank=True)  # identifiers from other bodies
    body = models.TextField(blank=True)
    tags = models.ManyToManyField("name.LiaisonStatementTagName", blank=True)
    attachments = models.ManyToManyField(
        "doc.Document", through="LiaisonStatementAttachment", blank=True
    )
    state = models.ForeignKey(
        "name.LiaisonStatementState", on_delete=models.CASCADE, default="pending"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title or "<no title>"


class LiaisonStatementAttachment(models.Model):
    statement = models.ForeignKey(LiaisonStatement, on_delete=models.CASCADE)
    document = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
    removed = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.document} attached to {self.statement}"


class RelatedLiaisonStatement(models.Model):
    source = models.ForeignKey(
        LiaisonStatement, on_delete=models.CASCADE, related_name="source_of_set"
    )
    target = models.ForeignKey(
        LiaisonStatement, on_delete=models.CASCADE, related_name="target_of_set"
    )
    relationship = models.ForeignKey("name.DocRelationshipName", on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.source} {self.relationship_id} {self.target}"


class LiaisonStatementEvent(models.Model):
    time = models.DateTimeField(auto_now_add=True)
    type = models.ForeignKey("name.LiaisonStatementEventTypeName", on_delete=models.CASCADE)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    statement = models.ForeignKey(LiaisonStatement, on_delete=models.CASCADE)
    desc = models.TextField()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self):
        return f"{self.statement} {self.type_id} by {self.by} at {self.time}"
