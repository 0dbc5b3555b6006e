"""The periodic mail telling each key owner how their keys were used."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from dtapi.accounts.apikeys import key_string
from dtapi.person.models import PersonalApiKey, PersonApiKeyEvent

__all__ = ["MAX_TIMES_LISTED", "send_usage_emails"]

MAX_TIMES_LISTED = 32


def send_usage_emails(days: int = 7) -> int:
    """Mail the owner of every valid key used in the last ``days`` days a usage summary.

    One mail per key, listing how often it was used and (up to 32) when. Owners without an
    address are skipped. Returns the number of mails sent.
    """
    since = timezone.now() - datetime.timedelta(days=days)
    keys = PersonalApiKey.objects.filter(valid=True, latest__gte=since).select_related("person")
    sent = 0
    for key in keys:
        address = key.person.email_address()
        if not address:
            continue
        uses = PersonApiKeyEvent.objects.filter(key=key, time__gte=since).order_by("-time")
        count = uses.count()
        if not count:
            continue
        times = [event.time for event in uses[:MAX_TIMES_LISTED]]
        prefix = key_string(key)[:8]
        body = render_to_string(
            "accounts/apikey_usage_mail.txt",
            {"key": key, "prefix": prefix, "days": days, "count": count, "times": times},
        )
        subject = f"API key usage for key '{prefix}' for the last {days} days"
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
        sent += 1
    return sent
