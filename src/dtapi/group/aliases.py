"""Mail aliases of groups (``<acronym>-chairs``, ``<acronym>-ads``) and role holders' addresses,
for the mail system (``/api/group/group-aliases/``, ``/api/group/role-holder-addresses/``).

An alias is ``{"alias": <local part>, "domains": [...], "addresses": [...]}``; the mail system
serves it at ``<alias>@<domain>.org``. Groups that are active (or BoFs, proposed groups) get
aliases; research groups live under ``irtf``, IAB programs under ``iab``, the rest ``ietf``.
"""

from __future__ import annotations

from collections import defaultdict

from dtapi.group.models import Group, Role
from dtapi.person.models import Email

__all__ = ["alias", "group_aliases", "role_holder_addresses"]

_LIVE_STATES = ("active", "bof", "proposed")
_ALIASED_TYPES = ("wg", "rg", "ag", "rag", "area", "program", "dir", "review", "team", "iabasg")
_DOMAINS = {"rg": ["irtf"], "rag": ["irtf"], "program": ["iab"], "iabasg": ["iab"]}


def alias(local_part: str, domains: list[str], addresses: set[str]) -> dict:
    return {"alias": local_part, "domains": domains, "addresses": sorted(addresses)}


def group_aliases() -> list[dict]:
    """``-ads`` (the group's ADs, else its area's) and ``-chairs`` of every live group."""
    groups = list(
        Group.objects.filter(state__in=_LIVE_STATES, type__in=_ALIASED_TYPES).order_by("acronym")
    )
    holders: dict[tuple[int, str], set[str]] = defaultdict(set)
    roles = Role.objects.filter(name__in=("ad", "chair"), group__state__in=_LIVE_STATES)
    for group_id, name, address in roles.values_list("group_id", "name_id", "email_id"):
        holders[(group_id, name)].add(address)
    out = []
    for group in groups:
        domains = _DOMAINS.get(group.type_id, ["ietf"])
        ads = holders.get((group.pk, "ad")) or holders.get((group.parent_id, "ad"), set())
        if ads:
            out.append(alias(f"{group.acronym}-ads", domains, ads))
        chairs = holders.get((group.pk, "chair"), set())
        if chairs:
            out.append(alias(f"{group.acronym}-chairs", domains, chairs))
    return out


def role_holder_addresses() -> list[str]:
    """Every address used for a role, sorted."""
    return sorted(set(Email.objects.filter(role__isnull=False).values_list("address", flat=True)))
