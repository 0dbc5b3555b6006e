"""Exact row counts of the large tables without reading them (PostgreSQL).

Every list answer carries ``total_count``, and clients rely on it being exact. For a list with
no filter that is ``COUNT(*)`` over the whole table: PostgreSQL reads every row (or index
entry) to answer it, so it costs ten times more at ten times the data -- 10^6 document events
take tens of milliseconds, more than the page itself.

Here each large table keeps its count beside it: statement-level triggers add the number of
rows a statement inserted or deleted (their transition tables; one row per statement, so a
COPY of 10^6 rows adds one delta) to ``dtapi_rowcount``, and TRUNCATE resets it. The count is
the sum of the table's deltas, read in the reader's own snapshot, so it is exactly the number
of rows that snapshot sees, whatever runs concurrently; writers only insert deltas, so they
never wait for each other (no counter row to lock, no new deadlock). Readers fold a table's
deltas into one row once there are many.

The table is not a Django model: ``flush`` (the test runner's TransactionTestCase) truncates
the counted tables, whose TRUNCATE trigger zeroes their count, and not the counts themselves.
Where no count is kept (SQLite, a table not listed, a database migrated before this) the
caller counts as before.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction

# The tables that grow with the Datatracker's history: events, documents and their relations,
# people, meetings. Others are small enough to count.
COUNTED = (
    "doc_docevent",
    "doc_newrevisiondocevent",
    "doc_statedocevent",
    "doc_ballotdocevent",
    "doc_ballotpositiondocevent",
    "doc_writeupdocevent",
    "doc_document",
    "doc_document_states",
    "doc_documentauthor",
    "doc_relateddocument",
    "doc_dochistory",
    "person_person",
    "person_email",
    "group_role",
    "meeting_session",
)
FOLD_AFTER = 64  # deltas of one table before a reader folds them

SETUP = """
CREATE TABLE IF NOT EXISTS dtapi_rowcount (tbl text NOT NULL, n bigint NOT NULL);
CREATE INDEX IF NOT EXISTS dtapi_rowcount_tbl ON dtapi_rowcount (tbl);
CREATE OR REPLACE FUNCTION dtapi_rowcount_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dtapi_rowcount SELECT TG_TABLE_NAME, count(*) FROM dtapi_new HAVING count(*) > 0;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION dtapi_rowcount_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dtapi_rowcount SELECT TG_TABLE_NAME, -count(*) FROM dtapi_old HAVING count(*) > 0;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION dtapi_rowcount_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dtapi_rowcount WHERE tbl = TG_TABLE_NAME;
    INSERT INTO dtapi_rowcount VALUES (TG_TABLE_NAME, 0);
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE OR REPLACE TRIGGER dtapi_rowcount_ins AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS dtapi_new FOR EACH STATEMENT EXECUTE FUNCTION dtapi_rowcount_inserted();
CREATE OR REPLACE TRIGGER dtapi_rowcount_del AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS dtapi_old FOR EACH STATEMENT EXECUTE FUNCTION dtapi_rowcount_deleted();
CREATE OR REPLACE TRIGGER dtapi_rowcount_trunc AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION dtapi_rowcount_truncated();
"""

_present: dict[tuple[str, str], bool] = {}


def install(using: str = DEFAULT_DB_ALIAS, tables: tuple[str, ...] = COUNTED) -> list[str]:
    """Keep counts for ``tables`` (idempotent); returns the tables newly counted."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    done = []
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(SETUP)
        for table in tables:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if not cursor.fetchone()[0]:
                continue
            cursor.execute(
                "SELECT 1 FROM pg_trigger WHERE tgname = 'dtapi_rowcount_ins' "
                "AND tgrelid = to_regclass(%s)",
                [table],
            )
            if cursor.fetchone():
                continue
            quoted = connection.ops.quote_name(table)
            # No write may fall between the count and the triggers that follow it.
            cursor.execute(f"LOCK TABLE {quoted} IN SHARE MODE")
            cursor.execute("DELETE FROM dtapi_rowcount WHERE tbl = %s", [table])
            cursor.execute(f"INSERT INTO dtapi_rowcount SELECT %s, count(*) FROM {quoted}", [table])
            cursor.execute(TRIGGERS.format(table=quoted))
            done.append(table)
    _present.clear()
    # Known from here on: a process that migrated (the test runner) asks no more.
    _present[(using, str(connection.settings_dict["NAME"]))] = True
    return done


def table_count(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The exact number of rows of ``model``'s table, or ``None`` where no count is kept."""
    table = model._meta.db_table
    if table not in COUNTED:
        return None
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    key = (using, str(connection.settings_dict["NAME"]))
    with connection.cursor() as cursor:
        if key not in _present:
            cursor.execute("SELECT to_regclass('dtapi_rowcount') IS NOT NULL")
            _present[key] = bool(cursor.fetchone()[0])
        if not _present[key]:
            return None
        cursor.execute("SELECT sum(n), count(*) FROM dtapi_rowcount WHERE tbl = %s", [table])
        total, deltas = cursor.fetchone()
    if not deltas:
        return None  # not counted (yet)
    if deltas > FOLD_AFTER:
        _fold(table, using)
    return int(total)


def _fold(table: str, using: str) -> None:
    """Replace a table's deltas by their sum (a concurrent fold only folds what is left)."""
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(
                "WITH folded AS (DELETE FROM dtapi_rowcount WHERE tbl = %s RETURNING n) "
                "INSERT INTO dtapi_rowcount SELECT %s, sum(n) FROM folded HAVING count(*) > 0",
                [table, table],
            )
    except DatabaseError:
        pass  # a read-only transaction, say: the deltas stay, still exact


def on_post_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    install(using)
