"""Dossier.competent_agency is always set, and indexed with the moment of receipt (its own migration:
PostgreSQL refuses to alter a table in the transaction whose UPDATE left deferred foreign-key checks
pending)."""

import django.db.models.deletion
from django.db import migrations, models


def analyze(apps, schema_editor):
    """SQLite makes a column NOT NULL by rebuilding the table, which drops the planner's statistics of
    every index of it; without them it prefers the one-column status index over the queue indexes (as in
    0017 and 0021). PostgreSQL gets the new index's too."""
    table = apps.get_model("dossiers", "Dossier")._meta.db_table
    schema_editor.execute(f"ANALYZE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0023_competent_agency")]

    operations = [
        migrations.AlterField(
            model_name="dossier",
            name="competent_agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.agency",
                verbose_name="competent agency",
                db_index=False,
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["competent_agency", "received_at"], name="dossier_competent"),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
