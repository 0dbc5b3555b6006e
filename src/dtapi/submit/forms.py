"""The upload form of ``POST /api/submission``: ``user``, ``xml``, ``replaces``.

What the original checks while the submitter waits is checked here (in the original's words):
the file (name, size, extension, encoding), that it is XML with a draft name and revision,
the name and revision rules, the group the name implies, a submission of the same name and
revision already in progress, daily limits, and the replaced drafts. The XML is read with
:mod:`dtapi.submit.xmlsource` only (no xml2rfc): rendering and the remaining checks run in
the background task.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from dtapi.group.models import Group
from dtapi.submit import validation, xmlsource
from dtapi.submit.conf import submit_settings
from dtapi.submit.models import Submission

IN_PROGRESS_EXCLUDED = ("posted", "cancel", "waiting-for-draft")


def _file_errors(f: Any, max_size: int) -> list[str]:
    errors = []
    chars = set(re.findall(r"&|\\|/|;|\*|\s|\$", f.name))
    if chars:
        errors.append(
            "Invalid characters were found in the name of the file which was just submitted: "
            + ", ".join(chars)
        )
    if f.size > max_size:
        errors.append(
            f"File size is larger than the permitted maximum of {filesizeformat(max_size)}"
        )
    if not f.name.lower().endswith(".xml"):
        errors.append(f'Expected the XML file to have extension ".xml", found the name "{f.name}"')
    return errors


def _encoding_error(data: bytes) -> str | None:
    try:
        data.decode("utf8")
    except UnicodeDecodeError as err:
        bad = data[err.start : err.end]
        return "Invalid {} byte(s) starting at byte {}: [{}]".format(
            err.encoding, err.start + 1, ", ".join(f"0x{b:x}" for b in bad)
        )
    return None


NO_NAME = (
    "Could not extract a valid Internet-Draft name from the XML.  Please make sure that the "
    "top-level <rfc/> element has a docName attribute which provides the full Internet-Draft "
    "name including revision number."
)
NO_REVISION = (
    "Could not extract a valid Internet-Draft revision from the XML.  Please make sure that the "
    "top-level <rfc/> element has a docName attribute which provides the full Internet-Draft "
    "name including revision number."
)


class SubmissionUploadForm(forms.Form):
    xml = forms.FileField(label=".xml format", required=True)
    user = forms.EmailField(required=True)
    replaces = forms.CharField(required=False, max_length=1000, strip=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filename: str | None = None
        self.revision: str | None = None
        self.group: Group | None = None
        self.source: bytes = b""  # the file as uploaded
        self.sanitized: bytes = b""  # what xml2rfc will be given

    def clean_xml(self) -> Any:
        f = self.cleaned_data["xml"]
        config = submit_settings()
        errors = _file_errors(f, config.max_xml_size)
        if errors:
            raise forms.ValidationError(errors, code="critical_error")
        f.seek(0)
        data = f.read(config.max_xml_size + 1)
        error = _encoding_error(data)
        if error:
            raise forms.ValidationError(error, code="critical_error")
        try:
            tree = xmlsource.parse(data)
            name, rev = xmlsource.docname(tree)
            sanitized = xmlsource.sanitize(tree, config.xml_library)
        except xmlsource.SourceError as exc:
            raise forms.ValidationError(exc.messages, code="invalid_xml_error") from None
        if not name:
            raise forms.ValidationError(NO_NAME, code="parse_error_filename")
        if not rev:
            raise forms.ValidationError(NO_REVISION, code="parse_error_revision")
        self.filename, self.revision = name, rev
        self.source, self.sanitized = data, sanitized
        return f

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        name, rev = self.filename or "", self.revision or ""
        for error in (
            validation.name_error(name),
            validation.rev_error(name, rev),
            validation.case_conflict(name),
        ):
            if error:
                raise forms.ValidationError(error)
        try:
            self.group = validation.deduce_group(name)
        except validation.GroupError as exc:
            raise forms.ValidationError(str(exc)) from None
        existing = (
            Submission.objects.filter(name=name, rev=rev)
            .exclude(state__in=IN_PROGRESS_EXCLUDED)
            .first()
        )
        if existing is not None:
            raise forms.ValidationError(
                format_html(
                    "A submission with same name and revision is currently being processed. "
                    '<a href="{}">Check the status here.</a>',
                    reverse("submit-api-status", args=[existing.pk]),
                )
            )
        self._check_daily_limits(name)
        if data.get("replaces"):
            names = [s.strip() for s in data["replaces"].split(",")]
            data["replaces"] = ",".join(names)
            for error in validation.replaces_errors(names, name):
                self.add_error("replaces", error)
        return data

    def _check_daily_limits(self, name: str) -> None:
        config = submit_settings()
        today = timezone.localdate()
        checks = [
            (f"for the Internet-Draft {name}", {"name": name}, config.max_daily_same_name),
            ("across all submitters", {}, config.max_daily_submissions),
        ]
        for which, filters, limit in checks:
            if Submission.objects.filter(submission_date=today, **filters).count() > limit:
                raise forms.ValidationError(
                    f"Max submissions {which} has been reached for today (maximum is {limit} "
                    "submissions)."
                )

    def error_messages(self) -> list[str]:
        """Every message, fields in form order then the form's own (as the original lists)."""
        return [str(m) for errors in self.errors.values() for m in errors if str(m)]
