"""factory_boy factories for every model. Names are plainly fictional."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from accounts.services import secretariat_group_sync
from cities.models import City, CityCohort, FocusArea, MemberState, StrategicOutcome
from partnerships.models import (
    Interest,
    Meeting,
    Organisation,
    OrganisationMember,
    Partner,
    PartnershipAgreement,
)
from plans.models import (
    ActionPlan,
    ActionPlanEvent,
    ActionPlanStatus,
    Notification,
    PlanAttachment,
    PriorityProject,
)
from representatives.models import ChiefSmartCityOfficer, NationalRepresentative

# First letters of no member state's code in the fixtures or written in a test (BN, ID,
# KH, LA, MM, MY, PH, SG, TH, TL, VN, AA, BB, NL, QA, QB, ZV...): a factory's code never
# meets one of those, however many member states the tests made before (a sequence of
# plain letters reached VN after forty).
FREE_FIRST_LETTERS = "CDEFGHJORUWXY"


def _free_code(n, width):
    """The n-th code of `width` letters whose first letter is a free one."""
    first, rest = divmod(n, 26 ** (width - 1))
    return FREE_FIRST_LETTERS[first % len(FREE_FIRST_LETTERS)] + _letters(rest, width - 1)


def _letters(n, width):
    """A unique upper-case code for the n-th row: AA, AB, ... (or AAA, AAB, ...)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        n, rest = divmod(n, 26)
        out = alphabet[rest] + out
    return out


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def secretariat(self, create, extracted, **kwargs):
        if create and extracted:
            self.is_staff = True
            self.groups.add(secretariat_group_sync())
        if create:
            self.save()


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState

    name = factory.Sequence(lambda n: f"Testland {n}")
    official_short_name = factory.LazyAttribute(lambda o: o.name)
    iso_alpha2 = factory.Sequence(lambda n: _free_code(n, 2))
    iso_alpha3 = factory.Sequence(lambda n: _free_code(n, 3))
    capital = factory.LazyAttribute(lambda o: f"{o.name} City")
    asean_accession_on = datetime.date(1967, 8, 8)


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Test City {n}")
    slug = factory.Sequence(lambda n: f"test-city-{n}")
    member_state = factory.SubFactory(MemberStateFactory)
    latitude = Decimal("1.2897")
    longitude = Decimal("103.8501")
    joined_year = 2018
    cohort = CityCohort.PILOT_2018
    description = "A fictional city for tests."


class StrategicOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicOutcome

    key = factory.Sequence(lambda n: f"outcome-{n}")
    name = factory.Sequence(lambda n: f"Outcome {n}")


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Focus area {n}")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Smart City Action Plan {n}")
    period_start_year = 2025
    period_end_year = 2030
    summary = "A fictional plan."
    status = ActionPlanStatus.DRAFT


class ActionPlanEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlanEvent

    plan = factory.SubFactory(ActionPlanFactory)
    from_status = ActionPlanStatus.DRAFT
    to_status = ActionPlanStatus.SUBMITTED


class PriorityProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityProject

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Priority project {n}")
    description = "A fictional project."
    estimated_cost = Decimal("1000000")
    currency = "USD"


class NationalRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalRepresentative

    member_state = factory.SubFactory(MemberStateFactory)
    full_name = factory.Sequence(lambda n: f"Representative Example {n}")
    title = "National Representative"
    email = factory.Sequence(lambda n: f"rep{n}@example.org")
    phone = "+00 0000 0000"
    term_start_on = datetime.date(2024, 1, 1)


class ChiefSmartCityOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChiefSmartCityOfficer

    city = factory.SubFactory(CityFactory)
    full_name = factory.Sequence(lambda n: f"Officer Example {n}")
    title = "Chief Smart City Officer"
    email = factory.Sequence(lambda n: f"csco{n}@example.org")
    phone = "+00 0000 0001"
    term_start_on = datetime.date(2024, 1, 1)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Example Partner {n}")
    slug = factory.Sequence(lambda n: f"example-partner-{n}")
    kind = "private"
    country_code = "AU"


class PartnershipAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipAgreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Example agreement {n}")
    slug = factory.Sequence(lambda n: f"example-agreement-{n}")
    kind = "mou"
    signed_on = datetime.date(2024, 7, 1)
    amount = Decimal("5000000")
    currency = "AUD"

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"Example meeting {n}")
    slug = factory.Sequence(lambda n: f"example-meeting-{n}")
    kind = "workshop"
    year = 2024
    start_on = datetime.date(2024, 7, 30)
    host_country = factory.SubFactory(MemberStateFactory)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class PlanAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAttachment

    plan = factory.SubFactory(ActionPlanFactory)
    file = factory.django.FileField(filename="plan.pdf", data=MINIMAL_PDF)
    original_name = "plan.pdf"
    size = len(MINIMAL_PDF)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    plan = factory.SubFactory(ActionPlanFactory)
    kind = "submitted"
    subject = "A plan was submitted"
    body = "Open your dashboard."


# ------------------------------------------------------------------------------
# The marketplace
# ------------------------------------------------------------------------------
class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Organisation {n}")
    slug = factory.Sequence(lambda n: f"example-organisation-{n}")
    kind = "company"
    country_code = "JP"
    website = "https://organisation.example"
    contact_name = "Contact Person"
    contact_email = factory.Sequence(lambda n: f"contact{n}@organisation.example")
    contact_phone = "+00 0000 0002"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    verified_at = factory.LazyFunction(timezone.now)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    project = factory.SubFactory(PriorityProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    support = factory.LazyFunction(lambda: ["technology"])
    message = "We can help."
