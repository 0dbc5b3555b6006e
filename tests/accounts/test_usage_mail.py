"""The weekly API key usage mail (the original's ``test_send_apikey_report``)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from tests import factories as f
from tests.clock import pinned_clock

pytestmark = pytest.mark.django_db


@pinned_clock()  # the mail names the day of each use: no midnight between use and report
def test_send_apikey_report(client):
    robot = f.secretariat_robot()
    f.role(robot, "ad", f.group(type_id="area"))
    f.role(robot, "recman", f.group_named("ietf", type_id="ietf"))
    endpoints = [
        "/api/iesg/position",
        "/api/meeting/session/video/url",
        "/api/meeting/session/recording-name",
    ]
    keys = [f.api_key(robot, endpoint) for endpoint in endpoints]
    unused = f.api_key(robot, endpoints[0])
    for key in keys:
        for _ in range(2):
            client.post(key.endpoint, {"apikey": key_string(key)})
    out = io.StringIO()
    call_command("send_apikey_usage_emails", stdout=out)
    assert "Sent 3" in out.getvalue()
    assert len(mail.outbox) == len(keys)
    today = timezone.now().strftime("%Y-%m-%d")
    by_prefix = {key_string(key)[:8]: key for key in keys}
    for message in mail.outbox:
        assert "API key usage" in message.subject
        prefix = message.subject.split("'")[1]
        key = by_prefix.pop(prefix)
        assert " 2 times" in message.body
        assert today in message.body
        assert key.endpoint in message.body
        assert message.to == [robot.email_address()]
        assert key_string(key) not in message.body
    assert by_prefix == {}
    assert key_string(unused)[:8] not in "".join(m.subject for m in mail.outbox)


def test_old_use_is_not_reported(client):
    ad = f.area_director()
    key = f.api_key(ad, "/api/iesg/position")
    client.post(key.endpoint, {"apikey": key_string(key)})
    key.refresh_from_db()
    key.latest = timezone.now() - datetime.timedelta(days=8)
    key.save()
    call_command("send_apikey_usage_emails", stdout=io.StringIO())
    assert mail.outbox == []
