"""The original's rules for a submission's name, revision, group and replaced drafts.

Each function returns the error text (the original's wording) or None.
"""

from __future__ import annotations

import re

from dtapi.doc.models import Document
from dtapi.group.models import Group
from dtapi.name.models import GroupTypeName


def name_error(name: str) -> str | None:
    if not re.search(r"^draft-[a-z][-a-z0-9]{0,43}(-\d\d)?$", name):
        if re.search(r"-\d\d$", name):
            name = name[:-3]
        if len(name) > 50:
            return (
                "Expected the Internet-Draft name to be at most 50 ascii characters long; "
                f"found {len(name)}."
            )
        msg = (
            "Expected name 'draft-...' using lowercase ascii letters, digits, and hyphen; "
            f"found '{name}'."
        )
        if "." in name:
            msg += "  Did you include a filename extension in the name by mistake?"
        return msg
    components = name.split("-")
    if "" in components:
        return "Name contains adjacent dashes or the name ends with a dash."
    if len(components) < 3:
        return "Name has less than three dash-delimited components in the name."
    return None


def expected_rev(name: str) -> int:
    revs = [
        int(rev)
        for rev in Document.objects.filter(name=name).values_list("rev", flat=True)
        if rev and rev.isdigit()
    ]
    return max(revs) + 1 if revs else 0


def rev_error(name: str, rev: str | None) -> str | None:
    if not rev:
        return "Revision not found"
    if len(rev) != 2:
        return "Revision must be a exactly two digits"
    try:
        number = int(rev)
    except ValueError:
        return "Revision must be a number"
    if not 0 <= number <= 99:
        return "Revision must be between 00 and 99"
    expected = expected_rev(name)
    if number != expected:
        return f"Invalid revision (revision {expected:02d} is expected)"
    doc = Document.objects.filter(name=name).first()
    if doc is not None:
        replaced_by = doc.related_that("replaces")
        if replaced_by:
            return "This document has been replaced by " + ",".join(d.name for d in replaced_by)
    return None


def case_conflict(name: str) -> str | None:
    found = Document.objects.filter(name__iexact=name).exclude(name=name).first()
    if found is None:
        return None
    return (
        f"Case-conflicting draft name found: {found.name}. Please choose a different draft "
        "name. Case-conflicting names with the small number of legacy Internet-Drafts with "
        "names containing upper-case letters are not permitted."
    )


class GroupError(ValueError):
    pass


def deduce_group(name: str) -> Group | None:
    """The group a draft belongs to, from an earlier revision or its name; None: individual."""
    existing = Document.objects.filter(name=name, type="draft").select_related("group").first()
    if existing is not None:
        group = existing.group
        return group if group is not None and group.type_id not in ("individ", "area") else None
    parts = name.split("-")
    if len(parts) < 3:
        raise GroupError(
            f'The Internet-Draft name "{name}" is missing a third part, please rename it'
        )
    if name.startswith(("draft-ietf-", "draft-irtf-")):
        group_type = "wg" if parts[1] == "ietf" else "rg"
        for group in Group.objects.filter(acronym__contains="-", type=group_type):
            if name.startswith(f"draft-{parts[1]}-{group.acronym}-"):
                return group
        group = Group.objects.filter(acronym=parts[2], type=group_type).first()
        if group is None:
            raise GroupError(
                f"There is no active group with acronym '{parts[2]}', please rename your "
                "Internet-Draft"
            )
        return group
    if name.startswith("draft-rfc-"):
        return Group.objects.filter(acronym="iesg").first()
    if name.startswith(("draft-rfc-editor-", "draft-rfced-", "draft-rfceditor-")):
        return Group.objects.filter(acronym="rfceditor").first()
    kind = parts[1].lower()
    if GroupTypeName.objects.filter(slug=kind).exists():
        group = Group.objects.filter(acronym=kind).first()
        if group is None:
            raise GroupError(
                f"Internet-Draft names starting with draft-{kind}- are restricted, please pick "
                "a different name"
            )
        return group
    return None


def replaces_errors(names: list[str], own_name: str | None) -> list[str]:
    """Errors of a ``replaces`` list (the API form's checks, in the original's order)."""
    errors = []
    found = {d.name: d for d in Document.objects.filter(name__in=names).prefetch_related("states")}
    unknown = [n for n in names if n not in found]
    if unknown:
        errors.append("Unknown Internet-Draft name(s): " + ", ".join(unknown))
    for doc in (found[n] for n in dict.fromkeys(names) if n in found):
        if doc.name == own_name:
            errors.append("An Internet-Draft cannot replace itself")
        elif doc.type_id != "draft":
            errors.append("An Internet-Draft can only replace another Internet-Draft")
        elif doc.get_state_slug() == "rfc":
            errors.append(
                "An Internet-Draft cannot replace another Internet-Draft that has become an RFC"
            )
        elif doc.get_state_slug("draft-iesg") in ("approved", "ann", "rfcqueue"):
            errors.append(f"{doc.name} is approved by the IESG and cannot be replaced")
    return errors
