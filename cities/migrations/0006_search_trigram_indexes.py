"""Trigram indexes for the city search (name, ASCN-listed name), on PostgreSQL only."""

from django.db import migrations

from core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ('cities', '0005_seeking_project_count'),
    ]

    operations = [trigram_indexes("cities_city", ["name", "ascn_listed_name"])]
