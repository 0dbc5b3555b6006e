"""API resources of the doc app: only departures from the engine's defaults."""

from dtapi.engine import ModelResource, fields

from .models import DocHistory, Document


class DocumentResource(ModelResource):
    model = Document
    detail_uri_name = "name"
    excludes = ("formal_languages", "action_holders")
    not_filterable = ("id", "words", "rfc_number")
    rfc = fields.Computed("rfc_number", str)
    submissions = fields.ToMany("submission_set", filtering=False)


class DocHistoryResource(ModelResource):
    model = DocHistory
    excludes = ("formal_languages",)
