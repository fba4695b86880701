"""The agency that resolves each dossier (Dossier.competent_agency), which the statistics count it for.

Existing dossiers get their receiving agency, which is what the statistics counted them for until now;
`manage.py fill_competent_agencies` then works out the agency that resolves each of them (it reads the
workflows with today's code, which a migration must not), and `manage.py rebuild_stats` recounts
(docs/backup-and-upgrade.md)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_receiving(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Dossier.objects.update(competent_agency_id=models.F("receiving_agency_id"))


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0022_queue_index_holds_ids"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="competent_agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.agency",
                verbose_name="competent agency",
                db_index=False,
            ),
        ),
        # Not elidable: 0024's NOT NULL needs every existing row filled.
        migrations.RunPython(copy_receiving, migrations.RunPython.noop),
    ]
