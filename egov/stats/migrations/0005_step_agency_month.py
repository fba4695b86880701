"""The step-month histograms without the handler (`StepAgencyMonthFigure`), filled from the per-handler month
rows already kept, so an upgrade needs no `rebuild_stats`: the same sums `keeping.with_months` keeps from
now on, which `check_stats` then compares with a recount."""

from django.db import migrations, models


def fill(apps, schema_editor):
    quote = schema_editor.quote_name
    new = quote(apps.get_model("stats", "StepAgencyMonthFigure")._meta.db_table)
    old = quote(apps.get_model("stats", "StepMonthFigure")._meta.db_table)
    key = ", ".join(quote(c) for c in ("month", "step", "agency", "bucket", "late"))
    count = quote("count")
    schema_editor.execute(
        f"INSERT INTO {new} ({key}, {count}) SELECT {key}, SUM({count}) FROM {old} GROUP BY {key}"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('stats', '0004_counter'),
    ]

    operations = [
        migrations.CreateModel(
            name='StepAgencyMonthFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('step', models.IntegerField()),
                ('agency', models.IntegerField()),
                ('bucket', models.SmallIntegerField()),
                ('late', models.BooleanField(default=False)),
                ('count', models.IntegerField(default=0)),
            ],
            options={
                'indexes': [models.Index(fields=['agency', 'step', 'bucket', 'late', 'month', 'count'], name='stats_step_agency_cover')],
                'constraints': [models.UniqueConstraint(fields=('agency', 'step', 'bucket', 'late', 'month'), name='stats_step_agency_month_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
