"""``migrate``, with a fast path for an empty database.

Why a first ``migrate`` was slow (issue 11 point 7; measured on an empty SQLite database on a
loaded 2-core machine): under cProfile, 328 of 377 s went to re-rendering historical models.
After each operation (about 500 in the 89 migrations) Django reloads every model related to
the one changed, recursively; dtapi's models form one connected graph (nearly all point at
Person, Document or Group), so each operation re-rendered about 60 models (29,443 renders).
Per migration (``migrate -v 3``, 184 s in all) the worst were ``doc.0002_initial`` (40 s, 57
``AddField``) and, as they run after dtapi's apps, django-oauth-toolkit's (62 s; ``0021``, 37 s,
only changes field labels). It was not the built-in vocabulary: ``post_migrate`` installs it.

On an empty database (no table at all) this command therefore creates the final schema in one
pass from the fully migrated state, as Django's test runner does without migrations; runs the
migrations' ``RunSQL`` (hand-written indexes); records every migration as applied; and sends
the same ``pre_migrate``/``post_migrate`` signals (the vocabulary, content types and
permissions follow). One transaction: a failure leaves the database empty.

Data migrations (``RunPython``) rewrite existing rows, and an empty database has none: those
known to do only that (:data:`ROW_REWRITES`) are skipped. Any other ``RunPython``, or an
operation of a kind not known here, makes ``migrate`` take Django's usual path, slow but
always right; so does ``--step-by-step``, any app or migration argument, ``--fake``, ``--plan``
and ``--check``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connections, router
from django.db.migrations import operations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.fields import FieldOperation
from django.db.migrations.operations.models import IndexOperation, ModelOperation
from django.db.migrations.state import ProjectState

# Data migrations that only rewrite rows that exist (hash secrets, fill checksums, rename
# statuses, fix proxy permissions): nothing to do on an empty database. Checked by reading
# each one; a dependency upgrade that adds another makes migrate take the usual path.
ROW_REWRITES = frozenset(
    {
        ("auth", "0011_update_proxy_permissions"),
        ("axes", "0007_alter_accessattempt_unique_together"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("oauth2_provider", "0006_alter_application_client_secret"),
        ("oauth2_provider", "0012_add_token_checksum"),
        ("oauth2_provider", "0015_refreshtoken_token_checksum"),
        ("oauth2_provider", "0019_application_registration_source"),
        ("django_tasks_database", "0008_separate_results_field"),
        ("django_tasks_database", "0011_rename_complete_status"),
        ("django_tasks_database", "0013_separate_exception_fields"),
        ("django_tasks_database", "0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more"),
        ("django_tasks_database", "0018_rename_succeeded_status"),
    }
)

# Operations whose whole effect is part of the final state that the fast path creates.
SCHEMA_OPERATIONS = (ModelOperation, FieldOperation, IndexOperation)


class Command(DjangoMigrate):
    help = (
        DjangoMigrate.help
        + " An empty database gets the final schema in one pass (--step-by-step: not)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--step-by-step",
            action="store_true",
            help="apply every migration operation by operation, even on an empty database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fast = self._fast_plan(options)
        if fast is None:
            return super().handle(*args, **options)
        executor, plan, sql = fast
        return self._create_schema(executor, plan, sql, options)

    # --- deciding ------------------------------------------------------------------------------

    def _fast_plan(self, options: dict) -> tuple[MigrationExecutor, list, list] | None:
        """(executor, plan, RunSQL operations) when the fast path applies, else None."""
        blocked = ("app_label", "migration_name", "fake", "fake_initial", "plan", "check_unapplied")
        if options.get("step_by_step") or any(options.get(k) for k in blocked):
            return None
        if options.get("prune"):
            return None
        connection = connections[options["database"]]
        if connection.introspection.table_names():
            return None  # not empty: migrate as usual
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan or any(backwards for _m, backwards in plan):
            return None
        sql: list[tuple[str, Operation]] = []
        for migration, _backwards in plan:
            for operation in migration.operations:
                kind = _kind(migration, operation)
                if kind is None:
                    return None
                if kind == "sql":
                    sql.append((migration.app_label, operation))
        return executor, plan, sql

    # --- creating ------------------------------------------------------------------------------

    def _create_schema(
        self, executor: MigrationExecutor, plan: list, sql: list, options: dict
    ) -> None:
        start = time.monotonic()
        connection = executor.connection
        database = connection.alias
        verbosity, interactive = options["verbosity"], options["interactive"]
        loader = executor.loader
        unmigrated = loader.unmigrated_apps if options["run_syncdb"] else set()
        state = loader.project_state()
        if verbosity >= 1:
            self.stdout.write(
                self.style.MIGRATE_HEADING("Empty database: ")
                + f"creating the schema of {len(plan)} migrations in one pass "
                "(--step-by-step applies them one by one)"
            )
        pre_state = ProjectState(real_apps=loader.unmigrated_apps)
        emit_pre_migrate_signal(
            verbosity, interactive, database, stdout=self.stdout, apps=pre_state.apps, plan=plan
        )
        models = [
            m
            for m in state.apps.get_models()
            if m._meta.managed
            and not m._meta.proxy
            and not m._meta.swapped
            and (m._meta.app_label not in loader.unmigrated_apps or m._meta.app_label in unmigrated)
            and router.allow_migrate_model(database, m)
        ]
        with connection.schema_editor(atomic=True) as editor:
            for model in models:
                editor.create_model(model)
            for app_label, operation in sql:
                operation.database_forwards(app_label, editor, state, state)
            executor.recorder.ensure_schema()
            for migration, _backwards in plan:
                executor.record_migration(migration)
        if verbosity >= 1:
            self.stdout.write(
                f"  {len(models)} tables, {len(sql)} SQL operations, {len(plan)} migrations "
                f"recorded: {time.monotonic() - start:.1f}s"
            )
        state.clear_delayed_apps_cache()
        emit_post_migrate_signal(
            verbosity, interactive, database, stdout=self.stdout, apps=state.apps, plan=plan
        )


def _kind(migration: Migration, operation: Operation) -> str | None:
    """ "schema", "sql", "skip" (a known row rewrite), or None (take the usual path)."""
    if isinstance(operation, SCHEMA_OPERATIONS):
        return "schema"
    if isinstance(operation, operations.RunSQL):
        return "sql"
    if isinstance(operation, operations.RunPython):
        return "skip" if (migration.app_label, migration.name) in ROW_REWRITES else None
    if isinstance(operation, operations.SeparateDatabaseAndState):
        return None if operation.database_operations else "schema"
    return None
