"""When PKCE is required (``OAUTH2_PROVIDER["PKCE_REQUIRED"]``).

Public clients must use PKCE (only ``S256`` is accepted). Confidential clients may, and a
code requested with a challenge always needs its verifier; they are not forced to, because
the relying parties written for the Datatracker's provider never sent one.
"""

from __future__ import annotations


def pkce_required(client_id: str) -> bool:
    # Imported here: settings import this module, before the models are ready.
    from oauth2_provider.models import get_application_model

    client_type = (
        get_application_model()
        .objects.filter(client_id=client_id)
        .values_list("client_type", flat=True)
        .first()
    )
    return client_type != "confidential"
