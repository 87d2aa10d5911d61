"""Create obviously fictional accounts and representatives for trying the portal locally."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import secretariat_group_sync
from cities.models import City, MemberState
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

DEMO_CITIES = ["bangkok", "singapore"]
DEMO_STATES = ["TH", "SG"]
TERM_START = datetime.date(2024, 1, 1)


class Command(BaseCommand):
    help = (
        "Create fictional demo accounts (secretariat, CSCOs, national representatives). "
        "Refuses to run with DEBUG off. Run `seed` first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default="ascn-demo-2026", help="password for all")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("demo creates fictional accounts and refuses to run with DEBUG off.")
        if not City.objects.filter(slug__in=DEMO_CITIES).exists():
            raise CommandError("No reference data: run `python manage.py seed` first.")
        with transaction.atomic():
            created = self._create(password)
        for line in created:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready; password: {password}"))

    def _user(self, username, password, first_name, **extra):
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": "(demo)",
                "email": f"{username}@example.org",
                **extra,
            },
        )
        user.set_password(password)
        user.save()
        return user

    def _create(self, password):
        lines = []
        staff = self._user("secretariat", password, "Secretariat", is_staff=True)
        staff.groups.add(secretariat_group_sync())
        lines.append("secretariat: secretariat staff (admin at /admin/)")
        for slug in DEMO_CITIES:
            city = City.objects.get(slug=slug)
            user = self._user(f"csco-{slug}", password, f"Demo officer of {city.name}")
            ChiefSmartCityOfficer.objects.update_or_create(
                city=city,
                term_end_on=None,
                defaults={
                    "full_name": f"Demo Officer of {city.name} (fictional)",
                    "title": "Chief Smart City Officer",
                    "organisation": f"{city.name} city administration (demo)",
                    "email": f"csco-{slug}@example.org",
                    "term_start_on": TERM_START,
                    "is_name_public": True,
                    "user": user,
                },
            )
            lines.append(f"csco-{slug}: CSCO of {city.name}")
        for code in DEMO_STATES:
            state = MemberState.objects.get(iso_alpha2=code)
            username = f"rep-{code.lower()}"
            user = self._user(username, password, f"Demo representative of {state.name}")
            NationalRepresentative.objects.update_or_create(
                member_state=state,
                term_end_on=None,
                defaults={
                    "full_name": f"Demo Representative of {state.name} (fictional)",
                    "title": "National Representative",
                    "organisation": f"{state.name} national agency (demo)",
                    "email": f"{username}@example.org",
                    "term_start_on": TERM_START,
                    "is_name_public": True,
                    "user": user,
                },
            )
            lines.append(f"{username}: national representative of {state.name}")
        return lines
