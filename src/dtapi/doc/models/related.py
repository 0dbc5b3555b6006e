"""Rows attached to a document: relations to other documents, authors, URLs, resources.

Each exists twice, once for :class:`~dtapi.doc.models.documents.Document` and once for its
history snapshots, except URLs and external resources, which only documents have.
"""

from __future__ import annotations

from django.db import models


class RelatedDocument(models.Model):
    """``source`` stands in ``relationship`` to ``target`` (e.g. source obsoletes target)."""

    source = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
    target = models.ForeignKey(
        "doc.Document", on_delete=models.CASCADE, related_name="targets_related"
    )
    relationship = models.ForeignKey("name.DocRelationshipName", on_delete=models.PROTECT)
    originaltargetaliasname = models.CharField(
        max_length=255,
        null=True,
        blank=True,
        help_text="Name the target was referred to by before document aliases were removed",
    )

    def __str__(self) -> str:
        return f"{self.source} {self.relationship_id} {self.target}"


class RelatedDocHistory(models.Model):
    """A relation as recorded in a document history snapshot."""

    source = models.ForeignKey("doc.DocHistory", on_delete=models.CASCADE)
    target = models.ForeignKey(
        "doc.Document",
        on_delete=models.CASCADE,
        related_name="reversely_related_document_history_set",
    )
    relationship = models.ForeignKey("name.DocRelationshipName", on_delete=models.PROTECT)
    originaltargetaliasname = models.CharField(max_length=255, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source} {self.relationship_id} {self.target}"


class DocumentAuthorInfo(models.Model):
    """Columns shared by the author lists of documents and of their snapshots."""

    person = models.ForeignKey("person.Person", on_delete=models.PROTECT)
    email = models.ForeignKey(
        "person.Email",
        on_delete=models.SET_NULL,
        blank=True,
        null=True,
        help_text="Address the author used in the document (empty for some old documents)",
    )
    affiliation = models.CharField(
        max_length=100, blank=True, help_text="Organization the author gave in the document"
    )
    country = models.CharField(
        max_length=255, blank=True, help_text="Country the author gave in the document"
    )
    order = models.IntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["document", "order"]
        indexes = [models.Index(fields=["document", "order"])]


class DocumentAuthor(DocumentAuthorInfo):
    """An author of a document, in author-list ``order``."""

    document = models.ForeignKey("doc.Document", on_delete=models.CASCADE)

    def __str__(self) -> str:
        return f"{self.document} {self.person} ({self.order})"


class DocHistoryAuthor(DocumentAuthorInfo):
    """An author as listed in a document history snapshot."""

    # Same reverse name as on Document, so code can read ``x.documentauthor_set`` on both.
    document = models.ForeignKey(
        "doc.DocHistory", on_delete=models.CASCADE, related_name="documentauthor_set"
    )

    def __str__(self) -> str:
        return f"{self.document} {self.person} ({self.order})"


class DocumentURL(models.Model):
    """A tagged URL of a document (repository, issue tracker, YANG module, ...)."""

    doc = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
    tag = models.ForeignKey("name.DocUrlTagName", on_delete=models.PROTECT)
    desc = models.CharField(max_length=255, default="", blank=True)
    url = models.URLField(max_length=2083)

    def __str__(self) -> str:
        return f"{self.doc} {self.tag_id}: {self.url}"


class ExtResourceInfo(models.Model):
    """An external resource value of a kind named by ExtResourceName."""

    name = models.ForeignKey("name.ExtResourceName", on_delete=models.CASCADE)
    display_name = models.CharField(max_length=255, default="", blank=True)
    value = models.CharField(max_length=2083)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.display_name or self.name_id} ({self.name_id}) {self.value}"


class DocExtResource(ExtResourceInfo):
    """An external resource of a document."""

    doc = models.ForeignKey("doc.Document", on_delete=models.CASCADE)
