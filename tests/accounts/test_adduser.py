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
        "--password-stdin",
    )
    assert "Created group 'ops' (area)" in out
    assert "Created user 'ad1'" in out
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
    assert [e for e, _ in endpoints_for(user)] == ["/api/iesg/position"]
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
