"""Rebuild every dossier's applicant search key with the search folding (i/y variants, whole words).

This refresh calls the live `egov.core.text.search_key` on purpose: the key must be what today's
query code expects. A later change of the folding adds its own refresh migration after this one.
"""

from django.db import migrations

BATCH = 2000


def refresh(apps, schema_editor):
    from egov.core.text import search_key

    Dossier = apps.get_model("dossiers", "Dossier")
    rows = []
    for dossier in Dossier.objects.only("pk", "applicant_name").iterator(chunk_size=BATCH):
        # The same key as egov.dossiers.intake.receive stores; the column holds 200 characters.
        dossier.applicant_folded = search_key(dossier.applicant_name)[:200]
        rows.append(dossier)
        if len(rows) == BATCH:
            Dossier.objects.bulk_update(rows, ["applicant_folded"])
            rows = []
    Dossier.objects.bulk_update(rows, ["applicant_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0006_online_submission_limits"),
    ]

    operations = [
        migrations.RunPython(refresh, migrations.RunPython.noop, elidable=False),
    ]
