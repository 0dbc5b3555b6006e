"""dtapi's own OpenID Connect pages: the issuer page, provider metadata and the JWK Set.

The protocol endpoints (authorize, token, userinfo, introspect, revoke) are DOT's views,
mounted in ``urls.py``; end-session is DOT's too, landing on the login page when the relying
party names no page to return to.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView, View
from oauth2_provider.exceptions import InvalidOIDCClientError
from oauth2_provider.models import AbstractApplication
from oauth2_provider.oauth2_backends import get_oauthlib_core
from oauth2_provider.views import (
    ConnectDiscoveryInfoView,
    IntrospectTokenView,
    RPInitiatedLogoutView,
    TokenView,
)

from dtapi.oidc import keys
from dtapi.oidc.issuer import issuer


@method_decorator(require_safe, name="dispatch")
class IssuerView(TemplateView):
    """``/api/openid/``: a page for people, naming the issuer and linking its metadata."""

    template_name = "oidc/issuer.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["issuer"] = issuer()
        context["configuration_url"] = issuer() + "/.well-known/openid-configuration"
        return context


class DiscoveryView(ConnectDiscoveryInfoView):
    """Provider metadata: DOT's, completed with what dtapi offers beyond DOT's defaults."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data.update(
            {
                "id_token_signing_alg_values_supported": list(keys.ALGORITHMS),
                "grant_types_supported": ["authorization_code", "refresh_token"],
                "claims_supported": sorted(data.get("claims_supported", [])),
                "scopes_supported": sorted(data.get("scopes_supported", [])),
                "introspection_endpoint": self._get_endpoint_url(request, "introspect"),
                "revocation_endpoint": self._get_endpoint_url(request, "revoke-token"),
                "request_parameter_supported": False,
            }
        )
        updated = JsonResponse(data)
        updated["Access-Control-Allow-Origin"] = "*"
        return updated


@method_decorator(require_safe, name="dispatch")
class JwksView(View):
    """The public keys ID tokens are signed with (RS256 and ES256), with their ``kid``."""

    def get(self, request: HttpRequest) -> JsonResponse:
        response = JsonResponse(keys.jwks())
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=3600"
        return response


class EndSessionView(RPInitiatedLogoutView):
    """RP-initiated logout; without a ``post_logout_redirect_uri`` it ends on the login page.

    An unknown ``client_id`` is a 400 error page, as other invalid requests are (DOT: a 500).
    """

    def get_request_application(self, id_token: Any, client_id: str | None) -> Any:
        try:
            return super().get_request_application(id_token, client_id)
        except ObjectDoesNotExist:
            raise InvalidOIDCClientError() from None

    def do_logout(
        self,
        application: Any = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
        token_user: Any = None,
    ) -> HttpResponse:
        response = super().do_logout(application, post_logout_redirect_uri, state, token_user)
        if post_logout_redirect_uri:
            return response
        return HttpResponseRedirect(settings.LOGIN_URL)


@method_decorator(csrf_exempt, name="dispatch")  # as DOT's: clients authenticate, not cookies
class IntrospectView(IntrospectTokenView):
    """Token introspection (RFC 7662) for confidential clients that authenticate, by POST only.

    DOT's view also answers GET (the token in the URL, and so in logs) and accepts a public
    client's bare ``client_id``: anyone could then test tokens. Here a client proves itself with
    its secret (``client_secret_basic`` or ``client_secret_post``), else 401 ``invalid_client``.
    """

    http_method_names = ["post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not _confidential_client(request):
            response = JsonResponse({"error": "invalid_client"}, status=401)
            response["WWW-Authenticate"] = 'Basic realm="introspect"'
            response["Cache-Control"] = "no-store"
            return response
        return super().dispatch(request, *args, **kwargs)


def _confidential_client(request: HttpRequest) -> bool:
    core = get_oauthlib_core()
    uri, method, body, headers = core._extract_params(request)
    from oauthlib.common import Request as OAuthRequest

    oauth_request = OAuthRequest(uri, method, body, headers)
    if not core.server.request_validator.authenticate_client(oauth_request):
        return False
    client = getattr(oauth_request, "client", None)
    # DOT authenticates a confidential client only by its secret; a public one by its id alone.
    return client is not None and client.client_type == AbstractApplication.CLIENT_CONFIDENTIAL


DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class TokenEndpointView(TokenView):
    """DOT's token endpoint; the device grant, which DOT handles before oauthlib (and dtapi
    does not offer), is answered 400 ``unsupported_grant_type`` like any other."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("grant_type") == DEVICE_CODE_GRANT:
            response = JsonResponse({"error": "unsupported_grant_type"}, status=400)
            response["Cache-Control"] = "no-store"
            return response
        return super().post(request, *args, **kwargs)
