"""The change feed's log: one row per created, updated or deleted object, in commit order.

Rows are written by database triggers (``triggers.py``) in the same transaction as the change,
whatever made it: the write APIs, the admin, the loaders' bulk inserts, raw SQL, the mirror.
"""

from django.db import models


class Change(models.Model):
    id = models.BigAutoField(primary_key=True)
    time = models.DateTimeField()
    table = models.CharField(max_length=100)  # the database table of the object's model
    obj_pk = models.CharField(max_length=255)
    obj_key = models.CharField(max_length=255, null=True)  # the detail key of its URI
    action = models.CharField(max_length=8)  # created | updated | deleted

    class Meta:
        indexes = [models.Index(fields=["time"], name="changes_change_time_idx")]


class Retention(models.Model):
    """One row: the highest change id dropped by retention (a cursor below it is gone)."""

    pruned_through = models.BigIntegerField(default=0)
