"""The outbox table becomes the channels app's own: a generic subject instead of a foreign key to a
dossier, a lease per claim, and the table renamed to `channels_outboxmessage`."""

from django.db import migrations, models
from django.db.models.functions import Cast


def dossier_to_subject(apps, schema_editor):
    OutboxMessage = apps.get_model("channels", "OutboxMessage")
    OutboxMessage.objects.filter(dossier_ref__isnull=False).update(
        subject_type="dossiers.dossier", subject_id=Cast("dossier_ref", models.CharField(max_length=64))
    )


def subject_to_dossier(apps, schema_editor):
    OutboxMessage = apps.get_model("channels", "OutboxMessage")
    OutboxMessage.objects.filter(subject_type="dossiers.dossier").update(
        dossier_ref=Cast("subject_id", models.BigIntegerField())
    )


class Migration(migrations.Migration):

    dependencies = [
        ("channels", "0001_outbox_from_dossiers"),
        ("dossiers", "0002_outbox_moves_to_channels"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="subject_type",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="subject_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(dossier_to_subject, subject_to_dossier),
        migrations.RemoveField(
            model_name="outboxmessage",
            name="dossier_ref",
        ),
        migrations.AlterModelTable(
            name="outboxmessage",
            table=None,
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(fields=["subject_type", "subject_id"], name="outbox_subject"),
        ),
    ]
