"""Mailing lists, their subscribers, and senders allowed to post without moderation.

List and Subscribed were dropped from the reference in 2024 (replaced by NonWgMailingList),
but 2022-2023 API clients still read them, so both generations are kept.
"""

from django.core.validators import validate_email
from django.db import models


class List(models.Model):
    name = models.CharField(max_length=32)
    description = models.CharField(max_length=256)
    advertised = models.BooleanField(default=True)

    def __str__(self):
        return f"<List: {self.name}>"


class Subscribed(models.Model):
    time = models.DateTimeField(auto_now_add=True)
    email = models.CharField(max_length=128, validators=[validate_email])
    lists = models.ManyToManyField(List)

    class Meta:
        verbose_name_plural = "Subscribed"

    def __str__(self):
        return f"<Subscribed: {self.email} at {self.time}>"


class Allowlisted(models.Model):
    """An address allowed to post to lists without moderation (formerly "Whitelisted")."""

    time = models.DateTimeField(auto_now_add=True)
    email = models.CharField("Email address", max_length=64, validators=[validate_email])
    by = models.ForeignKey("person.Person", on_delete=models.CASCADE)

    class Meta:
        verbose_name_plural = "Allowlisted"

    def __str__(self):
        return f"<Allowlisted: {self.email} at {self.time}>"


class NonWgMailingList(models.Model):
    """A mailing list not tied to a working group, listed on the non-WG lists page."""

    name = models.CharField(max_length=32)
    domain = models.CharField(max_length=32, default="ietf.org")
    description = models.CharField(max_length=256)

    def __str__(self):
        return f"<NonWgMailingList: {self.name}@{self.domain}>"
