"""dtapi's OpenID Connect provider, built on django-oauth-toolkit (DOT).

Issuer ``<DTAPI_BASE_URL>/api/openid``. DOT runs the protocol (authorization code flow with
PKCE, tokens, userinfo, introspection, RP-initiated logout); this app supplies what is
dtapi's own: the client model (``Client``, operator-registered, RS256 or ES256 ID tokens),
the signing keys, the scopes and claims (``scopes``, ``claims``, ``validator``), the
discovery/JWKS/issuer views and the ``oidc-client`` / ``oidc-key`` commands.
"""
