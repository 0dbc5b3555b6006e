"""dtapi's OAuth2/OIDC request validator: DOT's, with dtapi's claims and ID-token keys.

* Claims come from :class:`dtapi.oidc.claims.PersonClaims`, released per scope
  (``scopes.CLAIM_SCOPES``); empty claims are left out.
* ID tokens carry only the protocol claims (``iss sub aud exp iat auth_time nonce at_hash``
  and ``jti``); the others are at the userinfo endpoint.
* ID tokens are signed RS256 or ES256, per client, with ``kid`` in the header.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import router, transaction
from jwcrypto import jwt
from oauth2_provider.models import get_id_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator

from dtapi.oidc import keys
from dtapi.oidc.claims import CLAIMS, PersonClaims, is_empty
from dtapi.oidc.scopes import CLAIM_SCOPES


def _claims_for(request: Any) -> PersonClaims:
    """The claims object of the request's user, made once per request."""
    found = getattr(request, "_dtapi_claims", None)
    if found is None or found.user != request.user:
        found = PersonClaims(request.user)
        request._dtapi_claims = found
    return found


def _claim_getter(name: str) -> Any:
    return lambda request: getattr(_claims_for(request), name)()


class Validator(OAuth2Validator):
    oidc_claim_scope = CLAIM_SCOPES

    def get_additional_claims(self) -> dict[str, Any]:
        # Request-agnostic form (one argument): DOT then also lists the claims in discovery.
        return {name: _claim_getter(name) for name in CLAIMS}

    def get_oidc_claims(self, token: Any, token_handler: Any, request: Any) -> dict[str, Any]:
        if getattr(request, "_dtapi_building_id_token", False):
            return {"sub": str(request.user.pk)}
        claims = super().get_oidc_claims(token, token_handler, request)
        return {name: value for name, value in claims.items() if not is_empty(value)}

    def get_id_token_dictionary(
        self, token: Any, token_handler: Any, request: Any
    ) -> tuple[dict[str, Any], Any]:
        # DOT puts every released claim into the ID token; dtapi keeps it to the protocol
        # claims (the others are at userinfo), and so skips computing them here.
        request._dtapi_building_id_token = True
        try:
            return super().get_id_token_dictionary(token, token_handler, request)
        finally:
            request._dtapi_building_id_token = False

    def finalize_id_token(
        self, id_token: dict[str, Any], token: Any, token_handler: Any, request: Any
    ) -> str:
        """Sign the ID token with the client's algorithm and key, and record it."""
        claims, expires = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        alg = request.client.algorithm
        header = {"typ": "JWT", "alg": alg, "kid": keys.kid(alg)}
        signed = jwt.JWT(header=json.dumps(header), claims=json.dumps(id_token, default=str))
        signed.make_signed_token(keys.private_key(alg))
        id_token_model = get_id_token_model()
        with transaction.atomic(using=router.db_for_write(id_token_model)):
            record = self._save_id_token(id_token["jti"], request, expires)
        request.access_token = record
        request.id_token = record
        return str(signed.serialize())
