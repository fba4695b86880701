"""PostgreSQL only: four of the `varchar_pattern_ops` indexes Django makes beside every indexed or unique text
column (the "_like" indexes, for LIKE 'prefix%' under a collation other than C) serve no query, and every
move paid them: a dossier's UPDATE that changes an indexed column writes an entry in every index of the
table (PostgreSQL 15 has no per-index HOT), and every history row one in each of its table's indexes.

- the dossier's `code` and `submission_ref`: looked up by equality, and a typed prefix by a range on the
  unique index (`selectors.filtered`), never by LIKE;
- the dossier's `status`: compared by equality and IN only;
- the history's `idempotency_key`: looked up by equality only.

Measured on the transitions bench (PostgreSQL 15, demo + 50,000 dossiers, alternated runs): the dossier's
UPDATE 207-234 → 145-183 µs, the history row's INSERT 88-93 → 45-66 µs of the server's time
(docs/performance.md, "Indexes no query needs, PostgreSQL's pattern indexes"). The plain and unique
indexes of these columns stay. A later AlterField that changes one of these columns' type would make
Django build its "_like" index again; tests/dossiers/test_pattern_indexes.py says so. Migrating back builds
them again (blocking writes to the two tables meanwhile, as any index this project's migrations make)."""

from django.db import migrations

#: (model, field) whose "_like" index goes.
PATTERN_INDEXES = [
    ("dossier", "code"),
    ("dossier", "submission_ref"),
    ("dossier", "status"),
    ("dossierevent", "idempotency_key"),
]


def _each(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field_name in PATTERN_INDEXES:
        model = apps.get_model("dossiers", model_name)
        yield model, model._meta.get_field(field_name)


def drop(apps, schema_editor):
    for model, field in _each(apps, schema_editor):
        name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_like")
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def make(apps, schema_editor):
    for model, field in _each(apps, schema_editor):
        schema_editor.execute(schema_editor._create_like_index_sql(model, field))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0026_fk_indexes_led_by_others")]

    operations = [migrations.RunPython(drop, make, elidable=False)]
