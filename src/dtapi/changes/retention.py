"""Dropping feed entries older than the retention (a periodic job of the task worker)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .conf import retention_days
from .models import Change, Retention


def prune(now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    with transaction.atomic():
        last = Change.objects.filter(time__lt=cutoff).aggregate(m=Max("id"))["m"]
        if last is None:
            return 0
        count, _ = Change.objects.filter(id__lte=last).delete()
        state, _ = Retention.objects.get_or_create(pk=1)
        state.pruned_through = max(state.pruned_through, last)
        state.save()
        return count


def pruned_through() -> int:
    state = Retention.objects.filter(pk=1).first()
    return state.pruned_through if state else 0
