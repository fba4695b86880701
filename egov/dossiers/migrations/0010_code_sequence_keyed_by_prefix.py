from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_code_sequence_prefix_from_agency"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="codesequence",
            name="code_sequence_unique",
        ),
        migrations.RemoveField(
            model_name="codesequence",
            name="agency",
        ),
        migrations.AddConstraint(
            model_name="codesequence",
            constraint=models.UniqueConstraint(fields=("prefix", "day"), name="code_sequence_prefix_day"),
        ),
    ]
