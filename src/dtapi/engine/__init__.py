"""dtapi's generic read-only REST engine for /api/v1 (it imports no domain app).

Per-app ``resources.py`` modules declare only departures from what the models imply::

    from dtapi.engine import ModelResource, fields

    class DocumentResource(ModelResource):
        model = Document
        detail_uri_name = "name"
        rfc = fields.Computed("rfc_number", str)
"""

from . import fields
from .constants import ALL, ALL_WITH_RELATIONS
from .resources import ModelResource

__all__ = ["ALL", "ALL_WITH_RELATIONS", "ModelResource", "fields"]
