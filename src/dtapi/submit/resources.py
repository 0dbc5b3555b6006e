"""API resources of the submit app: only departures from the engine's defaults."""

from dtapi.engine import ModelResource, fields

from .models import Submission


class SubmissionResource(ModelResource):
    model = Submission
    excludes = ("first_two_pages", "formal_languages")  # as the original's resource
    # The original declares the reverse relation to the submission's checks (clients such as
    # ietfdata require the key); like Document.submissions, it cannot be filtered on.
    checks = fields.ToMany("checks", filtering=False)
