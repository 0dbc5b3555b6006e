"""Author strings of RFC records ("J. Iyengar, Ed.") matched to persons, or made into new ones."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.apps import apps

from dtapi.loaders.base import Report
from dtapi.loaders.chunks import BATCH_SIZE
from dtapi.loaders.rfc.records import asciify
from dtapi.person.names import name_parts


def _surname_key(name: str) -> tuple[str, str] | None:
    """(first initial, surname) of "J. Iyengar" or "Jana Iyengar", lower case."""
    parts = name_parts(asciify(name))
    if not parts.first or not parts.last:
        return None
    first = parts.first.strip(".-")
    if not first:
        return None
    return first[0].lower(), parts.last.lower()


def _is_initials_form(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return bool(re.match(r"^([A-Z]\.-?)+[A-Z]?\.?$", first)) or bool(
        re.match(r"^[A-Z]-[A-Z]\.$", first)
    )


class AuthorMatcher:
    """Finds (or creates) the Person for an author string such as "J. Iyengar, Ed."

    In order: a person created earlier from the same string (``name_from_draft``); a person
    with exactly that name or alias; the only existing person with the same first initial
    and surname ("J. Iyengar" -> "Jana Iyengar"); otherwise a new person. A matched person
    gets the string as an alias, so that the next load finds the same person again.
    """

    def __init__(self, using: str, report: Report) -> None:
        self.using = using
        self.report = report
        self.person = apps.get_model("person", "Person")
        self.alias = apps.get_model("person", "Alias")
        self._loaded = False
        self.by_draft_name: dict[str, int] = {}
        self.by_alias: dict[str, set] = defaultdict(set)
        self.by_key: dict[tuple, set] = defaultdict(set)
        self.aliases: set = set()  # (person id, alias)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        persons = self.person._base_manager.using(self.using)
        for pk, name, ascii_name, from_draft in persons.values_list(
            "pk", "name", "ascii", "name_from_draft"
        ):
            if from_draft:
                self.by_draft_name.setdefault(from_draft, pk)
                continue
            for n in {name, ascii_name}:
                key = _surname_key(n) if n else None
                if key:
                    self.by_key[key].add(pk)
        for pk, name in self.alias._base_manager.using(self.using).values_list("person_id", "name"):
            self.by_alias[name].add(pk)
            self.aliases.add((pk, name))

    def resolve(self, names: list[str], when: dict[str, datetime.datetime]) -> dict[str, int]:
        """Person ids for cleaned author strings, creating persons as needed."""
        self._load()
        result: dict[str, int] = {}
        create: list[str] = []
        new_aliases: set = set()
        for name in names:
            if name in result:
                continue
            pk = self.by_draft_name.get(name)
            if pk is None:
                found = self.by_alias.get(name)
                if found and len(found) == 1:
                    pk = next(iter(found))
            if pk is None and _is_initials_form(name):
                key = _surname_key(name)
                found = self.by_key.get(key) if key else None
                if found and len(found) == 1:
                    pk = next(iter(found))
                    self.report.count("authors matched by initials and surname")
            if pk is None:
                create.append(name)
                continue
            result[name] = pk
            if (pk, name) not in self.aliases:
                new_aliases.add((pk, name))
        if create:
            objs = [
                self.person(
                    name=n[:255],
                    ascii=asciify(n)[:255] or n[:255],
                    name_from_draft=n[:255],
                    time=when.get(n) or datetime.datetime.now(datetime.UTC),
                )
                for n in create
            ]
            self.person._base_manager.using(self.using).bulk_create(objs, batch_size=BATCH_SIZE)
            if any(o.pk is None for o in objs):  # backends that do not return ids
                ids = dict(
                    self.person._base_manager.using(self.using)
                    .filter(name_from_draft__in=create)
                    .values_list("name_from_draft", "pk")
                )
                for o in objs:
                    o.pk = ids[o.name_from_draft]
            for n, o in zip(create, objs, strict=True):
                result[n] = o.pk
                self.by_draft_name[n] = o.pk
                new_aliases.add((o.pk, n))
                if o.ascii != n:
                    new_aliases.add((o.pk, o.ascii))
            self.report.count("person.person (authors created)", len(objs))
        if new_aliases:
            self.alias._base_manager.using(self.using).bulk_create(
                [self.alias(person_id=p, name=n) for p, n in sorted(new_aliases)],
                batch_size=BATCH_SIZE,
            )
            for p, n in new_aliases:
                self.aliases.add((p, n))
                self.by_alias[n].add(p)
            self.report.count("person.alias", len(new_aliases))
        return result
