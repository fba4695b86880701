"""The outbox moves from `dossiers` to `channels` without losing a row.

This migration only takes the existing table `dossiers_outboxmessage` into the
channels app's state, as it is (its `dossier_id` column becomes a plain integer
here, `dossier_ref`); `dossiers.0002` then drops the model from the dossiers
app's state, and `channels.0002` changes the table itself.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("dossiers", "0001_dossier_lifecycle"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutboxMessage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("topic", models.CharField(choices=[("email", "Email"), ("sms", "SMS")], max_length=10)),
                        ("payload", models.JSONField()),
                        ("created_at", models.DateTimeField()),
                        ("available_at", models.DateTimeField()),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("failed_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("dossier_ref", models.BigIntegerField(blank=True, db_column="dossier_id", null=True)),
                    ],
                    options={
                        "ordering": ["id"],
                        "db_table": "dossiers_outboxmessage",
                        "indexes": [models.Index(fields=["sent_at", "failed_at", "available_at"], name="outbox_due")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
