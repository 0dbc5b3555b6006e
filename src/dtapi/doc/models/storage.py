"""Metadata of files kept in the blob stores (document texts, meeting materials, ...)."""

from __future__ import annotations

from django.db import models


class StoredObject(models.Model):
    """One named object in a store, with its checksum, size and the document it belongs to."""

    store = models.CharField(max_length=256)
    name = models.CharField(max_length=1024)
    sha384 = models.CharField(max_length=96)
    len = models.PositiveBigIntegerField()
    store_created = models.DateTimeField(help_text="When the object was first placed in the store")
    created = models.DateTimeField(
        help_text="When the object became known (for imported files: their file time)"
    )
    modified = models.DateTimeField(
        help_text="When the object last changed (for imported files: their file time)"
    )
    committed = models.DateTimeField(null=True, blank=True)
    doc_name = models.CharField(max_length=255, blank=True, default="")
    doc_rev = models.CharField(max_length=16, blank=True, default="")
    content_type = models.CharField(
        max_length=1024, blank=True, help_text="Content-Type of the stored object"
    )
    deleted = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store", "name"], name="unique_name_per_store")
        ]
        indexes = [models.Index(fields=["doc_name", "doc_rev"])]

    def __str__(self) -> str:
        return f"{self.store}:{self.name}"
