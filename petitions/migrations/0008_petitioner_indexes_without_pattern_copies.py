"""The petitioner's name, ID number and phone indexed through Meta instead of db_index.

On PostgreSQL, db_index made two indexes per column (a plain one and a ``varchar_pattern_ops`` copy for LIKE, which
no look-up uses), and the name's index repeated the leading column of ``petitioner_name_phone``: four index entries
written for every new petitioner and about 126 MB at a million, for nothing.

Written by hand: Django's own AlterField, removing db_index, drops every single-column btree index on the column,
and so also the partial unique index of ``petitioner_unique_id_number``. Here only the indexes db_index made are
dropped, by the names Django gave them (the same on every database these migrations built; IF EXISTS because SQLite
has no pattern copies).
"""

from django.db import migrations, models

DB_INDEXES = {  # column -> the name of the index db_index made (its pattern copy adds "_like")
    "name": "petitions_petitioner_name_fa0e0a2f",
    "id_number": "petitions_petitioner_id_number_b1dc6e35",
    "phone": "petitions_petitioner_phone_dd70539b",
}


def drop_db_indexes(apps, schema_editor):
    for name in DB_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_like")


def restore_db_indexes(apps, schema_editor):
    for column, name in DB_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON petitions_petitioner ({column})")
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"CREATE INDEX {name}_like ON petitions_petitioner ({column} varchar_pattern_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0007_leader_index_covers_the_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="petitioner",
                    name="id_number",
                    field=models.CharField(blank=True, max_length=18, verbose_name="ID number"),
                ),
                migrations.AlterField(
                    model_name="petitioner",
                    name="name",
                    field=models.CharField(max_length=50, verbose_name="name"),
                ),
                migrations.AlterField(
                    model_name="petitioner",
                    name="phone",
                    field=models.CharField(blank=True, max_length=20, verbose_name="phone"),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_db_indexes, restore_db_indexes),
            ],
        ),
        migrations.AddIndex(
            model_name="petitioner",
            index=models.Index(fields=["id_number"], name="petitioner_id_number"),
        ),
        migrations.AddIndex(
            model_name="petitioner",
            index=models.Index(fields=["phone"], name="petitioner_phone"),
        ),
    ]
