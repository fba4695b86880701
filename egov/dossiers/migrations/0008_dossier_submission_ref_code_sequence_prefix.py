from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_refresh_applicant_search_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="submission_ref",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=32,
                null=True,
                unique=True,
                verbose_name="submission reference",
            ),
        ),
        migrations.AddField(
            model_name="codesequence",
            name="prefix",
            field=models.CharField(default="", max_length=40),
            preserve_default=False,
        ),
    ]
