"""``POST /api/iesg/position``: an Area Director records a ballot position on a document."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from dtapi.accounts.decorators import require_api_key
from dtapi.api import errors
from dtapi.api.endpoints.params import require_post, searchable
from dtapi.doc import services
from dtapi.doc.ballot_mail import send_position_email
from dtapi.doc.models import BallotType, Document
from dtapi.name.models import BallotPositionName


class PositionForm(forms.Form):
    """A position allowed by the ballot's type, with its texts (kept unstripped here)."""

    position = forms.ModelChoiceField(queryset=BallotPositionName.objects.none())
    discuss = forms.CharField(required=False, strip=False)
    comment = forms.CharField(required=False, strip=False)

    def __init__(self, *args, ballot_type: BallotType, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = ballot_type.positions.order_by("order")

    def clean(self):
        data = super().clean()
        position = data.get("position")
        if position is not None and position.blocking and not data.get("discuss", "").strip():
            self.add_error("discuss", errors.EMPTY_DISCUSS)
        return data

    def summary(self) -> str:
        """The errors as ``field: text[,field: text...]``."""
        return ",".join(f"{field}: {' '.join(texts)}" for field, texts in self.errors.items())


def _document(request: HttpRequest) -> Document:
    name = request.POST.get("doc")
    if not name:
        raise errors.RequestRefused(errors.MISSING_DOCUMENT)
    doc = Document.objects.filter(name=name).first() if searchable(name) else None
    if doc is None:
        raise errors.RequestRefused(errors.DOCUMENT_NOT_FOUND)
    return doc


def _check_position_name(request: HttpRequest) -> None:
    slugs = list(BallotPositionName.objects.values_list("slug", flat=True))
    slug = request.POST.get("position")
    if not slug:
        raise errors.RequestRefused(errors.MISSING_POSITION.format(positions=",".join(slugs)))
    if slug not in slugs:
        raise errors.RequestRefused(errors.BAD_POSITION.format(positions=",".join(slugs)))


@require_api_key("/api/iesg/position")
def set_position(request: HttpRequest) -> HttpResponse:
    require_post(request)
    doc = _document(request)
    _check_position_name(request)
    ballot = services.open_ballot(doc)
    if ballot is None:
        raise errors.RequestRefused(errors.NO_OPEN_BALLOT)
    form = PositionForm(request.POST, ballot_type=ballot.ballot_type)
    if not form.is_valid():
        raise errors.RequestRefused(errors.FORM_NOT_VALID.format(errors=form.summary()))
    balloter = request.user.person
    change = services.record_ballot_position(
        doc,
        ballot,
        balloter=balloter,
        by=balloter,
        position=form.cleaned_data["position"],
        discuss=form.cleaned_data["discuss"],
        comment=form.cleaned_data["comment"],
    )
    transaction.on_commit(lambda: send_position_email(change), robust=True)
    return HttpResponse(errors.DONE, content_type="text/plain; charset=utf-8")
