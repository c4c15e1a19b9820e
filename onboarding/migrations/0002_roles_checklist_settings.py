"""Create the five role groups with their permissions, checklist v1 and the settings row."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from onboarding.checklist_v1 import CATEGORY_GUIDANCE, ITEMS
from onboarding.roles import ROLE_PERMISSIONS


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    app_config = apps.get_app_config("onboarding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="onboarding", codename__in=codenames)
        )


def create_checklist_v1(apps, schema_editor):
    Template = apps.get_model("onboarding", "ChecklistTemplate")
    Item = apps.get_model("onboarding", "ChecklistTemplateItem")
    template, created = Template.objects.get_or_create(
        version=1,
        defaults={"notes": "Default checklist from CHECKLIST.md", "published_at": timezone.now()},
    )
    if not created:
        return
    Item.objects.bulk_create(
        Item(
            template=template,
            position=position,
            key=key,
            category=category,
            title=title,
            guidance=CATEGORY_GUIDANCE.get(category, ""),
            side=side,
            gate=gate,
            evidence_required=evidence,
        )
        for position, (key, category, title, side, gate, evidence) in enumerate(ITEMS, start=1)
    )


def create_settings(apps, schema_editor):
    apps.get_model("onboarding", "PortalSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(create_checklist_v1, migrations.RunPython.noop),
        migrations.RunPython(create_settings, migrations.RunPython.noop),
    ]
