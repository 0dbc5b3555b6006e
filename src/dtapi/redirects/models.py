"""Redirects from legacy CGI script URLs to current URLs."""

from django.db import models


class Redirect(models.Model):
    """Maps a CGI script name to a URL.

    ``rest`` is a %-format string filled from the request parameters and appended to ``url``;
    ``remove`` is stripped from the end of the result. A request with a ``command`` parameter
    may use a more specific Command row instead.
    """

    cgi = models.CharField(max_length=50, unique=True, blank=True)
    url = models.CharField(max_length=255)
    rest = models.CharField(max_length=100, blank=True)
    remove = models.CharField(max_length=50, blank=True)

    def __str__(self):
        return f"{self.cgi} -> {self.url}/{self.rest}"


class Suffix(models.Model):
    """A ``rest``/``remove`` pair (see Redirect) used for requests with a command."""

    rest = models.CharField(max_length=100, blank=True)
    remove = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "Suffixes"

    def __str__(self):
        return f"-> {self.rest} - {self.remove}"


class Command(models.Model):
    """Overrides a Redirect for one value of the request's ``command`` parameter."""

    command = models.CharField(max_length=50)
    url = models.CharField(max_length=50, blank=True)
    script = models.ForeignKey(
        Redirect, on_delete=models.CASCADE, related_name="commands", editable=False
    )
    suffix = models.ForeignKey(Suffix, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        unique_together = [("script", "command")]

    def __str__(self):
        return f"{self.script.cgi}?command={self.command}"
