"""Finding (or recording) the people a submission names: its submitter and its authors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from dtapi.person.models import Alias, Email, Person

SYSTEM_NAME = "(System)"


def system_person() -> Person:
    person = Person.objects.filter(name=SYSTEM_NAME).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=SYSTEM_NAME, ascii=SYSTEM_NAME)
        Alias.objects.get_or_create(person=person, name=SYSTEM_NAME)
    return person


def is_valid_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def find_person(name: str, email: str | None) -> Person | None:
    """The person with this address (if exactly one), else one known by this name."""
    if email and is_valid_email(email):
        people = list(Person.objects.filter(email__address__iexact=email).distinct()[:2])
        if len(people) == 1:
            return people[0]
    if name:
        by_alias = Person.objects.filter(alias__name=name).order_by("pk").first()
        if by_alias is not None:
            return by_alias
    return None


def ensure_person(name: str, address: str, docname: str) -> tuple[Person, Email | None]:
    """The author's person and address, recording either when new (as the original)."""
    person = find_person(name, address)
    if person is None:
        person = Person.objects.create(name=name, ascii=name, name_from_draft=name)
    elif person.name_from_draft != name:
        Person.objects.filter(pk=person.pk).update(name_from_draft=name)
    if not address:
        return person, None
    address = address.lower()
    email = Email.objects.filter(address__iexact=address).first()
    if email is None:
        email = Email.objects.create(
            address=address,
            person=person,
            origin=f"author: {docname}",
            time=timezone.now(),
            active=True,
        )
    elif email.person_id in (None, person.pk):
        email.person = person
        email.origin = f"author: {docname}"
        email.save(update_fields=["person", "origin"])
    return person, email


def person_emails(person: Person) -> set[str]:
    return {
        a.lower() for a in person.email_set.filter(active=True).values_list("address", flat=True)
    }
