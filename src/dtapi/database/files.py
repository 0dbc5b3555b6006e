"""SQLite database files readable by their owner only.

The database holds sessions, password hashes, authorization codes and API key digests. SQLite
creates its file with the process's umask (usually 0644) and gives the ``-wal`` and ``-shm``
files it makes later the database file's own permissions. So the file is created here, 0600,
before the first connection opens it (:func:`create_sqlite_files`, at start-up), and any file
left more open by an earlier version is narrowed when a connection opens (:func:`narrow`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

MODE = 0o600
SUFFIXES = ("", "-wal", "-shm", "-journal")


def _sqlite_path(conf: dict[str, Any]) -> Path | None:
    if not conf.get("ENGINE", "").endswith("sqlite3"):
        return None
    name = str(conf.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def create_sqlite_files() -> None:
    """Create each configured SQLite database file that does not exist yet, mode 0600 (an
    empty file is an empty database). Its folder is left to whoever makes it."""
    for conf in settings.DATABASES.values():
        path = _sqlite_path(conf)
        if path is None or not path.parent.is_dir():
            continue
        with contextlib.suppress(FileExistsError, PermissionError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE))


def narrow(path: Path) -> None:
    """Make the database and its companion files 0600 where they are more open."""
    for suffix in SUFFIXES:
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if stat.S_IMODE(companion.stat().st_mode) & 0o077:
                companion.chmod(MODE)


def narrow_on_connect(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created``: narrow a file SQLite database's permissions."""
    if connection.vendor != "sqlite":
        return
    path = _sqlite_path(connection.settings_dict)
    if path is not None:
        narrow(path)
