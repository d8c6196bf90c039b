"""Full-text index over the bigram search text: GIN on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # A stored column, not an expression index: the planner keeps statistics on its words, and a row
        # can be tested without computing the vector again.
        schema_editor.execute(
            "ALTER TABLE petitions_petitionsearchtext ADD COLUMN vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', bigrams)) STORED"
        )
        # btree_gin (a trusted contrib extension) lets one GIN index hold the words and the item id, so a
        # search restricted to the newest ids never visits older rows.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        schema_editor.execute(
            "CREATE INDEX petition_search_gin ON petitions_petitionsearchtext USING gin (vector, petition_id)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS petition_fts USING fts5(bigrams, "
            "tokenize='unicode61 remove_diacritics 0', detail=none, columnsize=0)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS petition_search_gin")
        schema_editor.execute("ALTER TABLE petitions_petitionsearchtext DROP COLUMN IF EXISTS vector")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS petition_fts")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
