"""Take from an existing Secretariat group the permissions it no longer gets (groups,
permissions, API tokens): accounts.services.secretariat_group_sync gives new ones only
the network's records and user accounts."""

from django.conf import settings
from django.db import migrations

KEPT_APPS = ("accounts", "cities", "representatives", "plans", "partnerships")


def remove_extra_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=settings.ASCN_SECRETARIAT_GROUP).first()
    if group is not None:
        extra = group.permissions.exclude(content_type__app_label__in=KEPT_APPS)
        group.permissions.remove(*extra)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(remove_extra_permissions, migrations.RunPython.noop)]
