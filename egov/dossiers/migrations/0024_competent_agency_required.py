"""Dossier.competent_agency is always set, and indexed with the moment of receipt (its own migration: PostgreSQL refuses to alter a table in the
transaction whose UPDATE left deferred foreign-key checks pending)."""

import django.db.models.deletion
from django.db import migrations, models


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
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["competent_agency", "received_at"], name="dossier_competent"),
        ),
    ]
