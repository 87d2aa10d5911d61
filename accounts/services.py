"""Writes on accounts and roles."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

# The apps whose every model the secretariat edits in the admin.
SECRETARIAT_APPS = (
    "accounts",
    "authtoken",
    "cities",
    "representatives",
    "plans",
    "partnerships",
    "network",
)


@transaction.atomic
def secretariat_group_sync():
    """Create the Secretariat group if needed and give it every model permission of the
    portal's apps; running it again changes nothing. Returns the group."""
    group, _ = Group.objects.get_or_create(name=settings.ASCN_SECRETARIAT_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS)
    missing = wanted.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
    return group
