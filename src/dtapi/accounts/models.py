"""Application API tokens: secrets that services send in ``X-Api-Key`` (see ``apptokens``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AppApiToken(models.Model):
    """A token issued to a client (a service), valid for some token endpoints.

    Only a hash of the token is stored: the token itself is shown once, when issued.
    """

    token_hash = models.CharField(max_length=96, unique=True)  # SHA-384, hex
    client = models.CharField(max_length=255, help_text="Who the token was issued to")
    description = models.TextField(blank=True)
    enabled = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"token {self.pk} for {self.client}"


class AppApiTokenEndpoint(models.Model):
    """One endpoint (by its name in ``dtapi.accounts.endpoints.TOKEN_ENDPOINTS``) of a token."""

    token = models.ForeignKey(AppApiToken, on_delete=models.CASCADE, related_name="endpoints")
    endpoint = models.CharField(max_length=255)

    class Meta:
        unique_together = [("token", "endpoint")]

    def __str__(self) -> str:
        return f"{self.token_id}: {self.endpoint}"
