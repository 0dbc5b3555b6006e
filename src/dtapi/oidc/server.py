"""The OAuth2/OIDC server class (``OAUTH2_PROVIDER["OIDC_SERVER_CLASS"]``): oauthlib's, with the
userinfo endpoint telling a bad token (401 ``invalid_token``) from a good token without the
``openid`` scope (403 ``insufficient_scope``), as RFC 6750 section 3.1 asks, and refusing
tokens in the query string (RFC 9700 section 4.3.2; DOT checks this elsewhere, not here), and
with only the grants dtapi offers."""

from __future__ import annotations

from typing import Any

from oauthlib.oauth2.rfc6749 import errors
from oauthlib.openid import Server as OpenIDServer


class InsufficientScope(errors.InsufficientScopeError):
    description = "The access token does not have the openid scope."

    @property
    def headers(self) -> dict[str, str]:
        return {
            "WWW-Authenticate": f'Bearer error="{self.error}", error_description="{self.description}"'
        }


# The grants dtapi offers (the discovery document says so too). oauthlib's server also knows
# client_credentials, password and device_code; a request for any of them is answered 400
# "unsupported_grant_type" rather than reaching code paths dtapi does not configure.
GRANT_TYPES = ("authorization_code", "refresh_token")


class Server(OpenIDServer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._grant_types = {
            name: grant for name, grant in self._grant_types.items() if name in GRANT_TYPES
        }

    def validate_userinfo_request(self, request: Any) -> None:
        if any(name == "access_token" for name, _ in request.uri_query_params):
            raise errors.InvalidRequestError(
                description="Access tokens are not accepted in the query string."
            )
        request.scopes = []  # check the token alone; its scopes are then in request.scopes
        if not self.bearer.validate_request(request):
            raise errors.InvalidTokenError()
        if "openid" not in request.scopes:
            raise InsufficientScope()
