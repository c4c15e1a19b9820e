"""Create the five role groups with their permissions, checklist v1 and the settings row."""

from django.db import migrations

from onboarding import reference_data


def forwards(apps, schema_editor):
    reference_data.ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
