"""IPR disclosures.

IprDisclosureBase holds what every disclosure has; the four kinds of disclosure are
multi-table children of it (so each exposes ``iprdisclosurebase_ptr``). IprDocRel ties a
disclosure to the documents it covers, RelatedIpr ties disclosures to each other (e.g.
"updates"), and IprEvent logs the disclosure's history.
"""

from django.db import models


class IprDisclosureBase(models.Model):
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)  # who submitted/entered it
    compliant = models.BooleanField("Complies to RFC3979", default=True)
    docs = models.ManyToManyField("doc.Document", through="IprDocRel")
    holder_legal_name = models.CharField(max_length=255)
    notes = models.TextField("Additional notes", blank=True)
    other_designations = models.CharField(
        "Designations for other contributions", max_length=255, blank=True
    )
    rel = models.ManyToManyField(
        "self", through="RelatedIpr", through_fields=("source", "target"), symmetrical=False
    )
    state = models.ForeignKey("name.IprDisclosureStateName", on_delete=models.CASCADE)
    submitter_name = models.CharField(max_length=255, blank=True)
    submitter_email = models.EmailField(blank=True)
    time = models.DateTimeField(auto_now_add=True)
    title = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self):
        return self.title

    def get_child(self):
        """The concrete disclosure (Holder/ThirdParty/NonDocSpecific/Generic) behind this row."""
        for accessor in (
            "genericiprdisclosure",
            "holderiprdisclosure",
            "nondocspecificiprdisclosure",
            "thirdpartyiprdisclosure",
        ):
            try:
                return getattr(self, accessor)
            except IprDisclosureBase.DoesNotExist:
                continue
        return None


class HolderIprDisclosure(IprDisclosureBase):
    """A disclosure by the patent holder about specific documents."""

    ietfer_name = models.CharField(max_length=255, blank=True)
    ietfer_contact_email = models.EmailField(blank=True)
    ietfer_contact_info = models.TextField(blank=True)
    patent_info = models.TextField()
    has_patent_pending = models.BooleanField(default=False)
    holder_contact_email = models.EmailField()
    holder_contact_name = models.CharField(max_length=255)
    holder_contact_info = models.TextField(blank=True, help_text="Address, phone, etc.")
    licensing = models.ForeignKey("name.IprLicenseTypeName", on_delete=models.CASCADE)
    licensing_comments = models.TextField(blank=True)
    submitter_claims_all_terms_disclosed = models.BooleanField(default=False)
    is_blanket_disclosure = models.BooleanField(default=False)


class ThirdPartyIprDisclosure(IprDisclosureBase):
    """A disclosure by someone other than the patent holder."""

    ietfer_name = models.CharField(max_length=255)
    ietfer_contact_email = models.EmailField()
    ietfer_contact_info = models.TextField(blank=True, help_text="Address, phone, etc.")
    patent_info = models.TextField()
    has_patent_pending = models.BooleanField(default=False)


class NonDocSpecificIprDisclosure(IprDisclosureBase):
    """A general disclosure that carries patent information."""

    holder_contact_name = models.CharField(max_length=255)
    holder_contact_email = models.EmailField()
    holder_contact_info = models.TextField(blank=True, help_text="Address, phone, etc.")
    patent_info = models.TextField()
    has_patent_pending = models.BooleanField(default=False)
    statement = models.TextField()  # includes the licensing declaration


class GenericIprDisclosure(IprDisclosureBase):
    """A general disclosure without patent information."""

    holder_contact_name = models.CharField(max_length=255)
    holder_contact_email = models.EmailField()
    holder_contact_info = models.TextField(blank=True, help_text="Address, phone, etc.")
    statement = models.TextField()  # includes the licensing declaration


class IprDocRel(models.Model):
    disclosure = models.ForeignKey(IprDisclosureBase, on_delete=models.CASCADE)
    document = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
    sections = models.TextField(blank=True)
    revisions = models.CharField(max_length=16, blank=True)  # e.g. "01-07"
    originaldocumentaliasname = models.CharField(max_length=255, null=True, blank=True)

    def __str__(self):
        suffix = f"-{self.revisions}" if self.revisions else ""
        return f"{self.disclosure} which applies to {self.document}{suffix}"


class RelatedIpr(models.Model):
    source = models.ForeignKey(
        IprDisclosureBase, on_delete=models.CASCADE, related_name="relatedipr_source_set"
    )
    target = models.ForeignKey(
        IprDisclosureBase, on_delete=models.CASCADE, related_name="relatedipr_target_set"
    )
    relationship = models.ForeignKey("name.DocRelationshipName", on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.source} {self.relationship_id} {self.target}"


class IprEvent(models.Model):
    time = models.DateTimeField(auto_now_add=True)
    type = models.ForeignKey("name.IprEventTypeName", on_delete=models.CASCADE)
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    disclosure = models.ForeignKey(IprDisclosureBase, on_delete=models.CASCADE)
    desc = models.TextField()
    message = models.ForeignKey(
        "message.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="msgevents",
    )
    in_reply_to = models.ForeignKey(
        "message.Message",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="irtoevents",
    )
    response_due = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self):
        return f"{self.disclosure} {self.type_id} by {self.by} at {self.time}"


class LegacyMigrationIprEvent(IprEvent):
    """An event holding the text of a legacy disclosure that was submitted by email."""
