"""Model fields of the name app.

``TolerantJSONField`` is a ``JSONField`` that also accepts JSON *text* where a value is
expected. The reference Datatracker stored several JSON columns as text, so its fixtures (the
``names.json`` dump, for instance ``SessionPurposeName.timeslot_types``) carry those values as
strings such as ``"[\\n    \\"other\\"\\n]"``. Loading such a fixture into a plain ``JSONField``
would store a JSON *string*; this field decodes it into the list or object it denotes.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models


class TolerantJSONField(models.JSONField):
    """JSON column that decodes JSON text given in place of a value (fixtures, forms)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            stripped = value.strip()
            if stripped[:1] in ("[", "{"):
                try:
                    return json.loads(stripped)
                except ValueError:
                    return value
        return value
