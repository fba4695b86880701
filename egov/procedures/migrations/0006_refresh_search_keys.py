"""Rebuild every procedure's search key with the search folding (i/y variants, whole words, codes without dots).

This refresh calls the live `egov.core.text.search_key` on purpose: the key must be what today's
query code expects. A later change of the folding adds its own refresh migration after this one.
"""

from django.db import migrations


def refresh(apps, schema_editor):
    from egov.core.text import fold, search_key

    Procedure = apps.get_model("procedures", "Procedure")
    Field = apps.get_model("procedures", "Field")
    fields = []
    for field in Field.objects.all():
        field.name_folded = fold(field.name)
        fields.append(field)
    Field.objects.bulk_update(fields, ["name_folded"], batch_size=500)
    rows = []
    for procedure in Procedure.objects.select_related("field").iterator(chunk_size=500):
        # The same parts, in the same order, as egov.procedures.services.catalogue.reindex.
        procedure.name_folded = fold(procedure.name)
        procedure.search_text = search_key(
            procedure.name, procedure.code, procedure.field.name, procedure.field.code
        )
        rows.append(procedure)
    Procedure.objects.bulk_update(rows, ["name_folded", "search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0005_same_day_time_limit"),
    ]

    operations = [
        migrations.RunPython(refresh, migrations.RunPython.noop, elidable=False),
    ]
