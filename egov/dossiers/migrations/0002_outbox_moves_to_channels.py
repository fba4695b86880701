"""The outbox now belongs to the channels app (channels.0001 took the table into its state, channels.0002
reshapes it): drop the model from this app's state only, so no row is lost."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0001_dossier_lifecycle"),
        ("channels", "0001_outbox_from_dossiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutboxMessage")],
            database_operations=[],
        ),
    ]
