"""Statistics helpers: country and affiliation aliases, and legacy meeting registrations."""

from django.db import models


class AffiliationAlias(models.Model):
    """Treat ``alias`` as ``name`` for statistics (matched case-insensitively)."""

    alias = models.CharField(
        max_length=255,
        unique=True,
        help_text="Matched case-insensitively, before and after some clean-up.",
    )
    name = models.CharField(max_length=255)

    class Meta:
        verbose_name_plural = "affiliation aliases"

    def __str__(self) -> str:
        return f"{self.alias} -> {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.alias = self.alias.lower()
        super().save(*args, **kwargs)


class AffiliationIgnoredEnding(models.Model):
    """A regular expression for an ending to strip from affiliations (e.g. 'Inc\\.?')."""

    ending = models.CharField(max_length=255, help_text="Regexp with the ending; escape dots.")

    def __str__(self) -> str:
        return self.ending


class CountryAlias(models.Model):
    """Treat ``alias`` as the country: lower-case aliases match case-insensitively,
    others case-sensitively."""

    alias = models.CharField(max_length=255)
    country = models.ForeignKey("name.CountryName", on_delete=models.CASCADE)

    class Meta:
        verbose_name_plural = "country aliases"

    def __str__(self) -> str:
        return f"{self.alias} -> {self.country_id}"


class MeetingRegistration(models.Model):
    """Registration record from the registration system (before meeting.Registration)."""

    meeting = models.ForeignKey("meeting.Meeting", on_delete=models.CASCADE)
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    affiliation = models.CharField(max_length=255, blank=True)
    country_code = models.CharField(max_length=2)  # ISO 3166
    person = models.ForeignKey("person.Person", on_delete=models.CASCADE, null=True, blank=True)
    email = models.EmailField(null=True, blank=True)
    reg_type = models.CharField(max_length=255, blank=True)
    ticket_type = models.CharField(max_length=255, blank=True)
    attended = models.BooleanField(default=False)
    checkedin = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
