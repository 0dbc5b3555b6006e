"""Which recipients get which automatic email: triggers and the recipient rules they use."""

from django.db import models


class MailTrigger(models.Model):
    slug = models.CharField(max_length=64, primary_key=True)
    desc = models.TextField(blank=True)
    to = models.ManyToManyField("mailtrigger.Recipient", blank=True, related_name="used_in_to")
    cc = models.ManyToManyField("mailtrigger.Recipient", blank=True, related_name="used_in_cc")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Recipient(models.Model):
    """A named rule for gathering addresses; ``template`` renders to a list of addresses."""

    slug = models.CharField(max_length=32, primary_key=True)
    desc = models.TextField(blank=True)
    template = models.TextField(null=True, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
