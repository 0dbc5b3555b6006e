"""The one table of endpoints that personal API keys are for: path, roles, description
(and, below it, the endpoints that application tokens are for).

Everything about a key endpoint is declared here and nowhere else:

* :func:`dtapi.accounts.decorators.require_api_key` takes the path and finds the entry, so a
  view cannot be protected by a key without being listed (a missing entry fails at import);
  it lets through only holders of one of ``roles`` (an empty tuple: anyone with an account);
* the key pages (``/accounts/apikey/add``) offer an endpoint to exactly the users who may use
  it, and the help page at ``/api/`` lists the table;
* the system check ``dtapi.accounts.E002``-``E004`` (:mod:`dtapi.accounts.checks`) verifies
  that every path here is routed by the URLconf to a view protected for that same path, and
  that every key-protected view in the URLconf is listed here.

The original Datatracker keeps three lists (paths and key-creation roles in ``person/models.py``,
routes in ``api/urls.py``, ``@role_required`` on each view) and they disagreed once: its
bluesheet view accepts the Secretariat, but its key pages offered that endpoint to Recording
Managers only. Here the bluesheet entry names both roles, so a Secretariat person can create
the key the view accepts.

This module imports nothing from the project, so models, views and checks can all use it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ENDPOINTS",
    "TOKEN_ENDPOINTS",
    "Endpoint",
    "TokenEndpoint",
    "endpoint",
    "label",
    "token_endpoint",
]


@dataclass(frozen=True)
class Endpoint:
    path: str  # the exact request path a key is valid for (no trailing slash)
    roles: tuple[str, ...]  # roles that may create and use keys; () = anyone with an account
    description: str


_RECMAN = ("Recording Manager",)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("/api/iesg/position", ("Area Director",), "Record a ballot position"),
    Endpoint("/api/v2/person/person", ("Robot",), "Look up persons (mail archive)"),
    Endpoint("/api/meeting/session/video/url", _RECMAN, "Set a session's video recording URL"),
    Endpoint(
        "/api/meeting/session/recording-name", _RECMAN, "Set a session's Meetecho recording name"
    ),
    Endpoint("/api/notify/meeting/registration", ("Robot",), "Report a meeting registration (v1)"),
    Endpoint(
        "/api/notify/meeting/bluesheet",
        ("Recording Manager", "Secretariat"),
        "Upload a session's bluesheet",
    ),
    Endpoint("/api/notify/session/attendees", _RECMAN, "Report a session's attendees"),
    Endpoint("/api/notify/session/chatlog", _RECMAN, "Upload a session's chat log"),
    Endpoint("/api/notify/session/polls", _RECMAN, "Upload a session's poll results"),
    Endpoint("/api/appauth/authortools", (), "Authenticate to the author tools"),
    Endpoint("/api/appauth/bibxml", (), "Authenticate to the bibxml service"),
)

_BY_PATH = {entry.path: entry for entry in ENDPOINTS}


def endpoint(path: str) -> Endpoint:
    """The entry for ``path``; ``KeyError`` names the table when there is none."""
    try:
        return _BY_PATH[path]
    except KeyError:
        raise KeyError(f"{path!r} is not in dtapi.accounts.endpoints.ENDPOINTS") from None


def label(entry: Endpoint) -> str:
    """How the key pages show an endpoint: its path (what a key is bound to), then what it does."""
    return f"{entry.path} ({entry.description})"


# -- application tokens (X-Api-Key) -------------------------------------------------------------


@dataclass(frozen=True)
class TokenEndpoint:
    """An endpoint for services, authenticated by an application token in ``X-Api-Key``.

    ``name`` is the original Datatracker's endpoint name, so that tokens configured for it
    (``APP_API_TOKENS``) carry over unchanged.
    """

    name: str
    path: str
    description: str


TOKEN_ENDPOINTS: tuple[TokenEndpoint, ...] = (
    TokenEndpoint("ietf.api.views.draft_aliases", "/api/doc/draft-aliases/", "Draft aliases"),
    TokenEndpoint("ietf.api.views.group_aliases", "/api/group/group-aliases/", "Group aliases"),
    TokenEndpoint(
        "ietf.api.views.role_holder_addresses",
        "/api/group/role-holder-addresses/",
        "Addresses of role holders",
    ),
    TokenEndpoint(
        "ietf.api.views.active_email_list", "/api/person/email/", "Active e-mail addresses"
    ),
    TokenEndpoint("ietf.api.views.ingest_email", "/api/email/", "Mail ingestion"),
    TokenEndpoint(
        "ietf.api.views.ingest_email_test", "/api/email/test/", "Mail ingestion (validate only)"
    ),
    TokenEndpoint("ietf.api.views.directauth", "/api/directauth", "Password check"),
)

_TOKEN_BY_NAME = {entry.name: entry for entry in TOKEN_ENDPOINTS}
_TOKEN_BY_PATH = {entry.path: entry for entry in TOKEN_ENDPOINTS}


def token_endpoint(name_or_path: str) -> TokenEndpoint:
    """The entry named ``name_or_path`` (or at that path); ``KeyError`` if none."""
    found = _TOKEN_BY_NAME.get(name_or_path) or _TOKEN_BY_PATH.get(name_or_path)
    if found is None:
        raise KeyError(f"{name_or_path!r} is not in dtapi.accounts.endpoints.TOKEN_ENDPOINTS")
    return found
