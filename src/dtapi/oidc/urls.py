"""Mounted at /api/openid/. The namespace is DOT's, whose views reverse these names.

Trailing slashes are optional, as they were on the Datatracker's provider.
"""

from django.urls import path, re_path
from oauth2_provider import views as dot

from dtapi.oidc import views

app_name = "oauth2_provider"

urlpatterns = [
    path("", views.IssuerView.as_view(), name="issuer"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        views.DiscoveryView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    re_path(r"^authorize/?$", dot.AuthorizationView.as_view(), name="authorize"),
    re_path(r"^token/?$", views.TokenEndpointView.as_view(), name="token"),
    re_path(r"^userinfo/?$", dot.UserInfoView.as_view(), name="user-info"),
    re_path(r"^jwks/?$", views.JwksView.as_view(), name="jwks-info"),
    re_path(r"^end-session/?$", views.EndSessionView.as_view(), name="rp-initiated-logout"),
    re_path(r"^introspect/?$", views.IntrospectView.as_view(), name="introspect"),
    re_path(r"^revoke/?$", dot.RevokeTokenView.as_view(), name="revoke-token"),
]
