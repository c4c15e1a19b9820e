"""Issue 17, data: each user API token becomes a `read` API token with the same hash, so
every token issued before keeps working; then the second token model goes."""

from django.conf import settings
from django.db import migrations, models


def copy_user_tokens(apps, schema_editor):
    UserApiToken = apps.get_model("onboarding", "UserApiToken")
    ApiToken = apps.get_model("onboarding", "ApiToken")
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                scope="read",
                addon=None,
                user_id=old.user_id,
                label=old.label,
                prefix=old.prefix,
                token_hash=old.token_hash,
                created_at=old.created_at,
                last_used_at=old.last_used_at,
                revoked_at=old.revoked_at,
            )
            for old in UserApiToken.objects.all()
        ]
    )
    # auto_now_add ignores the value given on insert: keep each token's real age.
    for old in UserApiToken.objects.all():
        ApiToken.objects.filter(token_hash=old.token_hash).update(created_at=old.created_at)


def copy_back(apps, schema_editor):
    UserApiToken = apps.get_model("onboarding", "UserApiToken")
    ApiToken = apps.get_model("onboarding", "ApiToken")
    for token in ApiToken.objects.filter(scope="read", user__isnull=False):
        UserApiToken.objects.create(
            user_id=token.user_id,
            label=token.label,
            prefix=token.prefix,
            token_hash=token.token_hash,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )
    ApiToken.objects.filter(scope="read").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0013_issue17_one_api_token"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(copy_user_tokens, copy_back),
        migrations.DeleteModel(name="UserApiToken"),
        migrations.AlterField(
            model_name="apitoken",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="api_tokens",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
