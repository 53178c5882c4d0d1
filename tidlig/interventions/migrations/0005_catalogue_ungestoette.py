from django.db import migrations


def forwards(apps, schema_editor):
    from tidlig.interventions.catalogue import install

    install(apps.get_model("interventions", "MeasureType"))


class Migration(migrations.Migration):
    dependencies = [("interventions", "0004_measure_end_reason_measure_homecoming_decided_on_and_more")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
