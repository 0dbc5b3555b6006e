"""The migrations match the models, and a fresh database holds the built-in vocabulary."""

from io import StringIO

import pytest
from django.core.management import call_command

from dtapi.doc.models import BallotType, State, StateType
from dtapi.name.models import BallotPositionName, DocTypeName


@pytest.mark.django_db
def test_migrations_match_models() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


@pytest.mark.django_db
def test_fresh_database_has_vocabulary() -> None:
    assert StateType.objects.count() == 34
    assert State.objects.count() == 178
    assert State.objects.filter(type="draft-iesg").count() == 18
    assert State.objects.get(pk=7).slug == "pub"
    assert State.objects.get(pk=177).type_id == "rfc"
    assert BallotType.objects.count() == 8
    assert set(BallotType.objects.get(pk=4).positions.values_list("slug", flat=True)) == {
        "yes",
        "noobj",
        "discuss",
        "abstain",
        "recuse",
        "norecord",
    }
    assert BallotPositionName.objects.get(slug="discuss").blocking
    assert {"rfc", "bcp", "std", "fyi", "draft"} <= set(
        DocTypeName.objects.values_list("slug", flat=True)
    )
