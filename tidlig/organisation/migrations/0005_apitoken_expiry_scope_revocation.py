import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def expire_a_year_after_creation(apps, schema_editor):
    """Tokens made before expiry existed get one year from their creation, and keep writing."""
    ApiToken = apps.get_model("organisation", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + datetime.timedelta(days=365))


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_single_sign_on"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at"], "verbose_name": "API-nøgle", "verbose_name_plural": "API-nøgler"},
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="label",
            field=models.CharField(blank=True, max_length=100, verbose_name="navn"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Kun læse"), ("write", "Læse og skrive")],
                default="write",
                max_length=5,
                verbose_name="adgang",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="udløber"),
        ),
        migrations.RunPython(expire_a_year_after_creation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="udløber"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="tilbagekaldt"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="tilbagekaldt af",
            ),
        ),
    ]
