"""The submission's background task, on dtapi's one queue (:mod:`dtapi.tasks`)."""

from __future__ import annotations

from django_tasks import task

from dtapi.submit.models import Submission


@task(queue_name="submit")
def process_submission(submission_id: int) -> str:
    """Validate, render and check an uploaded submission, then ask for its confirmation.

    Safe to run again (a recovered task): only a submission still ``validating`` is processed.
    """
    from dtapi.submit import services

    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return "gone"
    services.process(submission)
    submission.refresh_from_db(fields=["state"])
    return str(submission.state_id)
