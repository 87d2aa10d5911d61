"""Create obviously fictional accounts and representatives for trying the portal locally."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import secretariat_group_sync
from cities.models import City, MemberState
from partnerships.models import Organisation, OrganisationMember
from plans import services as plan_services
from plans.models import ActionPlan
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

DEMO_CITIES = ["bangkok", "singapore"]
DEMO_STATES = ["TH", "SG"]
TERM_START = datetime.date(2024, 1, 1)
DEMO_PLAN_TITLE = "Demo Smart City Action Plan (fictional)"
# Fictional projects seeking partners, published through the real workflow.
DEMO_PROJECTS = {
    "bangkok": [
        (
            "Demo: canal-side flood sensors",
            ["technology", "expertise"],
            "Low-cost water-level sensors along two canals, with an open dashboard.",
            "2500000",
        ),
        (
            "Demo: electric river ferries",
            ["finance", "technology"],
            "Finance and suppliers for six electric ferries and their charging piers.",
            "18000000",
        ),
    ],
    "singapore": [
        (
            "Demo: cooling the heat islands",
            ["expertise", "other"],
            "Research partners to measure and cool three urban heat islands.",
            "1200000",
        ),
    ],
}


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
        lines += self._marketplace(password, staff)
        return lines

    def _marketplace(self, password, staff):
        """A verified demo organisation and published demo projects seeking partners,
        made through the plan workflow's services as the demo accounts would."""
        lines = []
        user = self._user("partner-demo", password, "Demo partner")
        organisation, _ = Organisation.objects.get_or_create(
            slug="demo-partner",
            defaults={
                "name": "Demo Partner Organisation (fictional)",
                "kind": "company",
                "country_code": "JP",
                "website": "https://partner.example",
                "contact_name": "Demo Partner Contact",
                "contact_email": "partner-demo@example.org",
                "contact_phone": "+00 0000 0000",
                "email_confirmed_at": timezone.now(),
            },
        )
        OrganisationMember.objects.get_or_create(user=user, defaults={"organisation": organisation})
        if organisation.verified_at is None:
            organisation.verified_at = timezone.now()
            organisation.verified_by = staff
            organisation.save(update_fields=["verified_at", "verified_by"])
        lines.append("partner-demo: member of a verified demo partner organisation")
        for slug, projects in DEMO_PROJECTS.items():
            city = City.objects.get(slug=slug)
            if ActionPlan.objects.filter(city=city, title=DEMO_PLAN_TITLE).exists():
                continue
            officer = User.objects.get(username=f"csco-{slug}")
            rep = User.objects.get(username=f"rep-{city.member_state.iso_alpha2.lower()}")
            plan = plan_services.action_plan_create(
                user=officer,
                city=city,
                title=DEMO_PLAN_TITLE,
                period_start_year=2026,
                period_end_year=2030,
                summary="A fictional plan for trying the portal.",
            )
            for position, (title, kinds, need, cost) in enumerate(projects):
                plan_services.priority_project_create(
                    user=officer,
                    plan=plan,
                    title=title,
                    description="A fictional project for trying the marketplace.",
                    estimated_cost=cost,
                    currency="USD",
                    funding_status="seeking",
                    is_seeking_partners=True,
                    support_kinds=kinds,
                    need_description=need,
                    position=position,
                )
            plan_services.action_plan_submit(user=officer, plan=plan)
            plan_services.action_plan_endorse(user=rep, plan=plan)
            plan_services.action_plan_approve(user=staff, plan=plan)
            lines.append(f"{city.name}: demo plan published with {len(projects)} projects")
        return lines
