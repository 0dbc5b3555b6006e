"""A submission's files, kept through Django's storage API (storage ``"drafts"``).

    staging/<name>-<rev>.<ext>          while the submission is processed and confirmed
    internet-drafts/<name>-<rev>.<ext>  once posted (every revision is kept)

``ext`` is ``xml`` (the source as submitted), ``txt`` and ``html`` (rendered by xml2rfc).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

EXTENSIONS = ("xml", "txt", "html")
STAGING = "staging"
REPOSITORY = "internet-drafts"


def storage() -> Storage:
    return storages["drafts"]


def path(folder: str, name: str, rev: str, ext: str) -> str:
    return f"{folder}/{name}-{rev}.{ext}"


def save(folder: str, name: str, rev: str, ext: str, content: bytes) -> str:
    target = path(folder, name, rev, ext)
    store = storage()
    if store.exists(target):
        store.delete(target)
    return store.save(target, ContentFile(content))


def read(folder: str, name: str, rev: str, ext: str) -> bytes:
    with storage().open(path(folder, name, rev, ext), "rb") as f:
        return f.read()


def exists(folder: str, name: str, rev: str, ext: str) -> bool:
    return storage().exists(path(folder, name, rev, ext))


def remove_staged(name: str, rev: str) -> None:
    store = storage()
    for ext in EXTENSIONS:
        target = path(STAGING, name, rev, ext)
        if store.exists(target):
            store.delete(target)


def post(name: str, rev: str) -> list[str]:
    """Copy the staged files into the repository; the paths written. (The caller removes the
    staged ones once the posting is committed.)"""
    written = []
    for ext in EXTENSIONS:
        if exists(STAGING, name, rev, ext):
            written.append(save(REPOSITORY, name, rev, ext, read(STAGING, name, rev, ext)))
    return written
