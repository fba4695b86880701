"""Data: each day counter keyed by an agency takes that agency's identifier as its prefix, so codes issued
today under the old key are not issued again under the new one."""

from typing import Any

from django.db import migrations


def copy_agency_code(apps: Any, schema_editor: Any) -> None:
    CodeSequence = apps.get_model("dossiers", "CodeSequence")
    for row in CodeSequence.objects.select_related("agency").iterator():
        row.prefix = row.agency.code
        row.save(update_fields=["prefix"])


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0008_dossier_submission_ref_code_sequence_prefix"),
    ]

    operations = [
        migrations.RunPython(copy_agency_code, migrations.RunPython.noop),
    ]
