"""System checks of the accounts app: the endpoint table, the URLconf and the views agree."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path, re_path

from dtapi.accounts import checks, endpoints
from dtapi.accounts.decorators import require_api_key
from dtapi.accounts.endpoints import Endpoint


def test_key_endpoint_roles_are_known(monkeypatch):
    assert checks.key_endpoint_roles_are_known() == []
    monkeypatch.setattr(
        endpoints, "ENDPOINTS", (Endpoint("/api/x", ("Nobody In Particular",), "x"),)
    )
    [error] = checks.key_endpoint_roles_are_known()
    assert error.id == "dtapi.accounts.E001"


def test_the_table_and_the_urlconf_agree():
    assert checks.key_endpoints_agree() == []


@require_api_key("/api/appauth/bibxml")
def _bibxml_view(request):  # protected for bibxml, routed below at authortools
    return HttpResponse()


def _open_view(request):
    return HttpResponse()


# A URLconf with every kind of disagreement: authortools reaches a view protected for
# bibxml (E003), bibxml's view is routed where its path does not reach it (E004), and
# iesg/position reaches an unprotected view (E003); the other entries are not routed (E002).
urlpatterns = [
    path("api/appauth/authortools", _bibxml_view),
    re_path(r"^api/iesg/position", _open_view),
]


def test_disagreements_are_errors(settings):
    settings.ROOT_URLCONF = __name__
    found = {(e.id, e.msg.split()[3]) for e in checks.key_endpoints_agree()}
    assert ("dtapi.accounts.E003", "/api/appauth/authortools") in found
    assert ("dtapi.accounts.E003", "/api/iesg/position") in found
    assert ("dtapi.accounts.E002", "/api/notify/session/polls") in found
    assert any(error_id == "dtapi.accounts.E004" for error_id, _ in found)
    assert len([e for e in found if e[0] == "dtapi.accounts.E002"]) == len(endpoints.ENDPOINTS) - 2


def test_a_path_outside_the_table_cannot_be_protected():
    import pytest

    with pytest.raises(KeyError, match="ENDPOINTS"):
        require_api_key("/api/not/listed")


def test_token_endpoints_agree(settings):
    assert checks.token_endpoints_agree() == []
    settings.ROOT_URLCONF = __name__  # routes none of them
    found = [e.msg.split()[2] for e in checks.token_endpoints_agree()]
    assert found == sorted(e.path for e in endpoints.TOKEN_ENDPOINTS)
    assert {e.id for e in checks.token_endpoints_agree()} == {"dtapi.accounts.E005"}
