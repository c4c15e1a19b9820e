"""Issue 17, schema: the push token model becomes the one API token model (scopes, expiry);
replaced SLO buckets are kept; names and titles become one line."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import onboarding.bounds


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0012_issue16_objection_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Every existing row is a push token for its addon.
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[
                    ("read", "Read the JSON API as its user"),
                    ("push", "Push one addon's SLO measurements"),
                ],
                default="push",
                max_length=8,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="addon",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tokens",
                to="onboarding.addon",
            ),
        ),
        migrations.RenameField(model_name="apitoken", old_name="created_by", new_name="user"),
        migrations.AlterField(
            model_name="apitoken",
            name="label",
            field=models.CharField(max_length=100, validators=[onboarding.bounds.one_line]),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="prefix",
            field=models.CharField(editable=False, max_length=12),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AlterModelOptions(
            name="apitoken",
            options={"ordering": ["-created_at"], "verbose_name": "API token"},
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("addon__isnull", True), ("scope", "read")),
                    models.Q(("addon__isnull", False), ("scope", "push")),
                    _connector="OR",
                ),
                name="api_token_push_names_its_addon",
            ),
        ),
        migrations.CreateModel(
            name="SLOBucketHistory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateTimeField()),
                ("good", models.BigIntegerField()),
                ("total", models.BigIntegerField()),
                ("replaced_at", models.DateTimeField(auto_now_add=True)),
                ("replaced_by", models.CharField(max_length=200)),
                (
                    "slo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bucket_history",
                        to="onboarding.slo",
                    ),
                ),
            ],
            options={
                "verbose_name": "replaced SLO bucket",
                "ordering": ["slo", "start", "replaced_at"],
                "indexes": [models.Index(fields=["slo", "start"], name="bucket_history_slo_start")],
            },
        ),
        migrations.AlterField(
            model_name="addon",
            name="name",
            field=models.CharField(max_length=100, validators=[onboarding.bounds.one_line]),
        ),
        migrations.AlterField(
            model_name="slo",
            name="name",
            field=models.CharField(max_length=100, validators=[onboarding.bounds.one_line]),
        ),
        migrations.AlterField(
            model_name="sop",
            name="title",
            field=models.CharField(max_length=200, validators=[onboarding.bounds.one_line]),
        ),
        migrations.AlterField(
            model_name="team",
            name="name",
            field=models.CharField(
                max_length=100, unique=True, validators=[onboarding.bounds.one_line]
            ),
        ),
    ]
