# Issue 9: Event and Obligation leave `cases` for the new `timeline` app. Only Django's model state changes
# here; the tables and their rows stay, and timeline 0001 takes them over (and renames them).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_assessment_childconversation_investigation_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Event"),
                migrations.DeleteModel(name="Obligation"),
            ],
            database_operations=[],
        ),
    ]
