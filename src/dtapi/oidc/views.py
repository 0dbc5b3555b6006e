"""dtapi's own OpenID Connect pages: the issuer page, provider metadata and the JWK Set.

The protocol endpoints (authorize, token, userinfo, introspect, revoke) are DOT's views,
mounted in ``urls.py``; end-session is DOT's too, landing on the login page when the relying
party names no page to return to.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView, View
from oauth2_provider.views import ConnectDiscoveryInfoView, RPInitiatedLogoutView

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
    """RP-initiated logout; without a ``post_logout_redirect_uri`` it ends on the login page."""

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
