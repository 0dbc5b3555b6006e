"""Bounds on database work: a statement timeout on PostgreSQL and SQLite, a bounded REGEXP.

``settings.DTAPI_STATEMENT_TIMEOUT`` (seconds; 0 = none) caps how long one statement may run,
so that an expensive request cannot hold a worker and a database backend for minutes.

* PostgreSQL: the settings put ``-c statement_timeout=...`` in the connection's libpq
  ``options``, so the server enforces it from the first statement on, with no query per request.
  PostgreSQL cancels the statement with ``QueryCanceled`` (its regex engine checks for that too).
* SQLite has no such setting; each new connection gets one here (:func:`_bound_sqlite`): a
  progress handler that interrupts a statement past its deadline, and a REGEXP function (Django
  implements it in Python with ``re``, which cannot be interrupted) built on the ``regex``
  module, whose searches take a timeout: the time the statement has left. (``regex`` counts
  that time in CPU seconds of the process: on a machine short of CPU the wall time is longer.)

Regular expressions are also bounded in size (:func:`check_regex`, on both databases, before
the query runs): at most :data:`MAX_REGEX_LENGTH` characters, repetition counts (``{n,m}``) of at
most :data:`MAX_REGEX_REPEAT`, and at most :data:`MAX_REGEX_SIZE` elements once the counted
repetitions are written out -- the ``regex`` module compiles ``x{1000000}`` by writing it out,
a quarter of a kilobyte per element. On SQLite a pattern must also compile with ``regex``: there
is no fallback to ``re``, whose searches cannot be interrupted. Compiled patterns are not kept
beyond the connection's last one (``regex``'s own cache is bypassed).

Bulk maintenance (``dtapi load``, ``migrate``) must not be cut off halfway:
:func:`lift_statement_timeout` lifts the bound for a connection's session.
:func:`is_statement_timeout` tells a cancelled statement from other database errors.
"""

from __future__ import annotations

import re
import sqlite3
import time
from re import _parser as sre_parser  # the standard library's parser: the tree of a pattern
from typing import Any

import regex
from django.apps import AppConfig
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper

# The progress handler runs every this many SQLite VM instructions: every ~10 ms of work on a
# small machine (~100 M simple instructions/s). A statement shorter than that never calls it;
# rarer calls matter in threaded servers, where each call waits for the GIL.
PROGRESS_INSTRUCTIONS = 1_000_000

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a cancelled statement

_BOUNDS_ATTR = "_dtapi_sqlite_bounds"
_MIGRATE_LIFTED_ATTR = "_dtapi_migrate_lifted"
_TIMEOUT_MARK = "dtapi_statement_timeout"


# Size bounds on regular expressions (filters, REGEXP). 255 is PostgreSQL's own bound on a
# repetition count (RE_DUPMAX): no larger count runs on the original's database either.
MAX_REGEX_LENGTH = 256
MAX_REGEX_REPEAT = 255
# Elements of the pattern with counted repetitions written out: ~2.5 MB compiled at most.
MAX_REGEX_SIZE = 10_000
# Django's SQLite backend sends an iregex as "(?i)" + the pattern.
_IREGEX_PREFIX = "(?i)"


class RegexInvalid(ValueError):
    """Not a regular expression at all (a syntax error)."""


class RegexRefused(ValueError):
    """A regular expression too large or not runnable by the bounded engine; str() says why."""


def configured_timeout() -> float:
    """The statement timeout from the settings, in seconds (0: none)."""
    return float(getattr(settings, "DTAPI_STATEMENT_TIMEOUT", 0) or 0)


# -- per connection -------------------------------------------------------------------------


def set_statement_timeout(seconds: float, using: str = DEFAULT_DB_ALIAS) -> None:
    """Bound this connection's statements to ``seconds`` (0: unbounded) for its session."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # SET takes no parameters; the value is a number we formatted ourselves.
            cursor.execute(f"SET statement_timeout = {_milliseconds(seconds)}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        bounds = getattr(connection, _BOUNDS_ATTR, None)
        if bounds is not None:
            bounds.timeout = seconds


def lift_statement_timeout(using: str = DEFAULT_DB_ALIAS) -> None:
    """Let this connection's statements run as long as they need (bulk maintenance work).

    For the rest of the connection's session: meant for management commands (``dtapi load``),
    whose connection is their own. Inside a transaction that rolls back, PostgreSQL undoes it.
    """
    set_statement_timeout(0, using)


def restore_statement_timeout(using: str = DEFAULT_DB_ALIAS) -> None:
    """Back to the configured statement timeout (after :func:`set_statement_timeout`)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # RESET goes back to the session default: the value in the connection options.
            cursor.execute("RESET statement_timeout")
    else:
        set_statement_timeout(configured_timeout(), using)


def duration_text(seconds: float) -> str | None:
    """The timeout as messages say it ("1 second", "0.2 seconds"); None when there is none."""
    if seconds <= 0:
        return None
    return f"{seconds:g} second" if seconds == 1 else f"{seconds:g} seconds"


def _milliseconds(seconds: float) -> int:
    # At least 1 ms: PostgreSQL reads 0 as "no timeout".
    return max(1, round(seconds * 1000)) if seconds > 0 else 0


def is_statement_timeout(exc: BaseException) -> bool:
    """Whether a database error is a statement stopped by the statement timeout."""
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    # PostgreSQL: SQLSTATE 57014 (psycopg's QueryCanceled), for statement_timeout as for an
    # operator's pg_cancel_backend(): either way the statement was stopped. The message is
    # localised, so it is not looked at. (psycopg 3 names the code sqlstate, psycopg2 pgcode.)
    if (getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)) == QUERY_CANCELED:
        return True
    if getattr(exc, _TIMEOUT_MARK, False):
        return True
    if isinstance(cause, sqlite3.Error):
        # Only the progress handler interrupts SQLite statements here.
        if getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT:
            return True
        # A REGEXP timeout is "user-defined function raised exception": raised while fetching
        # rows (after execute), only the connection's bounds remember they stopped it.
        return any(
            getattr(getattr(conn, _BOUNDS_ATTR, None), "stopped", False)
            for conn in connections.all(initialized_only=True)
        )
    return False


# -- regular expressions --------------------------------------------------------------------


def check_regex(pattern: str, *, bounded_engine: bool, ignore_case: bool = False) -> None:
    """Refuse a pattern that is invalid (:class:`RegexInvalid`) or too costly to compile or run
    (:class:`RegexRefused`); ``bounded_engine``: it will run in SQLite's REGEXP (``regex``)."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise RegexRefused(f"it is longer than {MAX_REGEX_LENGTH} characters")
    braces = _check_size(pattern)
    if bounded_engine:
        _compile(pattern, regex.IGNORECASE if ignore_case else 0)
        _check_braces(pattern, braces)


def _check_size(pattern: str) -> int:
    """Refuse a pattern too large once written out; the number of literal "{" it has."""
    try:
        tree = sre_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RegexInvalid(str(exc)) from None
    braces: list[int] = []
    if _size(tree, braces) > MAX_REGEX_SIZE:
        raise RegexRefused(f"its repetitions add up to more than {MAX_REGEX_SIZE} elements")
    return len(braces)


def _check_braces(pattern: str, braces: int) -> None:
    # re and PostgreSQL read a "{" that starts no repetition count as the character; regex may
    # read it as fuzzy matching (e.g. "(abc){e<=1}"), which neither knows and which is costly.
    if braces > pattern.count("\\{"):
        raise RegexRefused("a '{' starts no repetition count (write \\{ for the character)")


_REPEATS = (sre_parser.MAX_REPEAT, sre_parser.MIN_REPEAT, sre_parser.POSSESSIVE_REPEAT)
_BRACE = ord("{")


def _size(items: Any, braces: list[int]) -> int:
    """Elements of a parsed pattern with counted repetitions written out (an upper bound).

    Refuses a repetition count above :data:`MAX_REGEX_REPEAT` on the way, and collects the
    literal "{" characters outside character classes in ``braces``.
    """
    total = 0
    for op, arg in items:
        if op in _REPEATS:
            low, high, sub = arg
            bounds = [low] if high == sre_parser.MAXREPEAT else [low, high]
            if max(bounds) > MAX_REGEX_REPEAT:
                raise RegexRefused(f"a repetition count is larger than {MAX_REGEX_REPEAT}")
            total += 1 + max(1, *bounds) * _size(sub, braces)
        elif op is sre_parser.SUBPATTERN:
            total += 1 + _size(arg[-1], braces)
        elif op is sre_parser.ATOMIC_GROUP:
            total += 1 + _size(arg, braces)
        elif op in (sre_parser.ASSERT, sre_parser.ASSERT_NOT):
            total += 1 + _size(arg[1], braces)
        elif op is sre_parser.BRANCH:
            total += 1 + sum(_size(branch, braces) for branch in arg[1])
        elif op is sre_parser.GROUPREF_EXISTS:
            no = _size(arg[2], braces) if arg[2] is not None else 0
            total += 1 + _size(arg[1], braces) + no
        else:
            if op is sre_parser.LITERAL and arg == _BRACE:
                braces.append(arg)
            total += 1
        if total > MAX_REGEX_SIZE:  # no need to add further
            break
    return total


def _compile(pattern: str, flags: int = 0) -> regex.Pattern:
    # regex's default (VERSION0) syntax is re's. What regex refuses (its fuzzy-matching syntax
    # among others) is refused: re would run it with no time limit. Not kept in regex's cache.
    try:
        return regex.compile(pattern, flags, cache_pattern=False)
    except (regex.error, RecursionError, OverflowError, ValueError) as exc:
        raise RegexRefused(
            f"the database's regular expression engine cannot run it ({exc})"
        ) from None


def _compile_for_regexp(pattern: str) -> regex.Pattern:
    """REGEXP's pattern, checked as the filters check it (other callers than the API too)."""
    plain = pattern.removeprefix(_IREGEX_PREFIX)
    if len(plain) > MAX_REGEX_LENGTH:
        raise RegexRefused(f"it is longer than {MAX_REGEX_LENGTH} characters")
    braces = _check_size(pattern)
    compiled = _compile(pattern)
    _check_braces(pattern, braces)
    return compiled


# -- SQLite ---------------------------------------------------------------------------------


class _SqliteBounds:
    """The statement deadline of one SQLite connection, checked by its handler and REGEXP.

    The deadline is set when Django executes a statement (an execute wrapper) and holds until
    the next one, so it also covers fetching the rows.
    """

    __slots__ = ("deadline", "pattern", "stopped", "timeout")

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline: float | None = None
        self.stopped = False
        # The last pattern REGEXP compiled: a statement calls it once per row. One pattern, of
        # bounded size, per connection: nothing accumulates.
        self.pattern: tuple[str, regex.Pattern] | None = None

    def start(self) -> None:
        self.stopped = False
        self.deadline = time.monotonic() + self.timeout if self.timeout > 0 else None

    def progress(self) -> int:
        """sqlite3's progress handler: non-zero interrupts the statement ("interrupted")."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stopped = True
            return 1
        return 0

    def regexp(self, pattern: str | None, string: Any) -> bool | None:
        """Django's REGEXP (``re.search`` on ``str(value)``, NULL in, NULL out), bounded."""
        if pattern is None or string is None:
            return None
        if not isinstance(string, str):
            string = str(string)
        if self.pattern is not None and self.pattern[0] == pattern:
            compiled = self.pattern[1]
        else:
            self.pattern = None
            compiled = _compile_for_regexp(pattern)
            self.pattern = (pattern, compiled)
        if self.deadline is None:
            return bool(compiled.search(string))
        remaining = self.deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError("regular expression search timed out")
            return bool(compiled.search(string, timeout=remaining))
        except TimeoutError:
            # Raising fails the statement (an error, not a silently missing row).
            self.stopped = True
            raise


def _start_statement(
    execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    bounds = getattr(context["connection"], _BOUNDS_ATTR, None)
    if bounds is None:
        return execute(sql, params, many, context)
    bounds.start()
    try:
        return execute(sql, params, many, context)
    except DatabaseError as exc:
        if bounds.stopped:
            # Marked now: statements run while the error propagates (a savepoint rollback)
            # start afresh and forget that the bounds stopped this one.
            setattr(exc, _TIMEOUT_MARK, True)
        raise


def _bound_sqlite(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created``: bound a new SQLite connection's statements and REGEXP."""
    if connection.vendor != "sqlite":
        return
    # Like a PostgreSQL session setting, a new connection starts from the configured value.
    bounds = _SqliteBounds(configured_timeout())
    setattr(connection, _BOUNDS_ATTR, bounds)
    raw = connection.connection
    raw.set_progress_handler(bounds.progress, PROGRESS_INSTRUCTIONS)
    # Replaces the function Django registered (django/db/backends/sqlite3/_functions.py).
    raw.create_function("REGEXP", 2, bounds.regexp, deterministic=True)
    if _start_statement not in connection.execute_wrappers:
        # First in the list: execute_wrapper() context managers pop() the last one, and a
        # connection may well be opened inside one.
        connection.execute_wrappers.insert(0, _start_statement)


# -- migrate --------------------------------------------------------------------------------


def _lift_for_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``pre_migrate``: migrations (index builds, table rewrites) must not be cut off."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    lift_statement_timeout(using)
    setattr(connection, _MIGRATE_LIFTED_ATTR, True)


def _restore_after_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate``: a process that goes on (the test runner) gets its timeout back."""
    connection = connections[using]
    if getattr(connection, _MIGRATE_LIFTED_ATTR, False):
        setattr(connection, _MIGRATE_LIFTED_ATTR, False)
        restore_statement_timeout(using)


def connect_signals(app_config: AppConfig) -> None:
    """Called by this app's ``ready()``."""
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate, pre_migrate

    connection_created.connect(_bound_sqlite, dispatch_uid="dtapi.database.limits.bound_sqlite")
    # sender: once per migrate, not once per app. The app is last in INSTALLED_APPS, so the
    # timeout comes back after the other apps' post_migrate work (the vocabulary).
    pre_migrate.connect(
        _lift_for_migrate, sender=app_config, dispatch_uid="dtapi.database.limits.pre"
    )
    post_migrate.connect(
        _restore_after_migrate, sender=app_config, dispatch_uid="dtapi.database.limits.post"
    )
