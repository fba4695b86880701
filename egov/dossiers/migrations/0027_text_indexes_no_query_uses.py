"""Text indexes that serve no query, which every new dossier and, on PostgreSQL, every move paid: a dossier's
UPDATE that changes an indexed column writes an entry in every index of the table (PostgreSQL 15 has no
per-index HOT), and every history row one in each of its table's indexes.

- `applicant_folded` loses its index (and on PostgreSQL its pattern index): the applicant search is
  `LIKE '% word %'` (`egov.core.text.words_condition`), which no B-tree serves; PostgreSQL's plans read the
  agency's dossiers from a queue index, or the table, and filter.
- PostgreSQL's pattern indexes (`varchar_pattern_ops`, the "_like" indexes Django makes beside an indexed or
  unique text column, for `LIKE 'prefix%'` under a collation other than C) of the dossier's `code` and
  `submission_ref` (looked up by equality, a typed prefix by a range on the unique index), its `status`
  (equality and IN) and the history's `idempotency_key` (equality).

Measured on the transitions bench (PostgreSQL 15, demo + 50,000 dossiers, the four pattern indexes with and
without, alternated): the dossier's UPDATE 207-234 → 145-183 µs, the history row's INSERT 88-93 → 45-66 µs of
the server's time (docs/performance.md, "Indexes no query needs, PostgreSQL's pattern indexes"). The plain
and unique indexes of the other columns stay. Dropped by name (the ORM's AlterField would rebuild the dossier
table on SQLite), made again when migrated back, which blocks writes to the two tables meanwhile, as any index
this project's migrations make. A later AlterField that changes the type of `code`, `submission_ref`,
`status` or `idempotency_key` to text would make Django build a pattern index again:
tests/dossiers/test_text_indexes.py says so."""

from django.db import migrations, models

#: (model, field) whose pattern index goes (PostgreSQL).
PATTERN_INDEXES = [
    ("dossier", "applicant_folded"),
    ("dossier", "code"),
    ("dossier", "submission_ref"),
    ("dossier", "status"),
    ("dossierevent", "idempotency_key"),
]


def _field(apps, model_name, field_name):
    model = apps.get_model("dossiers", model_name)
    return model, model._meta.get_field(field_name)


def _patterns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return []
    return [_field(apps, *names) for names in PATTERN_INDEXES]


def drop(apps, schema_editor):
    model, field = _field(apps, "dossier", "applicant_folded")
    schema_editor.execute(
        schema_editor._delete_index_sql(
            model, schema_editor._create_index_name(model._meta.db_table, [field.column])
        )
    )
    for model, field in _patterns(apps, schema_editor):
        name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_like")
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def make(apps, schema_editor):
    # `apps` is the state before this migration: the field indexed, as Django names and makes its index.
    model, field = _field(apps, "dossier", "applicant_folded")
    schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
    for model, field in _patterns(apps, schema_editor):
        schema_editor.execute(schema_editor._create_like_index_sql(model, field))


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0026_fk_indexes_led_by_others")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, make, elidable=False)],
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="applicant_folded",
                    field=models.CharField(default="", editable=False, max_length=200),
                ),
            ],
        )
    ]
