"""SQLite's candidate stages take the first ids of a match (backends.POPULAR_FIRST): an index
written before that order gets its documents renumbered by popularity once. Nothing changes
on PostgreSQL or in an empty index; the rebuild keeps the order from then on."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from cinemeter.search import backends


def popularity_order(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM search_document LIMIT 1")
        if cursor.fetchone() is None:
            return
    backends.order_by_popularity()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(popularity_order, migrations.RunPython.noop)]
