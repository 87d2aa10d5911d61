"""Retire cached city data (the GeoJSON) whenever a row it is built from changes.

Cache invalidation only, no domain rules: the receivers are connected in
CitiesConfig.ready() so that admin edits, services and seeding all count."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from ascn.cache import namespace_bump

from .geojson import CACHE_NAMESPACE
from .models import ActionPlan, City, MemberState, PriorityProject


def _bump(sender, **kwargs):
    namespace_bump(CACHE_NAMESPACE)


def connect():
    for model in (City, MemberState, ActionPlan, PriorityProject):
        uid = f"cities-cache-{model._meta.label_lower}"
        post_save.connect(_bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (ActionPlan.focus_areas.through, PriorityProject.focus_areas.through):
        m2m_changed.connect(_bump, sender=through, dispatch_uid=f"cities-cache-{through}")
