"""People, their email addresses, name aliases, personal API keys and person events."""

from __future__ import annotations

import email.utils
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dtapi.person.names import initials, name_parts, plain_name


def validate_name_characters(value: str) -> None:
    """Names may not contain '@', ':' or '/' (they would be confused with addresses and URLs)."""
    found = sorted(set("@:/") & set(value))
    if found:
        raise ValidationError(f"This name cannot contain the characters {', '.join(found)}")


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    time = models.DateTimeField(default=timezone.now, help_text="When this person was recorded")
    name = models.CharField(
        "Full Name (Unicode)",
        max_length=255,
        db_index=True,
        help_text="Preferred long form of name.",
        validators=[validate_name_characters],
    )
    plain = models.CharField(
        "Plain Name correction (Unicode)",
        max_length=64,
        default="",
        blank=True,
        help_text="Use only when the plain name derived from the full name is wrong.",
        validators=[validate_name_characters],
    )
    ascii = models.CharField(
        "Full Name (ASCII)",
        max_length=255,
        help_text="Name in ASCII (Latin, unaccented) characters.",
        validators=[validate_name_characters],
    )
    ascii_short = models.CharField(
        "Abbreviated Name (ASCII)",
        max_length=32,
        null=True,
        blank=True,
        help_text="Initials and surname, when the derived form is wrong.",
        validators=[validate_name_characters],
    )
    pronouns_selectable = models.JSONField(
        "Pronouns",
        null=True,
        blank=True,
        default=list,
        help_text="List of selected pronoun forms.",
    )
    pronouns_freetext = models.CharField(
        "Pronouns (free text)", max_length=30, null=True, blank=True
    )
    biography = models.TextField(blank=True, help_text="Short biography (plain text or reST).")
    # FileField stores the same varchar path as the reference ImageField, without Pillow.
    photo = models.FileField(upload_to="photo", max_length=100, blank=True, default="")
    photo_thumb = models.FileField(upload_to="photo", max_length=100, blank=True, default="")
    name_from_draft = models.CharField(
        "Full Name (from submission)",
        max_length=255,
        null=True,
        editable=False,
        help_text="Name as found in an Internet-Draft submission.",
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.plain_name()

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.ensure_aliases()

    def ensure_aliases(self) -> None:
        """Make sure the name and the ASCII name are both findable as aliases."""
        wanted = {self.name}
        if self.ascii:
            wanted.add(self.ascii)
        existing = set(self.alias_set.filter(name__in=wanted).values_list("name", flat=True))
        for missing in sorted(wanted - existing):
            self.alias_set.create(name=missing)

    # --- name forms ---------------------------------------------------------------------------

    def name_parts(self):
        return name_parts(self.name)

    def ascii_parts(self):
        return name_parts(self.ascii)

    def plain_name(self) -> str:
        return self.plain or plain_name(self.name)

    def plain_ascii(self) -> str:
        return plain_name(self.ascii or self.name)

    def ascii_name(self) -> str:
        return self.ascii or self.plain_name()

    def short(self) -> str:
        """Abbreviated ASCII name such as 'J. Berg'."""
        if self.ascii_short:
            return self.ascii_short
        parts = self.ascii_parts()
        first = f"{parts.first[0]}." if parts.first else ""
        return " ".join(p for p in (first + parts.middle, parts.last, parts.suffix) if p)

    def initials(self) -> str:
        return initials(self.ascii or self.name)

    def first_name(self) -> str:
        return self.name_parts().first

    def last_name(self) -> str:
        return self.name_parts().last

    def pronouns(self) -> str | None:
        if self.pronouns_selectable:
            return ", ".join(self.pronouns_selectable)
        return self.pronouns_freetext

    # --- email helpers ------------------------------------------------------------------------

    def email(self) -> Email | None:
        """The primary address, else the newest active one."""
        found = self.email_set.filter(primary=True).first()
        return found or self.email_set.filter(active=True).order_by("-time").first()

    def email_address(self) -> str:
        found = self.email()
        return found.address if found else ""

    def _best_email(self) -> Email | None:
        found = self.email_set.filter(primary=True).first()
        if found is None or not found.active:
            found = self.email_set.order_by("-active", "-time").first()
        return found

    def formatted_email(self) -> str:
        """'Name <address>' with the best address, or '' when the person has none."""
        found = self._best_email()
        return found.formatted_email() if found else ""

    def formatted_ascii_email(self) -> str:
        found = self._best_email()
        return found.formatted_ascii_email() if found else ""

    def role_email(self, role_name, group=None) -> Email | None:
        """Address used for a role, optionally in one group (object or acronym).

        Without a group, roles in active groups count. Falls back to the person's best address.
        """
        roles = Email.objects.filter(person=self, role__name=role_name)
        if group is None:
            roles = roles.filter(role__group__state="active")
        elif isinstance(group, str):
            roles = roles.filter(role__group__acronym=group)
        else:
            roles = roles.filter(role__group=group)
        found = roles.first()
        return found or self.email_set.order_by("-active", "-time").first()


class PersonExtResource(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    name = models.ForeignKey("name.ExtResourceName", on_delete=models.CASCADE)
    display_name = models.CharField(max_length=255, default="", blank=True)
    value = models.CharField(max_length=2083)  # the longest URL browsers accept

    def __str__(self) -> str:
        return f"{self.display_name or self.name_id} ({self.name_id}) {self.value}"


class Alias(models.Model):
    """Another form of a person's name; the lookup point for names."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    name = models.CharField(max_length=255, db_index=True)

    class Meta:
        verbose_name_plural = "Aliases"

    def __str__(self) -> str:
        return self.name


class Email(models.Model):
    # Case-insensitive (CICharField) in the reference on PostgreSQL; a plain CharField here.
    address = models.CharField(max_length=64, primary_key=True, validators=[validate_email])
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True)
    time = models.DateTimeField(default=timezone.now)
    primary = models.BooleanField(default=False)
    origin = models.CharField(
        max_length=150,
        help_text="Where the address came from: the user's email address, "
        "'author: DRAFTNAME' or 'role: GROUP/ROLE'.",
    )
    # Old addresses are kept (inactive): history points to persons through them.
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address

    def get_name(self) -> str:
        return self.person.plain_name() if self.person else self.address

    def name_and_email(self) -> str:
        """Display form 'Name <address>' (not header-encoded)."""
        if self.person:
            return f"{self.person.plain_name()} <{self.address}>"
        return f"<{self.address}>"

    def formatted_email(self) -> str:
        """Header-ready 'Name <address>' (RFC 2047 encoded where needed)."""
        if self.person:
            return email.utils.formataddr((self.person.plain_name(), self.address))
        return self.address

    def formatted_ascii_email(self) -> str:
        if self.person:
            return email.utils.formataddr((self.person.plain_ascii(), self.address))
        return self.address

    def email_address(self) -> str | None:
        """This address when active, else the person's current one."""
        if self.active:
            return self.address
        return self.person.email_address() if self.person else None


# The history models django-simple-history generates (person_historicalperson, ...), by name.
HistoricalPerson = Person.history.model
HistoricalEmail = Email.history.model


# --- personal API keys ------------------------------------------------------------------------


def new_api_key_salt() -> bytes:
    return secrets.token_bytes(12)


class PersonalApiKey(models.Model):
    """A key a person created for one endpoint; the key string is derived (see accounts)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="apikeys")
    # The exact path the key is valid for; which paths exist is dtapi.accounts.endpoints' to
    # say (checked when a key is created), so the table can grow without a migration.
    endpoint = models.CharField(max_length=128)
    created = models.DateTimeField(default=timezone.now)
    valid = models.BooleanField(default=True)
    salt = models.BinaryField(max_length=12, default=new_api_key_salt)
    count = models.IntegerField(default=0)
    latest = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.person_id} {self.endpoint} ({self.count})"


PERSON_EVENT_CHOICES = [
    ("apikey_login", "API key login"),
    ("email_address_deactivated", "Email address deactivated"),
]


class PersonEvent(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    time = models.DateTimeField(default=timezone.now, help_text="When the event happened")
    type = models.CharField(max_length=50, choices=PERSON_EVENT_CHOICES)
    desc = models.TextField()

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["-time", "-id"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_type_display().lower()} at {self.time}"


class PersonApiKeyEvent(PersonEvent):
    key = models.ForeignKey(PersonalApiKey, on_delete=models.CASCADE)
