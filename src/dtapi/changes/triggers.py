"""Database triggers that write the change feed, on every table behind an /api/v1 resource.

Triggers rather than Django signals because a feed must see every write in the transaction
that makes it: ``bulk_create`` and the loaders' bulk paths send no signals, and a signal
handler runs after an autocommitted statement, not within it. An insert records ``created``,
a delete ``deleted``, an update that changes a value ``updated``; a many-to-many link added or
removed records ``updated`` for the object that owns the relation (a document's ``states``).

On PostgreSQL the trigger takes a transaction-level advisory lock, so writing transactions
commit one after the other and change ids are in commit order (a reader never sees a lower id
appear later). SQLite has one writer at a time anyway.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

from dtapi.engine.registry import registry

FUNCTION = "dtapi_record_change"
LOCK_KEY = 0x647461706943  # "dtapiC": the feed's advisory lock
PREFIX = "dtapi_chg"


def _watched() -> list[dict[str, Any]]:
    """One entry per table: the table whose objects it records, pk and key columns; for an
    automatic m2m table, the owner it reports."""
    seen: set[str] = set()
    entries: list[dict[str, Any]] = []
    for resource in registry.resources():
        model = resource.model
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        key_column = meta.get_field(resource.detail_attname).column
        columns = [f.column for f in meta.local_concrete_fields]
        entries.append(
            {
                "table": meta.db_table,
                "records": meta.db_table,
                "pk": meta.pk.column,
                "key": key_column,
                "columns": columns,
                "owner": None,
            }
        )
        for f in meta.local_many_to_many:
            through = f.remote_field.through
            if not through._meta.auto_created or through._meta.db_table in seen:
                continue
            seen.add(through._meta.db_table)
            entries.append(
                {
                    "table": through._meta.db_table,
                    "records": meta.db_table,
                    "pk": f.m2m_column_name(),
                    "key": None if key_column == meta.pk.column else key_column,
                    "owner_pk": meta.pk.column,
                    "owner_pk_type": meta.pk.db_type(connections["default"]) or "text",
                    "columns": [],
                    "owner": meta.db_table,
                }
            )
    return entries


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite(entry: dict[str, Any]) -> list[str]:
    table, rec = entry["table"], entry["records"].replace("'", "''")
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    out = []
    for event, row, action in (
        ("INSERT", "NEW", "created"),
        ("UPDATE", "NEW", "updated"),
        ("DELETE", "OLD", "deleted"),
    ):
        name = _q(f"{PREFIX}_{table}_{event.lower()}")
        when = ""
        if entry["owner"]:
            if event == "UPDATE":
                continue
            action = "updated"
            pk = f"{row}.{_q(entry['pk'])}"
            key = (
                f"(SELECT {_q(entry['key'])} FROM {_q(entry['owner'])} WHERE {_q(entry['owner_pk'])} = {pk})"
                if entry["key"]
                else pk
            )
        else:
            pk = f"{row}.{_q(entry['pk'])}"
            key = f"{row}.{_q(entry['key'])}"
            if event == "UPDATE" and entry["columns"]:
                when = " WHEN " + " OR ".join(
                    f"OLD.{_q(c)} IS NOT NEW.{_q(c)}" for c in entry["columns"]
                )
        out.append(f"DROP TRIGGER IF EXISTS {name}")
        out.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {_q(table)} FOR EACH ROW{when} BEGIN "
            f'INSERT INTO changes_change (time, "table", obj_pk, obj_key, action) '
            f"VALUES ({now}, '{rec}', {pk}, {key}, '{action}'); END"
        )
    return out


_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r jsonb;
    act text;
    pk text;
    k text;
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    IF TG_OP = 'DELETE' THEN r := to_jsonb(OLD); act := 'deleted';
    ELSIF TG_OP = 'INSERT' THEN r := to_jsonb(NEW); act := 'created';
    ELSE r := to_jsonb(NEW); act := 'updated';
    END IF;
    pk := r ->> TG_ARGV[1];
    IF TG_ARGV[3] <> '' THEN
        act := 'updated';
        IF TG_ARGV[2] <> '' THEN
            EXECUTE format('SELECT %I::text FROM %I WHERE %I = $1::%s',
                           TG_ARGV[2], TG_ARGV[3], TG_ARGV[4], TG_ARGV[5]) INTO k USING pk;
        ELSE
            k := pk;
        END IF;
    ELSE
        k := r ->> TG_ARGV[2];
    END IF;
    INSERT INTO changes_change (time, "table", obj_pk, obj_key, action)
        VALUES (clock_timestamp(), TG_ARGV[0], pk, k, act);
    RETURN NULL;
END $$;
"""


def _pg(entry: dict[str, Any]) -> list[str]:
    table = entry["table"]
    name = _q(f"{PREFIX}_{table}"[:63])
    args = [entry["records"], entry["pk"], entry["key"] or "", entry["owner"] or ""]
    if entry["owner"]:
        args += [entry["owner_pk"], entry["owner_pk_type"].split("(")[0]]
    literal = ", ".join("'" + a.replace("'", "''") + "'" for a in args)
    out = [f"DROP TRIGGER IF EXISTS {name} ON {_q(table)}"]
    if entry["owner"]:
        out.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE ON {_q(table)} FOR EACH ROW "
            f"EXECUTE FUNCTION {FUNCTION}({literal})"
        )
    else:
        upd = _q(f"{PREFIX}u_{table}"[:63])
        out.append(f"DROP TRIGGER IF EXISTS {upd} ON {_q(table)}")
        out.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE ON {_q(table)} FOR EACH ROW "
            f"EXECUTE FUNCTION {FUNCTION}({literal})"
        )
        out.append(
            f"CREATE TRIGGER {upd} AFTER UPDATE ON {_q(table)} FOR EACH ROW "
            f"WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION {FUNCTION}({literal})"
        )
    return out


def install(using: str = "default") -> int:
    """Create or replace the triggers of every watched table; returns how many tables."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "changes_change" not in existing:
        return 0
    entries = [e for e in _watched() if e["table"] in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            build = _pg
        elif connection.vendor == "sqlite":
            build = _sqlite
        else:  # pragma: no cover - dtapi supports SQLite and PostgreSQL
            return 0
        for entry in entries:
            for sql in build(entry):
                cursor.execute(sql)
    return len(entries)


def install_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if getattr(sender, "label", None) != "changes":
        return  # once per migrate (post_migrate is sent for every app)
    install(using)


def table_resources() -> dict[str, Any]:
    """Database table -> its resource."""
    found: dict[str, Any] = {}
    for resource in registry.resources():
        found.setdefault(resource.model._meta.db_table, resource)
    return found
