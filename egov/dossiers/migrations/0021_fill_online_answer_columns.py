# The answers written before 0020 get its columns (egov.dossiers.steps.write_event writes them since), then
# statistics of the two new indexes.

from django.db import migrations
from django.db.models import OuterRef, Subquery

#: The moves whose history row keeps `data["accept_late"]` (online_queue.ONLINE_ANSWERS when written).
ANSWERS = ("accept", "ask_to_complete", "reject")


def fill(apps, schema_editor):
    """The existing answers get the columns steps.write_event now writes: the dossier's receiving agency
    for every row the panel counted before (an answer with the key), and the key's value when it is a
    true or false one (anything else was counted neither on time nor late, and stays NULL)."""
    Event = apps.get_model("dossiers", "DossierEvent")
    Dossier = apps.get_model("dossiers", "Dossier")
    answers = Event.objects.filter(action__in=ANSWERS, data__has_key="accept_late")
    agency = Dossier.objects.filter(pk=OuterRef("dossier_id")).values("receiving_agency_id")[:1]
    answers.update(answer_agency_id=Subquery(agency))
    for late in (False, True):
        answers.filter(data__accept_late=late).update(accept_late=late)


def analyze(apps, schema_editor):
    """Statistics of the new indexes, without which SQLite may prefer an older index of the same column
    (as in 0017)."""
    if schema_editor.connection.vendor == "sqlite":
        for name in ("dossier_online_waiting", "dossier_event_online_answer"):
            schema_editor.execute(f"ANALYZE {schema_editor.quote_name(name)}")
        return
    for model in ("Dossier", "DossierEvent"):
        table = apps.get_model("dossiers", model)._meta.db_table
        schema_editor.execute(f"ANALYZE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0020_online_answer_columns"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
