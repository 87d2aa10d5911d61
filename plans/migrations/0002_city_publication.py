from django.db import migrations


def city_publication_fill(apps, schema_editor):
    """Fill each city's published project count and focus areas from its plan in force
    (the same rule as plans.services.city_publication_refresh)."""
    City = apps.get_model("cities", "City")
    ActionPlan = apps.get_model("plans", "ActionPlan")
    PriorityProject = apps.get_model("plans", "PriorityProject")
    in_force = (
        ActionPlan.objects.filter(status="approved", city__is_active=True)
        .exclude(revision__status="approved")
        .values_list("pk", "city_id")
    )
    city_of = dict(in_force)
    counts, pairs = {}, set()
    for plan_id, area_id in ActionPlan.focus_areas.through.objects.filter(
        actionplan_id__in=city_of
    ).values_list("actionplan_id", "focusarea_id"):
        pairs.add((city_of[plan_id], area_id))
    projects = PriorityProject.objects.filter(plan_id__in=city_of).values_list("pk", "plan_id")
    project_city = {pk: city_of[plan_id] for pk, plan_id in projects}
    for city_id in project_city.values():
        counts[city_id] = counts.get(city_id, 0) + 1
    for project_id, area_id in PriorityProject.focus_areas.through.objects.filter(
        priorityproject_id__in=project_city
    ).values_list("priorityproject_id", "focusarea_id"):
        pairs.add((project_city[project_id], area_id))
    for city_id, count in counts.items():
        City.objects.filter(pk=city_id).update(published_project_count=count)
    through = City.published_focus_areas.through
    through.objects.bulk_create(
        [through(city_id=city_id, focusarea_id=area_id) for city_id, area_id in sorted(pairs)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("cities", "0003_plans_moved_out"),
    ]

    operations = [migrations.RunPython(city_publication_fill, migrations.RunPython.noop)]
