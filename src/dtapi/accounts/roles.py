"""Role definitions (``Area Director``, ``Recording Manager``, ...) and the checks using them.

A role name stands for a set of ``group.Role`` rows: a role slug in some kind of group. The
definitions follow the original Datatracker's ``has_role`` for the roles its APIs use.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string

from dtapi.accounts.errors import restricted_to

__all__ = ["ROLES", "has_role", "role_refusal"]

_ACTIVE = ("active",)

# Role name -> the Role rows (person aside) that grant it.
ROLES: dict[str, Q] = {
    "Area Director": Q(name__in=("ad", "pre-ad"), group__type="area", group__state__in=_ACTIVE),
    "Recording Manager": Q(name="recman", group__type="ietf", group__state__in=_ACTIVE),
    "Secretariat": Q(name="secr", group__acronym="secretariat"),
    "Robot": Q(name="robot", group__acronym="secretariat"),
    "IANA": Q(name="auth", group__acronym="iana"),
    "RFC Editor": Q(name="auth", group__acronym="rpc"),
    "IETF Chair": Q(name="chair", group__acronym="ietf"),
    "IRTF Chair": Q(name="chair", group__acronym="irtf"),
    "IAB Chair": Q(name="chair", group__acronym="iab"),
    "WG Chair": Q(name="chair", group__type="wg", group__state__in=("active", "bof", "proposed")),
    "RG Chair": Q(name="chair", group__type="rg", group__state__in=("active", "proposed")),
}


def _person_of(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "person", None)


def has_role(user: Any, *role_names: str) -> bool:
    """Whether ``user`` (an auth user) holds at least one of the named roles.

    Anonymous users and users without a person hold none. Unknown role names raise
    ``KeyError``. Results are remembered on the user object for the rest of the request.
    """
    person = _person_of(user)
    if person is None:
        return False
    from dtapi.group.models import Role

    cache: dict[str, bool] | None = getattr(user, "_dtapi_roles", None)
    if cache is None:
        cache = {}
        user._dtapi_roles = cache
    for name in role_names:
        if name not in cache:
            cache[name] = Role.objects.filter(ROLES[name], person=person).exists()
        if cache[name]:
            return True
    return False


def role_refusal(request: HttpRequest, role_names: tuple[str, ...]) -> HttpResponse:
    """The 403 page saying "Restricted to role: <name>" (or "roles: <a>, <b>")."""
    message = restricted_to(role_names)
    page = render_to_string("accounts/role_denied.html", {"message": message}, request=request)
    return HttpResponseForbidden(page)
