"""Trigram indexes for the partner, agreement and meeting searches, on PostgreSQL only."""

from django.db import migrations

from core.search_indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ('partnerships', '0005_marketplace'),
    ]

    operations = [
        trigram_indexes("partnerships_partner", ["name"]),
        trigram_indexes("partnerships_partnershipagreement", ["title", "description"]),
        trigram_indexes("partnerships_meeting", ["name", "host_city", "venue"]),
    ]
