"""Load the network's reference data and the secretariat group; safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import secretariat_group_sync
from core.seeding import fixture_load
from network.services import reference_repair
from plans.services import city_publication_refresh

REFERENCE_FIXTURES = ["reference.json"]
REPAIRS = "reference_repairs.json"


class Command(BaseCommand):
    help = (
        "Load the reference data in fixtures/ (member states, cities, framework, partners, "
        "agreements, meetings, projects on public record, governance, documents), repair "
        "rows an earlier version wrote, and create the Secretariat group. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        fixtures_dir = Path(settings.BASE_DIR) / "fixtures"
        for name in REFERENCE_FIXTURES:
            counts = fixture_load(path=fixtures_dir / name)
            self.stdout.write(
                f"{name}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        repairs = json.loads((fixtures_dir / REPAIRS).read_text(encoding="utf-8"))
        removed = reference_repair(**repairs)
        self.stdout.write(
            f"repairs: {removed['partners']} partners and {removed['plans']} plans removed"
        )
        city_publication_refresh()
        group = secretariat_group_sync()
        self.stdout.write(f"group {group.name!r}: {group.permissions.count()} model permissions")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
