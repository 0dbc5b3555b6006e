"""``dtapi adduser`` and password changes."""

from __future__ import annotations

import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from dtapi.accounts.apikeys import endpoints_for
from dtapi.group.models import Group, Role
from dtapi.person.models import Person
from tests import factories as f

APPAUTH = ["/api/appauth/authortools", "/api/appauth/bibxml"]

pytestmark = pytest.mark.django_db


def adduser(*args: str, stdin: str = "s3cret-pass\n") -> str:
    out = io.StringIO()
    with mock.patch("sys.stdin", io.StringIO(stdin)):
        call_command("adduser", *args, stdout=out)
    return out.getvalue()


def test_area_director(client):
    out = adduser(
        "--username",
        "ad1",
        "--name",
        "Åsa Director",
        "--email",
        "ad1@example.org",
        "--role",
        "ad:ops",
        "--create-group",
        "--password-stdin",
    )
    assert "Created group 'ops' (area)" in out
    assert "Created user 'ad1'" in out
    assert (
        "API keys it may create: /api/appauth/authortools, /api/appauth/bibxml, "
        "/api/iesg/position" in out
    )
    user = get_user_model().objects.get(username="ad1")
    assert user.check_password("s3cret-pass")
    assert user.last_login is None
    person = Person.objects.get(user=user)
    assert person.name == "Åsa Director"
    assert person.ascii == "Asa Director"
    assert person.email_address() == "ad1@example.org"
    role = Role.objects.get(person=person)
    assert (role.name_id, role.group.acronym, role.group.type_id, role.group.state_id) == (
        "ad",
        "ops",
        "area",
        "active",
    )
    assert role.email_id == "ad1@example.org"
    assert [e for e, _ in endpoints_for(user)] == [*APPAUTH, "/api/iesg/position"]
    assert client.login(username="ad1", password="s3cret-pass")


def test_existing_groups_are_used_and_several_roles_given():
    ietf = f.group_named("ietf", type_id="ietf")
    area = f.group("sec", type_id="area")
    adduser(
        "--username",
        "x",
        "--name",
        "X Y",
        "--email",
        "x@example.org",
        "--role",
        "ad:sec",
        "--role",
        "recman:ietf",
        "--no-password",
    )
    person = Person.objects.get(user__username="x")
    assert {(r.name_id, r.group_id) for r in person.role_set.all()} == {
        ("ad", area.pk),
        ("recman", ietf.pk),
    }
    assert not person.user.has_usable_password()
    assert Group.objects.filter(acronym__in=["ietf", "sec"]).count() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "ad"], "not of the form ROLE:GROUP"),
        (["--role", "nosuchrole:ops"], "No role 'nosuchrole'"),
        (["--role", "chair:nosuchwg"], "No group 'nosuchwg'"),
        (["--role", "ad:nosuchgroup"], "No group 'nosuchgroup'.*add --create-group"),
        (["--role", "recman:nosuchgroup"], "No group 'nosuchgroup'.*add --create-group"),
        (["--email", "not-an-address"], "valid email"),
        (["--name", "a/b"], "cannot contain"),
    ],
)
def test_errors(args, message):
    base = {"--username": "u", "--name": "U V", "--email": "u@example.org"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [item for pair in base.items() for item in pair]
    with pytest.raises(CommandError, match=message):
        adduser(*argv, "--no-password")
    assert not get_user_model().objects.filter(username="u").exists()


def test_taken_username_and_address():
    f.user_person("taken")
    with pytest.raises(CommandError, match="already exists"):
        adduser("--username", "taken", "--name", "T", "--email", "t@example.org", "--no-password")
    with pytest.raises(CommandError, match="already belongs"):
        adduser("--username", "new", "--name", "T", "--email", "taken@example.org", "--no-password")


def test_short_password_is_refused():
    with pytest.raises(CommandError, match="too short"):
        adduser(
            "--username",
            "p",
            "--name",
            "P",
            "--email",
            "p@example.org",
            "--password-stdin",
            stdin="short\n",
        )


def test_changepassword_resets_a_password(client, monkeypatch):
    person = f.user_person("carol")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-new-password-1")
    call_command("changepassword", "carol", stdout=io.StringIO())
    assert client.login(username="carol", password="a-new-password-1")
    assert not client.login(username="carol", password=f.password_for("carol"))
    assert person.user.pk


def test_an_unknown_group_is_refused_without_create_group_and_nothing_is_written():
    with pytest.raises(CommandError) as refused:
        adduser(
            "--username", "ad2", "--name", "A D", "--email", "ad2@example.org",
            "--role", "ad:nosuchgroup", "--no-password",
        )  # fmt: skip
    assert str(refused.value) == (
        "No group 'nosuchgroup' (see /api/v1/group/group/?acronym=nosuchgroup); "
        "check the acronym, or add --create-group to create it"
    )
    assert not Group.objects.filter(acronym="nosuchgroup").exists()
    assert not get_user_model().objects.filter(username="ad2").exists()
    assert not Person.objects.filter(name="A D").exists()


def test_create_group_makes_an_area_for_an_ad_and_uses_an_existing_group_as_is():
    out = adduser(
        "--username", "ad3", "--name", "A D", "--email", "ad3@example.org",
        "--role", "ad:newarea", "--create-group", "--no-password",
    )  # fmt: skip
    assert "Created group 'newarea' (area)" in out
    group = Group.objects.get(acronym="newarea")
    assert (group.type_id, group.state_id) == ("area", "active")
    existing = f.group("sec", type_id="area")
    out = adduser(
        "--username", "ad4", "--name", "B D", "--email", "ad4@example.org",
        "--role", "ad:sec", "--create-group", "--no-password",
    )  # fmt: skip
    assert "Created group" not in out
    assert Role.objects.get(person__user__username="ad4").group == existing


def test_create_group_cannot_guess_the_kind_of_group_of_other_roles():
    with pytest.raises(CommandError, match="cannot tell what kind of group a 'chair' role"):
        adduser(
            "--username", "c", "--name", "C", "--email", "c@example.org",
            "--role", "chair:newwg", "--create-group", "--no-password",
        )  # fmt: skip
    assert not Group.objects.filter(acronym="newwg").exists()


def test_the_ietf_and_the_secretariat_are_made_when_missing():
    out = adduser(
        "--username", "rm", "--name", "R M", "--email", "rm@example.org",
        "--role", "recman:ietf", "--no-password",
    )  # fmt: skip
    assert "Created group 'ietf' (ietf)" in out
    keys_line = next(line for line in out.splitlines() if line.startswith("API keys it may"))
    assert "/api/meeting/session/video/url" in keys_line


def test_an_ad_role_outside_an_area_grants_no_ballot_key():
    f.group("mywg", type_id="wg")
    out = adduser(
        "--username", "ch", "--name", "C H", "--email", "ch@example.org",
        "--role", "ad:mywg", "--no-password",
    )  # fmt: skip
    keys_line = next(line for line in out.splitlines() if line.startswith("API keys it may"))
    assert "/api/iesg/position" not in keys_line
