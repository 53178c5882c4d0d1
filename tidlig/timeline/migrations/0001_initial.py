# Issue 9: the spine (Event, Obligation) moves here from `cases` without copying a row.
#
# 1. State only: the models are created in `timeline` on the existing tables `cases_event` and
#    `cases_obligation` (cases 0004 removed them from the `cases` state; no SQL runs).
# 2. The tables are renamed to `timeline_event` / `timeline_obligation` (ALTER TABLE … RENAME on SQLite and
#    PostgreSQL; rows, foreign keys, the unique constraint and the partial indexes go with the table). No
#    model has a foreign key to either table, and neither table has a trigger (append-only is enforced
#    in Python for events, in the database for audit rows only).
# 3. The two event indexes get names that do not carry the old table's name. The obligation indexes and
#    the unique constraint had explicit names already and keep them.
# 4. Content types (and so any permission on them) follow the models instead of being orphaned.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("event", "obligation")


def content_types_follow(apps, schema_editor, old="cases", new="timeline"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, old="timeline", new="cases")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0004_spine_moves_to_timeline"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0005_apitoken_expiry_scope_revocation"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=80)),
                        ("occurred_at", models.DateTimeField(verbose_name="tidspunkt")),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        ("source", models.CharField(blank=True, max_length=30)),
                        ("source_id", models.BigIntegerField(blank=True, null=True)),
                        ("summary", models.CharField(max_length=300, verbose_name="resumé")),
                        ("data", models.JSONField(blank=True, default=dict)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="events",
                                to="people.child",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisation.municipality",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "hændelse",
                        "verbose_name_plural": "hændelser",
                        "db_table": "cases_event",
                        "indexes": [
                            models.Index(fields=["child", "occurred_at"], name="cases_event_child_i_e6be87_idx"),
                            models.Index(fields=["source", "source_id"], name="cases_event_source_1b42d8_idx"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Obligation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("code", models.CharField(max_length=40)),
                        ("source", models.CharField(max_length=30)),
                        ("source_id", models.BigIntegerField()),
                        ("due_at", models.DateTimeField()),
                        ("due_date", models.DateField()),
                        ("due_is_time", models.BooleanField(default=False)),
                        ("met_at", models.DateTimeField(blank=True, null=True)),
                        ("not_applicable", models.BooleanField(default=False)),
                        ("is_open", models.BooleanField(default=True)),
                        (
                            "assignee",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "child",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="obligations",
                                to="people.child",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisation.municipality",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="organisation.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "frist",
                        "verbose_name_plural": "frister",
                        "db_table": "cases_obligation",
                        "indexes": [
                            models.Index(
                                condition=models.Q(("is_open", True)),
                                fields=["assignee", "due_at"],
                                name="obl_open_assignee",
                            ),
                            models.Index(
                                condition=models.Q(("is_open", True)),
                                fields=["team", "due_at"],
                                name="obl_open_team",
                            ),
                            models.Index(fields=["child", "due_at"], name="obl_child"),
                            models.Index(
                                condition=models.Q(("is_open", True)),
                                fields=["municipality", "code", "due_at"],
                                name="obl_open_code",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("source", "source_id", "code"), name="obligation_unique_per_source"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="event", table=None),
        migrations.AlterModelTable(name="obligation", table=None),
        migrations.RenameIndex(
            model_name="event", new_name="event_child_occurred", old_name="cases_event_child_i_e6be87_idx"
        ),
        migrations.RenameIndex(model_name="event", new_name="event_source", old_name="cases_event_source_1b42d8_idx"),
        migrations.RunPython(content_types_follow, content_types_go_back, elidable=True),
    ]
