"""Install the built-in vocabulary: state types, states, ballot types and every name table."""

from django.db import migrations


def install(apps, schema_editor):
    from dtapi.name.vocabulary import install_vocabulary

    install_vocabulary(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("doc", "0002_initial"),
        ("name", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
