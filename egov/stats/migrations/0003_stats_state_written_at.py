from django.db import migrations, models


def make_the_row(apps, schema_editor):
    """The one state row the moves note their moment in (they only update it)."""
    apps.get_model("stats", "StatsState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_month_tables_and_due_hour"),
    ]

    operations = [
        migrations.AddField(
            model_name="statsstate",
            name="written_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(make_the_row, migrations.RunPython.noop),
    ]
