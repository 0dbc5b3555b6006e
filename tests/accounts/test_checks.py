"""System checks of the accounts app."""

from __future__ import annotations

from dtapi.accounts import checks


def test_key_endpoint_roles_are_known(monkeypatch):
    assert checks.key_endpoint_roles_are_known() == []
    monkeypatch.setattr(
        checks, "PERSON_API_KEY_VALUES", [("/api/x", "/api/x", "Nobody In Particular")]
    )
    [error] = checks.key_endpoint_roles_are_known()
    assert error.id == "dtapi.accounts.E001"
