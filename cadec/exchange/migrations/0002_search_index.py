"""The keyword index: an FTS5 trigram table on SQLite; pg_trgm and a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE exchange_practice_fts USING fts5(search_text, tokenize='trigram')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS exchange_practice_fts"]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS exchange_practice_trgm ON exchange_practice "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS exchange_practice_fulltext ON exchange_practice "
    "USING gin (to_tsvector('simple', search_text))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS exchange_practice_fulltext",
    "DROP INDEX IF EXISTS exchange_practice_trgm",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
