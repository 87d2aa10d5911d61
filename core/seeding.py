"""Loads natural-key fixtures idempotently: a row is created when missing, updated when
a field differs, and left alone otherwise, so `seed` can run any number of times."""

import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.db import models, transaction


def _resolve(field, value):
    """Turn a fixture value into what the model's attribute (`attname`) holds."""
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        return field.related_model._default_manager.get_by_natural_key(*value).pk
    return field.to_python(value)


@transaction.atomic
def fixture_load(*, path: Path) -> Counter:
    """Apply one fixture file; returns how many rows were created, updated, unchanged."""
    counts = Counter()
    for entry in json.loads(Path(path).read_text(encoding="utf-8")):
        model = apps.get_model(entry["model"])
        opts = model._meta
        plain, many = {}, {}
        for name, value in entry["fields"].items():
            field = opts.get_field(name)
            if field.many_to_many:
                manager = field.related_model._default_manager
                many[name] = {manager.get_by_natural_key(*key).pk for key in value}
            else:
                plain[field.attname] = _resolve(field, value)
        key = plain[model.NATURAL_KEY]
        try:
            instance = model._default_manager.get_by_natural_key(key)
            created = False
        except model.DoesNotExist:
            instance, created = model(), True
        changed = [name for name, value in plain.items() if getattr(instance, name) != value]
        for name in changed:
            setattr(instance, name, plain[name])
        if created or changed:
            instance.full_clean(validate_unique=False, validate_constraints=False)
            instance.save()
        m2m_changed = False
        for name, pks in many.items():
            relation = getattr(instance, name)
            if set(relation.values_list("pk", flat=True)) != pks:
                relation.set(pks)
                m2m_changed = True
        if created:
            counts["created"] += 1
        elif changed or m2m_changed:
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
