"""The submission process, from upload to posted draft (or cancellation), as the original.

    create(form, person, remote_ip)   # the API call: state validating, file staged, task queued
    process(submission)               # the task: xml2rfc, checks, then accept() or cancel()
    accept(submission)                # auth / aut-appr (mail with a link), grp-appr / ad-appr
    confirm(submission, token, action)  # the link: post() or cancel()
    post(submission, ...)             # new Document or revision, events, authors, files

Each step records a ``SubmissionEvent`` (the original's texts). A cancelled submission keeps
its record (state, events, checks) and nothing else: its staged files are removed.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from email.utils import parseaddr

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from dtapi.doc import services as doc_services
from dtapi.doc.models import DocEvent, Document, SubmissionDocEvent
from dtapi.group.models import Group
from dtapi.person.models import Person
from dtapi.submit import checks, files, mail, people, render, xmlsource
from dtapi.submit.conf import submit_settings
from dtapi.submit.forms import SubmissionUploadForm
from dtapi.submit.models import Preapproval, Submission, SubmissionEvent

log = logging.getLogger(__name__)

SYSTEM_ERROR = "A system error occurred while processing the submission."


class SubmissionError(Exception):
    pass


def event(submission: Submission, desc: str, by: Person | None = None) -> SubmissionEvent:
    return SubmissionEvent.objects.create(submission=submission, desc=desc, by=by)


# -- the API call -------------------------------------------------------------------------------


def create(form: SubmissionUploadForm, person: Person, remote_ip: str) -> Submission:
    """Record the upload and queue its processing; answers at once (no xml2rfc here)."""
    from dtapi.submit.tasks import process_submission

    name, rev = form.filename or "", form.revision or ""
    files.remove_staged(name, rev)  # leftovers of an earlier, abandoned upload
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                state_id="validating",
                name=name,
                rev=rev,
                group=form.group,
                remote_ip=remote_ip or "",
                file_types=".xml",
                file_size=len(form.source),
                submission_date=timezone.localdate(),
                submitter=person.formatted_email(),
                replaces=form.cleaned_data.get("replaces") or "",
            )
            files.save(files.STAGING, name, rev, "xml", form.source)
            event(submission, "Uploaded submission through API")
            process_submission.enqueue(submission.pk)
    except Exception:
        files.remove_staged(name, rev)
        raise
    return submission


# -- processing (the background task) -----------------------------------------------------------


def cancel(submission: Submission, desc: str, by: Person | None = None) -> None:
    with transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(state_id="cancel")
        submission.state_id = "cancel"
        event(submission, desc, by)
    files.remove_staged(submission.name, submission.rev)


def _render(submission: Submission) -> render.Rendered:
    data = files.read(files.STAGING, submission.name, submission.rev, "xml")
    tree = xmlsource.parse(data)
    name, rev = xmlsource.docname(tree)
    if name != submission.name:
        raise SubmissionError(
            f"XML Internet-Draft filename ({name}) disagrees with submission filename "
            f"({submission.name})"
        )
    if rev != submission.rev:
        raise SubmissionError(
            f"XML Internet-Draft revision ({rev}) disagrees with submission revision "
            f"({submission.rev})"
        )
    return render.render(xmlsource.sanitize(tree, submit_settings().xml_library), name, rev)


def _consistency_error(submission: Submission) -> str | None:
    conflicts = list(
        Submission.objects.filter(name=submission.name, rev__gte=submission.rev, state_id="posted")
        .order_by("rev")
        .values_list("rev", flat=True)
    )
    if not conflicts:
        return None
    return (
        f"Rev {submission.rev} conflicts with existing "
        f"{'submission' if len(conflicts) == 1 else 'submissions'} ({', '.join(conflicts)}). "
        "This indicates a database inconsistency that requires investigation."
    )


def _reject(submission: Submission, reason: str) -> None:
    cancel(submission, f"Submission rejected: {reason}")


def submitter_is_author(submission: Submission) -> bool:
    name, address = parseaddr(submission.submitter)
    submitter = people.find_person(name, address)
    if submitter is None:
        return False
    author_emails = {(a.get("email") or "").strip().lower() for a in submission.authors}
    return bool(people.person_emails(submitter) & author_emails)


def process(submission: Submission) -> None:
    """Validate and render a submission in state ``validating``, then accept or cancel it."""
    if submission.state_id != "validating":
        log.info(
            "submission %s is not validating (%s); skipped", submission.pk, submission.state_id
        )
        return
    try:
        rendered = _render(submission)
    except xmlsource.SourceError as exc:
        return _reject(submission, " ".join(exc.messages))
    except (render.RenderError, SubmissionError) as exc:
        return _reject(submission, str(exc))
    except Exception:
        log.exception("processing submission %s failed", submission.pk)
        return _reject(submission, SYSTEM_ERROR)

    try:
        with transaction.atomic():
            reason = _fill_in_and_check(submission, rendered)
            if reason is None:
                event(submission, "Completed submission validation checks")
                accept(submission)
    except Exception:
        log.exception("processing submission %s failed", submission.pk)
        submission.refresh_from_db()
        return _reject(submission, SYSTEM_ERROR)
    if reason is not None:
        _reject(submission, reason)


def _fill_in_and_check(submission: Submission, rendered: render.Rendered) -> str | None:
    """Store what xml2rfc found; the reason to reject, or None."""
    submission.xml_version = rendered.xml_version
    submission.title = rendered.title[:255]
    submission.authors = rendered.authors
    submission.abstract = rendered.abstract
    submission.pages = rendered.pages
    submission.words = rendered.words
    submission.first_two_pages = rendered.first_two_pages
    submission.document_date = rendered.document_date
    submission.save()
    files.save(files.STAGING, submission.name, submission.rev, "txt", rendered.txt.encode())
    files.save(files.STAGING, submission.name, submission.rev, "html", rendered.html.encode())
    if not submission.title:
        return "Could not determine the title of the draft"
    consistency = _consistency_error(submission)
    if consistency:
        return consistency
    rows = checks.apply_checks(submission, rendered)
    failed = [c.message for c in rows if c.passed is False]
    if failed:
        return "Checks failed: " + " / ".join(failed)
    if not all(a.get("email") for a in submission.authors):
        return "Email address not found for all authors"
    if not submitter_is_author(submission):
        return f"Submitter ({submission.submitter}) is not one of the document authors"
    return None


# -- accepting: which approval, and asking for it ------------------------------------------------


def _docevent(submission: Submission, doc: Document | None, desc: str, by: Person) -> None:
    if doc is not None:
        SubmissionDocEvent.objects.create(
            type="new_submission",
            doc=doc,
            by=by,
            desc=desc,
            submission=submission,
            rev=submission.rev,
        )


def _submitter_person(submission: Submission) -> Person:
    name, address = parseaddr(submission.submitter)
    if name and address:
        return people.ensure_person(name, address, submission.name)[0]
    return people.system_person()


def _chair_addresses(group: Group | None) -> list[str]:
    if group is None:
        return []
    return [
        role.email.formatted_email()
        for role in group.role_set.filter(name_id="chair").select_related("email", "person")
        if role.email_id
    ]


def _ad_addresses(group: Group | None) -> list[str]:
    area = group.parent if group is not None else None
    if area is None:
        return []
    return [
        role.email.formatted_email()
        for role in area.role_set.filter(name_id="ad").select_related("email", "person")
        if role.email_id
    ]


def accept(submission: Submission) -> list[str]:
    """Move a validated submission to the approval it needs, and send the mail asking for it."""
    doc = Document.objects.filter(name=submission.name).select_related("group").first()
    system = people.system_person()
    _docevent(submission, doc, "Uploaded new revision", _submitter_person(submission))
    replaced = list(
        Document.objects.filter(name__in=[n for n in submission.replaces.split(",") if n])
    )
    pretty = ", ".join(d.name for d in replaced) or "(none)"
    group = submission.group
    features = group.features if group is not None else None
    individual = group is None or group.type_id == "individ"
    wg_replaced = [d for d in replaced if d.group is not None and d.group.type_id == "wg"]
    requires_group = (
        submission.rev == "00"
        and features is not None
        and features.req_subm_approval
        and not Preapproval.objects.filter(name=submission.name).exists()
    ) or (individual and any(d.group.is_active for d in wg_replaced))
    requires_ad = (
        doc is not None
        and doc.group is not None
        and doc.group.type_id == "wg"
        and not doc.group.is_active
    ) or (individual and any(not d.group.is_active for d in wg_replaced))
    desc = f'Set submitter to "{submission.submitter}", replaces to {pretty}'
    if requires_ad:
        submission.state_id = "ad-appr"
        submission.save(update_fields=["state"])
        target = (
            wg_replaced[0].group if individual and wg_replaced else (doc.group if doc else group)
        )
        sent = mail.send_approval_request(submission, _ad_addresses(target), "ad")
        desc += f" and sent approval email to AD: {', '.join(sent)}"
        doc_desc = f"Request for posting approval emailed to AD: {', '.join(sent)}"
    elif requires_group:
        submission.state_id = "grp-appr"
        submission.save(update_fields=["state"])
        target = wg_replaced[0].group if individual and wg_replaced else group
        sent = mail.send_approval_request(submission, _chair_addresses(target), "chair")
        desc += f" and sent approval email to group chairs: {', '.join(sent)}"
        doc_desc = f"Request for posting approval emailed to group chairs: {', '.join(sent)}"
    else:
        submission.auth_key = secrets.token_hex(16)
        submission.state_id = "aut-appr" if doc is not None else "auth"
        submission.save(update_fields=["auth_key", "state"])
        sent = mail.send_confirmation(submission)
        if submission.state_id == "aut-appr":
            desc += f" and sent confirmation email to previous authors: {', '.join(sent)}"
            doc_desc = (
                f"Request for posting confirmation emailed to previous authors: {', '.join(sent)}"
            )
        else:
            desc += f" and sent confirmation email to submitter and authors: {', '.join(sent)}"
            doc_desc = f"Request for posting confirmation emailed to submitter and authors: {', '.join(sent)}"
    event(submission, desc)
    _docevent(submission, doc, doc_desc, system)
    return sent


# -- confirming and posting ---------------------------------------------------------------------


class NotConfirmable(Exception):
    pass


def confirm(submission: Submission, token: str, action: str) -> str:
    """Act on the confirmation link: ``confirm`` posts, ``cancel`` cancels; the outcome."""
    if not mail.token_matches(submission, token):
        raise NotConfirmable("Incorrect authorization key.")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.state_id not in ("auth", "aut-appr"):
            raise NotConfirmable("The submission is not in a state where it can be confirmed.")
        previous = locked.state_id
        locked.state_id = "confirmed"  # a second click finds it taken
        locked.save(update_fields=["state"])
        if action == "cancel":
            event(locked, "Cancelled submission")
            Submission.objects.filter(pk=locked.pk).update(state_id="cancel")
            transaction.on_commit(lambda: files.remove_staged(locked.name, locked.rev))
            return "cancelled"
        name, address = parseaddr(locked.submitter)
        if name and address:
            desc = "New version approved"
        elif previous == "auth":
            desc = "New version approved by author"
        else:
            desc = "New version approved by previous author"
        post(locked, desc, "Confirmed and posted submission")
    submission.refresh_from_db()
    return "posted"


def _rev00_events(submission: Submission, doc: Document, by: Person) -> list[DocEvent]:
    """The submission's own history as document events (for a new draft, as the original)."""
    made: list[DocEvent] = []
    for sub_event in submission.submissionevent_set.order_by("time", "id"):
        desc = sub_event.desc
        if desc.startswith("Uploaded submission"):
            desc = "Uploaded new revision"
        elif desc.startswith("Set submitter to"):
            pos = desc.find("sent confirmation email")
            if pos > 0:
                desc = f"Request for posting confirmation emailed {desc[pos + 23 :].strip()}"
            else:
                pos = desc.find("sent approval email")
                if pos < 0:
                    continue
                desc = f"Request for posting approval emailed {desc[pos + 19 :].strip()}"
        else:
            continue
        made.append(
            SubmissionDocEvent.objects.create(
                type="new_submission",
                doc=doc,
                by=by,
                time=sub_event.time,
                desc=desc,
                submission=submission,
                rev=submission.rev,
            )
        )
    return made


@transaction.atomic
def post(submission: Submission, approved_doc_desc: str, approved_subm_desc: str) -> Document:
    config = submit_settings()
    submitter = _submitter_person(submission)
    system = people.system_person()
    authors = []
    for author in submission.authors:
        person, email = people.ensure_person(
            author.get("name") or "", author.get("email") or "", submission.name
        )
        authors.append(
            doc_services.DraftAuthor(
                person, email, author.get("affiliation") or "", author.get("country") or ""
            )
        )

    def before(doc: Document) -> list[DocEvent]:
        made = _rev00_events(submission, doc, submitter) if submission.rev == "00" else []
        made.append(
            SubmissionDocEvent.objects.create(
                type="new_submission",
                doc=doc,
                by=system,
                desc=approved_doc_desc,
                submission=submission,
                rev=submission.rev,
            )
        )
        return made

    replaced = Document.objects.filter(name__in=[n for n in submission.replaces.split(",") if n])
    doc, _events = doc_services.post_new_revision(
        doc_services.NewRevision(
            name=submission.name,
            rev=submission.rev,
            title=submission.title,
            abstract=submission.abstract,
            pages=submission.pages,
            words=submission.words,
            group=submission.group,
            authors=authors,
            expires_days=config.days_to_expire,
        ),
        by=submitter,
        events_before=before,
        replaces=replaced,
    )
    files.post(submission.name, submission.rev)
    transaction.on_commit(lambda: files.remove_staged(submission.name, submission.rev))
    submission.state_id = "posted"
    submission.draft = doc
    submission.save(update_fields=["state", "draft"])
    event(submission, approved_subm_desc)
    transaction.on_commit(lambda: mail.announce_to_authors(submission, doc))
    return doc


# -- housekeeping -------------------------------------------------------------------------------


def cancel_stale_submissions() -> int:
    """Cancel submissions validating for longer than ``MAX_VALIDATION_MINUTES`` (as the original)."""
    limit = timezone.now() - timedelta(minutes=submit_settings().max_validation_minutes)
    stale = list(
        Submission.objects.filter(state_id="validating")
        .annotate(submitted_at=Min("submissionevent__time"))
        .filter(submitted_at__lt=limit)
    )
    for submission in stale:
        cancel(submission, "Submission canceled: validation checks took too long")
    return len(stale)
