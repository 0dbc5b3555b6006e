# Written by hand: Document.states uses Django's automatic through table, which has no Meta to
# declare an index on.

from django.db import migrations

INDEX = "doc_document_states_state_document_idx"


class Migration(migrations.Migration):
    """Index (state_id, document_id) of the document-states table.

    "Documents in a state" (states__slug=..., states__type__slug__in=...) is the commonest
    filter across a relation; with this covering index a database reads the matching
    (state, document) pairs from the index alone. On SQLite, counting the documents in a
    draft-iesg state of 20,000 went from 10.2 to 7.6 ms (and type=draft&states__slug=active
    from 1.9 to 1.2 ms).
    """

    dependencies = [
        ("doc", "0003_document_type_id_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON doc_document_states (state_id, document_id)",
            reverse_sql=f"DROP INDEX {INDEX}",
        ),
    ]
