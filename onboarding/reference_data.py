"""Rows the portal cannot work without: the role groups, checklist v1, the settings row.

Written by data migration 0002 (with the historical `apps`); idempotent, so tests that flush
the database (live-server and threaded tests) can put them back with the current registry.
"""

from django.contrib.auth.management import create_permissions
from django.utils import timezone

from .checklist_v1 import CATEGORY_GUIDANCE, ITEMS
from .rules.roles import ROLE_PERMISSIONS


def create_roles(apps):
    # Permissions are normally created after migrate; the groups need them now.
    app_config = apps.get_app_config("onboarding")
    stub = not getattr(app_config, "models_module", None)
    if stub:
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    if stub:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="onboarding", codename__in=codenames)
        )


def create_checklist_v1(apps):
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


def create_settings(apps):
    apps.get_model("onboarding", "PortalSettings").objects.get_or_create(pk=1)


def ensure(apps=None):
    from django.apps import apps as registry

    apps = apps or registry
    create_roles(apps)
    create_checklist_v1(apps)
    create_settings(apps)
