"""Bookkeeping tables of the utils app: database dump info and external tool versions."""

from django.db import models

from dtapi.utils.fields import ModificationTimeField


class DumpInfo(models.Model):
    """When and where the database dump this instance was loaded from was made."""

    date = models.DateTimeField()
    host = models.CharField(max_length=128)
    tz = models.CharField(max_length=32, default="UTC")

    def __str__(self) -> str:
        return f"{self.host} {self.date:%Y-%m-%d %H:%M} {self.tz}"


class VersionInfo(models.Model):
    """Version string reported by an external tool (xml2rfc, pyang, ...)."""

    time = ModificationTimeField()
    command = models.CharField(max_length=32)
    switch = models.CharField(max_length=16)
    version = models.CharField(max_length=64)
    used = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "VersionInfo"

    def __str__(self) -> str:
        return f"{self.command} {self.switch}: {self.version}"
