"""Documents and their history snapshots.

:class:`Document` is any document the Datatracker knows: Internet-Drafts, RFCs, charters,
meeting materials, reviews, statements, ... (``type`` says which). :class:`DocHistory` keeps
a copy of a document's fields as they were at some earlier time. Both share their columns
through the abstract :class:`DocumentInfo`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from dtapi.doc.models.events import DocEvent
    from dtapi.doc.models.states import State

validate_docname = RegexValidator(
    r"^[-a-z0-9]+$",
    "A document name may only contain lowercase letters, digits and hyphens.",
    "invalid",
)


class DocumentInfo(models.Model):
    """Columns shared by a document and its history snapshots."""

    time = models.DateTimeField(default=timezone.now, help_text="Time of the last change")
    type = models.ForeignKey("name.DocTypeName", on_delete=models.PROTECT, blank=True, null=True)
    title = models.CharField(max_length=255)
    states = models.ManyToManyField("doc.State", blank=True)
    tags = models.ManyToManyField("name.DocTagName", blank=True)
    stream = models.ForeignKey("name.StreamName", on_delete=models.PROTECT, blank=True, null=True)
    group = models.ForeignKey("group.Group", on_delete=models.SET_NULL, blank=True, null=True)
    abstract = models.TextField(blank=True)
    rev = models.CharField(verbose_name="revision", max_length=16, blank=True)
    pages = models.IntegerField(blank=True, null=True)
    words = models.IntegerField(blank=True, null=True)
    formal_languages = models.ManyToManyField(
        "name.FormalLanguageName", blank=True, help_text="Formal languages used in the document"
    )
    intended_std_level = models.ForeignKey(
        "name.IntendedStdLevelName",
        on_delete=models.PROTECT,
        verbose_name="intended standardization level",
        blank=True,
        null=True,
    )
    std_level = models.ForeignKey(
        "name.StdLevelName",
        on_delete=models.PROTECT,
        verbose_name="standardization level",
        blank=True,
        null=True,
    )
    ad = models.ForeignKey(
        "person.Person",
        on_delete=models.SET_NULL,
        verbose_name="area director",
        related_name="ad_%(class)s_set",
        blank=True,
        null=True,
    )
    shepherd = models.ForeignKey(
        "person.Email",
        on_delete=models.SET_NULL,
        related_name="shepherd_%(class)s_set",
        blank=True,
        null=True,
    )
    expires = models.DateTimeField(blank=True, null=True)
    notify = models.TextField(max_length=1023, blank=True)
    external_url = models.URLField(blank=True)
    uploaded_filename = models.TextField(blank=True)
    note = models.TextField(blank=True)
    rfc_number = models.PositiveIntegerField(
        blank=True, null=True, help_text="RFC number; only set on documents of type rfc"
    )

    class Meta:
        abstract = True

    def is_dochistory(self) -> bool:
        return False

    def get_state(self, state_type: str | None = None) -> State | None:
        """The document's state in ``state_type`` (default: the one named like its type).

        Reads ``states.all()``, so a ``prefetch_related("states")`` saves the query.
        """
        if self.pk is None:
            return None
        wanted = state_type if state_type is not None else self.type_id
        for state in self.states.all():
            if state.type_id == wanted:
                return state
        return None

    def get_state_slug(self, state_type: str | None = None) -> str | None:
        state = self.get_state(state_type)
        return state.slug if state else None

    def set_state(self, state: State) -> None:
        """Make ``state`` the document's state of its type, replacing any other of that type.

        Only changes the relation; recording an event is the caller's business.
        """
        others = [s for s in self.states.filter(type_id=state.type_id) if s.pk != state.pk]
        if others:
            self.states.remove(*others)
        self.states.add(state)


class Document(DocumentInfo):
    """A document, identified by its unique ``name`` (``draft-ietf-quic-transport``, ``rfc9000``)."""

    name = models.CharField(max_length=255, unique=True, validators=[validate_docname])
    action_holders = models.ManyToManyField(
        "person.Person", through="DocumentActionHolder", blank=True
    )

    class Meta:
        indexes = [
            # "Documents of a type" is the commonest filter (type=draft, type=rfc), often with
            # a state across the states join: this index answers type -> ids by itself, so
            # counting such a list needs no visit of the (wide) document rows.
            models.Index(fields=["type", "id"], name="doc_document_type_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    # Relations. RelatedDocument rows point from ``source`` to ``target``; "that" methods look
    # at relations pointing at this document, "that_doc" methods at those leaving it.

    def relations_that(self, relationship: str | tuple[str, ...]) -> models.QuerySet[Any]:
        """RelatedDocument rows of the given relationship(s) whose target is this document."""
        return self.targets_related.filter(relationship__in=_as_tuple(relationship)).select_related(
            "source"
        )

    def relations_that_doc(self, relationship: str | tuple[str, ...]) -> models.QuerySet[Any]:
        """RelatedDocument rows of the given relationship(s) whose source is this document."""
        return self.relateddocument_set.filter(
            relationship__in=_as_tuple(relationship)
        ).select_related("target")

    def related_that(self, relationship: str | tuple[str, ...]) -> list[Document]:
        """Documents that stand in ``relationship`` to this one (their source side)."""
        return _unique(r.source for r in self.relations_that(relationship))

    def related_that_doc(self, relationship: str | tuple[str, ...]) -> list[Document]:
        """Documents this one stands in ``relationship`` to (the target side)."""
        return _unique(r.target for r in self.relations_that_doc(relationship))

    def became_rfc(self) -> Document | None:
        """The RFC this draft was published as, if any."""
        found = self.related_that_doc("became_rfc")
        return found[0] if found else None

    def came_from_draft(self) -> Document | None:
        """The draft this RFC was published from, if any."""
        found = self.related_that("became_rfc")
        return found[0] if found else None

    def contains(self) -> list[Document]:
        """Documents this subseries document (BCP, STD, FYI) contains."""
        return self.related_that_doc("contains")

    def part_of(self) -> list[Document]:
        """Subseries documents this RFC is part of."""
        return self.related_that("contains")

    def authors(self) -> list[Any]:
        return [author.person for author in self.documentauthor_set.select_related("person")]

    def latest_event(self, model: type[DocEvent] | None = None, **filters: Any) -> DocEvent | None:
        """The newest event of this document (of ``model``, default DocEvent) matching filters."""
        if model is None:
            from dtapi.doc.models.events import DocEvent

            model = DocEvent
        return model.objects.filter(doc=self, **filters).order_by("-time", "-id").first()


class DocHistory(DocumentInfo):
    """A snapshot of a document's fields as they were at ``time``."""

    doc = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="history_set")
    name = models.CharField(max_length=255)

    class Meta:
        verbose_name = "document history"
        verbose_name_plural = "document histories"

    def __str__(self) -> str:
        return f"{self.name}-{self.rev}" if self.rev else self.name

    def is_dochistory(self) -> bool:
        return True


class DocumentActionHolder(models.Model):
    """A person who currently has to act on a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE)
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE)
    time_added = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="unique_action_holder")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.document}"


def _as_tuple(relationship: str | tuple[str, ...]) -> tuple[str, ...]:
    return (relationship,) if isinstance(relationship, str) else tuple(relationship)


def _unique(documents: Any) -> list[Document]:
    """Distinct documents, in first-seen order."""
    seen: dict[int, Document] = {}
    for doc in documents:
        seen.setdefault(doc.pk, doc)
    return list(seen.values())
