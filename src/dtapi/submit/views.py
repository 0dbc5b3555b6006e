"""The submission endpoints: ``/api/submission`` (upload), its status, the ``/api/submit``
tombstone, and the confirmation page behind the link mailed to the submitter.

Answers of ``/api/submission`` are JSON ``{"error": ..., "messages": [...]}`` on failure, with
the original's texts; a success answers at once, processing continues in a background task.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt

from dtapi.person.models import Email, Person
from dtapi.submit import mail, services
from dtapi.submit.forms import SubmissionUploadForm
from dtapi.submit.models import Submission

log = logging.getLogger(__name__)


def _error(status: int, error: str, messages: list[str] | None = None) -> JsonResponse:
    return JsonResponse(
        {"error": error, "messages": messages if messages is not None else [error]}, status=status
    )


class UserError(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


def _person_for(username: str) -> Person:
    """The submitter: an account's username, or an active address of a person with one."""
    users = list(get_user_model().objects.filter(username__iexact=username)[:2])
    if len(users) > 1:
        raise UserError(500, f"Multiple matching accounts for {username}")
    if users:
        user = users[0]
    else:
        emails = list(
            Email.objects.filter(address=username, active=True).select_related("person")[:2]
        )
        if not emails:
            raise UserError(400, f"No such user: {username}")
        if len(emails) > 1:
            raise UserError(500, f"Multiple matching accounts for {username}")
        person = emails[0].person
        if person is None:
            raise UserError(400, f"No person matches {username}")
        if person.user_id is None:
            raise UserError(400, f"No user matches: {username}")
        user = person.user
    person = Person.objects.filter(user=user).first()
    if person is None:
        raise UserError(400, f"No person with username {username}")
    return person


def _remote_ip(request: HttpRequest) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR", "")


@csrf_exempt
def api_submission(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        return render(request, "submit/api_submission_info.html")
    if request.method != "POST":
        return JsonResponse({"error": "Method not allowed"}, status=405)
    try:
        form = SubmissionUploadForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return _error(400, "Validation Error", form.error_messages())
        username = form.cleaned_data["user"]
        try:
            person = _person_for(username)
        except UserError as exc:
            return _error(exc.status, str(exc))
        submission = services.create(form, person, _remote_ip(request))
    except OSError as exc:
        log.exception("submission upload failed")
        return _error(500, "IO Error", [str(exc)])
    return JsonResponse(
        {
            "id": str(submission.pk),
            "name": submission.name,
            "rev": submission.rev,
            "status_url": mail.status_url(submission),
        }
    )


@csrf_exempt
def api_submission_status(request: HttpRequest, submission_id: str) -> JsonResponse:
    submission = Submission.objects.filter(pk=submission_id).select_related("state").first()
    if submission is None:
        return JsonResponse({"error": "Not found"}, status=404)
    return JsonResponse(
        {
            "id": str(submission.pk),
            "state": submission.state.slug,
            "state_desc": submission.state.name,
        }
    )


@csrf_exempt
def api_submit_tombstone(request: HttpRequest) -> HttpResponse:
    """The old automated submission API is gone: 410, pointing at ``/api/submission``."""
    return render(request, "submit/api_submit_info.html", status=410)


def confirm_submission(request: HttpRequest, submission_id: int, token: str) -> HttpResponse:
    """The page the confirmation mail links to: confirm (posts the draft) or cancel."""
    submission = get_object_or_404(Submission.objects.select_related("state"), pk=submission_id)
    key_matched = mail.token_matches(submission, token)
    problem = ""
    if request.method == "POST" and key_matched:
        action = request.POST.get("action", "")
        if action in ("confirm", "cancel"):
            try:
                services.confirm(submission, token, action)
            except services.NotConfirmable as exc:
                problem = str(exc)
            else:
                return HttpResponseRedirect(request.path)
        else:
            problem = "Choose to confirm or to cancel the submission."
    submission.refresh_from_db()
    return render(
        request,
        "submit/confirm_submission.html",
        {"submission": submission, "key_matched": key_matched, "problem": problem},
        status=400 if problem else 200,
    )
