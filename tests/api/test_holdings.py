"""The ``/api/`` page says what this instance holds and where its data came from."""

from __future__ import annotations

import datetime
import re

import pytest

from dtapi.api import holdings
from tests import factories as f

pytestmark = pytest.mark.django_db


def counts(client) -> dict[str, str]:
    return dict(re.findall(r'data-kind="([^"]+)">(\d+)<', client.get("/api/").content.decode()))


def test_counts_follow_the_database(client):
    before = counts(client)
    f.draft()
    f.document("rfc9999", type_id="rfc", rfc_number=9999)
    f.meeting("200")
    after = counts(client)
    assert int(after["documents"]) == int(before["documents"]) + 2
    assert int(after["RFCs"]) == int(before["RFCs"]) + 1
    assert int(after["Internet-Drafts"]) == int(before["Internet-Drafts"]) + 1
    assert int(after["meetings"]) == int(before["meetings"]) + 1
    assert int(after["groups"]) == int(before["groups"]) + 1  # the draft's group
    assert int(after["people"]) == int(before["people"]) + 1  # the meeting schedule's owner


def test_each_count_links_its_list(client):
    page = client.get("/api/").content.decode()
    for url in (
        "/api/v1/doc/document/?type=rfc",
        "/api/v1/person/person/",
        "/api/v1/meeting/meeting/",
    ):
        assert f'<a href="{url}">' in page
        assert client.get(url).status_code == 200


def test_the_newest_load_is_unknown_before_any_load(client):
    assert holdings.newest_load() is None
    page = client.get("/api/").content.decode()
    assert re.search(r'<p id="newest-load">Newest data load: unknown\.</p>', page)


def test_the_newest_recorded_load_is_named_with_its_time(client):
    from dtapi.loaders.models import DataLoad

    for day, source in ((1, "shared-data /srv/shared/data"), (3, "rfc-json /srv/new.jsonl")):
        DataLoad.objects.create(
            source=source, time=datetime.datetime(2025, 3, day, 12, 30, tzinfo=datetime.UTC)
        )
    assert holdings.newest_load() == holdings.NewestLoad(
        "rfc-json /srv/new.jsonl", datetime.datetime(2025, 3, 3, 12, 30, tzinfo=datetime.UTC)
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get("/api/").content.decode()))
    assert "Newest data load: rfc-json /srv/new.jsonl, finished 2025-03-03 12:30 UTC." in text


def test_a_load_command_is_recorded(client, tmp_path, settings):
    import io
    import json

    from django.core.management import call_command

    from dtapi.loaders.models import DataLoad
    from dtapi.name.vocabulary import install_vocabulary

    install_vocabulary()
    groups = tmp_path / "groups.yaml"
    groups.write_text("groups:\n- abbreviation: quic\n  type: wg\n  status: active\n")
    call_command("load", "groups", str(groups), stdout=io.StringIO())
    load = DataLoad.objects.get()
    assert load.source == f"groups {groups.resolve()}"
    assert load.counts["group.group (created)"] == 1 and len(load.fingerprint) == 64
    version = json.loads(client.get("/api/version").content)
    assert version["dumptime"] == load.time.strftime("%Y-%m-%d %H:%M:%S +0000")
