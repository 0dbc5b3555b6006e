"""The checks run on a processed submission, each recorded as a ``SubmissionCheck`` row.

A checker has a ``name`` and ``symbol`` and ``check(submission, rendered)`` returning
``(passed, message, errors, warnings, info)`` as the original's checkers do (``info`` holds
``{"checker", "items", "code"}``). A check that did not pass cancels the submission
("Checks failed: ..."). The original runs idnits (a Perl tool) for the document checks; dtapi
checks the same essentials itself on the text xml2rfc rendered: the sections every draft must
have and the boilerplate of an Internet-Draft.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dtapi.submit import validation
from dtapi.submit.models import Submission, SubmissionCheck
from dtapi.submit.render import Rendered

Result = tuple[bool, str, int, int, dict[str, Any]]


def _result(name: str, errors: list[str], warnings: list[str], ok_message: str) -> Result:
    items = [[None, None, f"  ** {e}"] for e in errors] + [
        [None, None, f"  == {w}"] for w in warnings
    ]
    lines = [f"  ** {e}" for e in errors] + [f"  == {w}" for w in warnings]
    message = "\n".join(lines) if lines else ok_message
    info = {"checker": name, "items": items, "code": {}}
    return (not errors, message, len(errors), len(warnings), info)


class NameCheck:
    name = "name syntax"
    symbol = ""

    def check(self, submission: Submission, rendered: Rendered) -> Result:
        error = validation.name_error(submission.name)
        return _result(self.name, [error] if error else [], [], "The name is well formed.")


class RevisionCheck:
    name = "revision"
    symbol = ""

    def check(self, submission: Submission, rendered: Rendered) -> Result:
        error = validation.rev_error(submission.name, submission.rev)
        return _result(
            self.name, [error] if error else [], [], f"Revision {submission.rev} is expected."
        )


class ReplacesCheck:
    name = "replaces"
    symbol = ""

    def check(self, submission: Submission, rendered: Rendered) -> Result:
        names = [n for n in submission.replaces.split(",") if n]
        errors = validation.replaces_errors(names, submission.name) if names else []
        ok = f"Replaces {', '.join(names)}." if names else "Replaces no draft."
        return _result(self.name, errors, [], ok)


SECTION = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+|Appendix [A-Z]\.\s+)?(?P<title>\S.*)$")


def _headings(txt: str) -> list[str]:
    """Lines that start in the first column (xml2rfc indents body text): the headings."""
    out = []
    for line in txt.splitlines():
        if line and not line[0].isspace() and not line.startswith(("Internet-Draft", "\f")):
            match = SECTION.match(line.strip())
            if match:
                out.append(match.group("title").strip().lower())
    return out


class DocumentCheck:
    """Required sections and Internet-Draft boilerplate (what idnits calls nits)."""

    name = "idnits check"
    symbol = ""

    def check(self, submission: Submission, rendered: Rendered) -> Result:
        txt = rendered.txt
        flat = re.sub(r"\s+", " ", txt)
        headings = _headings(txt)
        errors: list[str] = []
        warnings: list[str] = []

        def has(title: str) -> bool:
            return any(h.startswith(title) for h in headings)

        if not rendered.abstract or not has("abstract"):
            errors.append("The document seems to lack an Abstract section.")
        if not has("introduction"):
            warnings.append("The document seems to lack an Introduction section.")
        if not has("security considerations"):
            errors.append("The document seems to lack a Security Considerations section.")
        if not has("iana considerations"):
            warnings.append("The document seems to lack an IANA Considerations section.")
        if not has("status of this memo"):
            errors.append("The document seems to lack a Status of This Memo section.")
        if (
            "Internet-Drafts are working documents of the Internet Engineering Task Force"
            not in flat
        ):
            errors.append("The document seems to lack the Internet-Draft boilerplate.")
        if not has("copyright notice") or "IETF Trust" not in flat:
            errors.append("The document seems to lack a Copyright Notice.")
        if not re.search(r"This Internet-Draft will expire on", flat):
            errors.append("The document seems to lack an expiration date.")
        if f"{submission.name}-{submission.rev}" not in flat:
            errors.append(
                f"The document does not name itself ({submission.name}-{submission.rev}) on "
                "its first page."
            )
        return _result(self.name, errors, warnings, "No nits found.")


class XmlRfcCheck:
    """What xml2rfc said while rendering (warnings; its errors stop processing earlier)."""

    name = "xml2rfc"
    symbol = ""

    def check(self, submission: Submission, rendered: Rendered) -> Result:
        warnings = [w for w in rendered.warnings if "is no longer needed" not in w]
        return _result(self.name, [], warnings, "xml2rfc reported nothing.")


CHECKERS: list[Callable[[], Any]] = [
    NameCheck,
    RevisionCheck,
    ReplacesCheck,
    DocumentCheck,
    XmlRfcCheck,
]


def apply_checks(submission: Submission, rendered: Rendered) -> list[SubmissionCheck]:
    rows = []
    for make in CHECKERS:
        checker = make()
        passed, message, errors, warnings, info = checker.check(submission, rendered)
        rows.append(
            SubmissionCheck.objects.create(
                submission=submission,
                checker=checker.name,
                passed=passed,
                message=message,
                errors=errors,
                warnings=warnings,
                items=info,
                symbol=checker.symbol,
            )
        )
    return rows
