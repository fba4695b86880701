"""The day counters are keyed by the code's prefix, no longer by the receiving agency.

Reversible, so that an upgrade can be rolled back: going back, each counter returns to the agency whose
identifier is its prefix; a counter whose prefix names no agency (the National Portal's, for inter-agency
groups filed online) has no place in the old schema and is dropped.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def back_to_agencies(apps: Any, schema_editor: Any) -> None:
    CodeSequence = apps.get_model("dossiers", "CodeSequence")
    Agency = apps.get_model("organizations", "Agency")
    ids = dict(Agency.objects.values_list("code", "id"))
    for row in CodeSequence.objects.iterator():
        if row.prefix in ids:
            row.agency_id = ids[row.prefix]
            row.save(update_fields=["agency"])
        else:
            row.delete()
    if schema_editor.connection.vendor == "postgresql":
        # The foreign keys just written are checked at commit; the NOT NULL that follows (an ALTER TABLE)
        # refuses to run while those checks are pending, so run them now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_code_sequence_prefix_from_agency"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="codesequence",
            name="code_sequence_unique",
        ),
        migrations.AlterField(
            model_name="codesequence",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.agency",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, back_to_agencies),
        migrations.RemoveField(
            model_name="codesequence",
            name="agency",
        ),
        migrations.AddConstraint(
            model_name="codesequence",
            constraint=models.UniqueConstraint(fields=("prefix", "day"), name="code_sequence_prefix_day"),
        ),
    ]
