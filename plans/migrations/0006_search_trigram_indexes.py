"""Trigram indexes for the plan and project searches, on PostgreSQL only."""

from django.db import migrations

from core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ('plans', '0005_project_needs'),
    ]

    operations = [
        trigram_indexes("plans_actionplan", ["title", "summary"]),
        trigram_indexes("plans_priorityproject", ["title", "description"]),
    ]
