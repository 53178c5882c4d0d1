"""One stored obligation row per period of a recurring obligation (issue 12, § 156, stk. 5 and § 79).

Every existing row keeps its data and gets period 0 (a one-off obligation); the unique key widens from
(source, source_id, code) to (source, source_id, code, period), so the old rows stay unique on SQLite and
PostgreSQL alike. The next write to a placement re-derives its visits and offers as periods 1, 2, … and
drops its old period-0 row (`tidlig refresh_obligations` does it for every measure at once).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="obligation",
            name="period",
            field=models.PositiveIntegerField(default=0, verbose_name="periode"),
        ),
        migrations.RemoveConstraint(
            model_name="obligation",
            name="obligation_unique_per_source",
        ),
        migrations.AddConstraint(
            model_name="obligation",
            constraint=models.UniqueConstraint(
                fields=("source", "source_id", "code", "period"), name="obligation_unique_per_period"
            ),
        ),
    ]
