"""Fixtures for the submission tests: a storage folder, submitters, helpers to submit, run
the worker and follow the confirmation link."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dtapi.person.models import Person
from dtapi.tasks.worker import Worker
from tests import factories as f

from . import drafts


@pytest.fixture(autouse=True)
def _storage(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "drafts": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    settings.DTAPI_BASE_URL = "https://dt.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DTAPI_SIGNING_KEY_PEM = ""
    settings.DTAPI_SIGNING_KEY_FILE = str(tmp_path / "signing.pem")
    settings.DTAPI_GENERATE_KEYS = True
    return folder


@pytest.fixture
def storage_dir(_storage: Path) -> Path:
    return _storage


def account(author: drafts.Author, username: str | None = None) -> Person:
    """A person with a login whose (only) address is the author's."""
    person = f.user_person(username or author.email.split("@")[0], name=author.fullname)
    person.email_set.all().delete()
    f.email(person, author.email)
    return person


@pytest.fixture
def alice() -> Person:
    return account(drafts.ALICE)


@pytest.fixture
def bob() -> Person:
    return account(drafts.BOB)


def upload(
    client: Client,
    xml: bytes | None,
    user: str | None = "alice@example.org",
    *,
    filename: str = "draft.xml",
    replaces: str | None = None,
    content_type: str = "application/xml",
) -> Any:
    data: dict[str, Any] = {}
    if user is not None:
        data["user"] = user
    if xml is not None:
        data["xml"] = SimpleUploadedFile(filename, xml, content_type=content_type)
    if replaces is not None:
        data["replaces"] = replaces
    return client.post("/api/submission", data)


def run_worker() -> int:
    return Worker("test-worker").run_pending()


def confirmation_link(to: str | None = None) -> str:
    """The path of the confirmation link in the latest confirmation mail (to ``to``)."""
    for message in reversed(mail.outbox):
        if message.subject.startswith("Confirm submission") and (
            to is None or any(to in r for r in message.to)
        ):
            match = re.search(
                r"https://dt\.example\.org(/submit/\d+/confirm/[0-9a-f]+/)", message.body
            )
            assert match, message.body
            return match.group(1)
    raise AssertionError(f"no confirmation mail in {[m.subject for m in mail.outbox]}")


Submit = Callable[..., Any]
