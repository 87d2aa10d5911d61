"""A city's public page reads only what the city has: its queries per kind of city, and
what each kind shows (no plan, a plan without projects, attachments, agreements,
projects on record with stated or inferred focus areas, an officer named or not)."""

import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cities.views import map_assets, map_assets_lazy
from network.models import RecordedProject
from plans.models import PriorityProject
from plans.pages import PROJECT_ITEM_FIELDS
from portal.views import records_present
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    PartnershipAgreementFactory,
    PlanAttachmentFactory,
    PriorityProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def warm_then_count(client, city):
    """The queries of a page the response cache cannot answer (a new query string),
    once the process has read what it keeps per data version."""
    url = city.get_absolute_url()
    assert client.get(url, {"warm": 1}).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, {"count": 1})
    assert response.status_code == 200
    return response, len(context.captured_queries)


def city_with_plan():
    city = CityFactory()
    plan = ActionPlanFactory(city=city, status="approved")
    area = FocusAreaFactory()
    PriorityProjectFactory(plan=plan, title="Filed").focus_areas.add(area)
    PriorityProjectFactory(plan=plan, title="Unfiled")
    ChiefSmartCityOfficerFactory(city=city, is_name_public=True)
    return city, plan


def test_city_page_with_plan_and_projects_costs_four_queries(client):
    # the city and its member state, the plan in force, its projects with their focus
    # areas, the current officer
    city, _plan = city_with_plan()
    response, queries = warm_then_count(client, city)
    assert queries == 4
    assert "Filed" in response.text and "Unfiled" in response.text


def test_city_page_signed_in_adds_only_the_readers_own_queries(client):
    city, _plan = city_with_plan()
    client.force_login(UserFactory())
    _response, queries = warm_then_count(client, city)
    assert queries == 4 + 2  # the session, the user with its secretariat membership


def test_city_page_reads_attachments_agreements_and_recorded_projects_only_when_present(
    client,
):
    city, plan = city_with_plan()
    PlanAttachmentFactory(plan=plan, original_name="full-plan.pdf")
    PartnershipAgreementFactory(title="Water pairing", cities=[city])
    RecordedProject.objects.create(key="rp-1", city=city, title="Flood sensors")
    response, queries = warm_then_count(client, city)
    assert queries == 4 + 3
    text = response.text
    assert "full-plan.pdf" in text and "Water pairing" in text and "Flood sensors" in text


def test_city_page_without_plan_reads_no_project(client):
    city = CityFactory()
    response, queries = warm_then_count(client, city)
    assert queries == 3  # the city, no plan in force, no officer
    assert "No action plan has been published for this city yet." in response.text
    assert "Not recorded" in response.text


def test_city_page_with_plan_without_projects(client):
    city = CityFactory()
    ActionPlanFactory(city=city, status="approved", title="Empty plan")
    response, _queries = warm_then_count(client, city)
    assert "Empty plan" in response.text
    assert "No priority project." in response.text


def test_city_page_officer_not_public_is_never_in_the_context(client):
    city = CityFactory()
    ChiefSmartCityOfficerFactory(
        city=city, full_name="Hidden Person", title="Head of Digital", is_name_public=False
    )
    response = client.get(city.get_absolute_url())
    assert response.context["officer"] == {
        "is_name_public": False,
        "full_name": "",
        "title": "Head of Digital",
    }
    assert "Hidden Person" not in response.text
    assert "<dd>Head of Digital</dd>" in response.text


def test_city_page_links_each_attachment_of_the_plan(client):
    city = CityFactory()
    plan = ActionPlanFactory(city=city, status="approved")
    first = PlanAttachmentFactory(plan=plan, original_name="a <b>.pdf", size=2048)
    second = PlanAttachmentFactory(plan=plan, original_name="annex.pdf")
    text = client.get(city.get_absolute_url()).text
    assert (
        f'<li><a href="/action-plans/{plan.uuid}/attachments/{first.uuid}/">a &lt;b&gt;.pdf</a> '
        '<span class="muted">(PDF, 2.0\xa0KB)</span></li>'
    ) in text
    assert f"/action-plans/{plan.uuid}/attachments/{second.uuid}/" in text
    assert text.index("a &lt;b&gt;.pdf") < text.index("annex.pdf")


def test_city_page_labels_an_inferred_focus_area_as_inferred(client):
    city = CityFactory()
    stated, inferred = FocusAreaFactory(name="Health"), FocusAreaFactory(name="Mobility")
    RecordedProject.objects.create(key="rp-s", city=city, title="Stated", focus_area=stated)
    RecordedProject.objects.create(
        key="rp-i", city=city, title="Inferred", inferred_focus_area=inferred
    )
    text = client.get(city.get_absolute_url()).text
    assert f'Focus area: <a href="{stated.get_absolute_url()}">Health</a>' in text
    assert "Focus area inferred by the secretariat, not stated by the source: Mobility" in text


def test_city_page_agreements_in_their_order_with_their_dates(client):
    city = CityFactory()
    PartnershipAgreementFactory(
        title="Older", slug="older", cities=[city], signed_on=datetime.date(2019, 10, 3)
    )
    PartnershipAgreementFactory(
        title="Month <only>",
        slug="month-only",
        cities=[city],
        signed_on=datetime.date(2023, 5, 1),
        signed_on_precision="month",
    )
    PartnershipAgreementFactory(title="Undated", slug="undated", cities=[city], signed_on=None)
    PartnershipAgreementFactory(title="Elsewhere", slug="elsewhere", cities=[CityFactory()])
    text = client.get(city.get_absolute_url()).text
    assert (
        '<li><a href="/partnerships/month-only/">Month &lt;only&gt;</a> '
        '<span class="muted">(May 2023)</span></li>'
    ) in text
    assert '<span class="muted">(3 October 2019)</span>' in text
    assert '<li><a href="/partnerships/undated/">Undated</a></li>' in text
    assert "Elsewhere" not in text
    assert text.index("Month &lt;only&gt;") < text.index("Older")


def test_city_page_shows_an_agreement_added_after_a_first_read(client):
    city = CityFactory()
    url = city.get_absolute_url()
    assert "Later pairing" not in client.get(url, {"q": 1}).text
    PartnershipAgreementFactory(title="Later pairing", cities=[city])
    RecordedProject.objects.create(key="rp-later", city=city, title="Later record")
    plan = ActionPlanFactory(city=city, status="approved")
    assert "<h4>Documents</h4>" not in client.get(url, {"q": 2}).text
    PlanAttachmentFactory(plan=plan, original_name="later.pdf")
    text = client.get(url, {"q": 3}).text
    assert "Later pairing" in text and "Later record" in text
    assert "<h4>Documents</h4>" in text and "later.pdf" in text


def test_records_present_names_only_cities_and_plans_that_have_them():
    with_all, without = CityFactory(), CityFactory()
    plan = ActionPlanFactory(city=with_all, status="approved")
    bare_plan = ActionPlanFactory(city=without, status="approved")
    PlanAttachmentFactory(plan=plan)
    PartnershipAgreementFactory(cities=[with_all])
    PartnershipAgreementFactory(cities=[])
    RecordedProject.objects.create(key="rp-x", city=with_all, title="X")
    present = records_present()
    assert present.cities_with_agreements == {with_all.pk}
    assert present.cities_with_recorded_projects == {with_all.pk}
    assert present.plans_with_attachments == {plan.pk}
    assert bare_plan.pk not in present.plans_with_attachments


@pytest.mark.parametrize("stale", [False, True])
def test_grouped_rows_are_the_groups_of_grouped_by_focus_area(stale):
    plan = ActionPlanFactory(status="approved")
    first, second = FocusAreaFactory(position=1), FocusAreaFactory(position=2)
    third = FocusAreaFactory(position=3)
    both = PriorityProjectFactory(plan=plan, title="Both", position=2)
    both.focus_areas.set([third, first])
    PriorityProjectFactory(plan=plan, title="Unfiled", position=1)
    PriorityProjectFactory(plan=plan, title="B", position=3).focus_areas.set([second])
    PriorityProjectFactory(plan=plan, title="A", position=3).focus_areas.set([second, third])
    PriorityProjectFactory(title="Other plan").focus_areas.set([first])
    # a stale copy of the framework (an area added since) puts the missing one last
    areas = [first, second] if stale else [first, second, third]
    projects = PriorityProject.objects.filter(plan=plan).order_by("position", "title", "pk")
    expected = projects.prefetch_related("focus_areas").grouped_by_focus_area(areas)
    rows = projects.grouped_rows_by_focus_area(PROJECT_ITEM_FIELDS, areas)
    assert [(area, [row.pk for row in items]) for area, items in rows] == [
        (area, [project.pk for project in items]) for area, items in expected
    ]
    if stale:
        assert rows[-2][0] == third and rows[-1][0] is None
    row = rows[0][1][0]
    assert (row.pk, row.uuid, row.title, row.estimated_cost) == (
        both.pk,
        both.uuid,
        "Both",
        both.estimated_cost,
    )


def test_map_assets_are_the_lazy_map_assets_as_text():
    assert json.dumps(map_assets(), cls=DjangoJSONEncoder) == json.dumps(
        map_assets_lazy(), cls=DjangoJSONEncoder
    )
    assert all(type(label) is str for label in map_assets()["labels"].values())


def test_fixed_fragment_renders_once_per_language():
    template = Template(
        "{% load i18n fixed_fragments %}{% fixed_fragment %}{% translate 'Search' %}"
        "{{ value }}{% endfixed_fragment %}|{{ value }}"
    )
    with translation.override("en"):
        assert template.render(Context({"value": "one"})) == "Searchone|one"
        # the fragment is what it was the first time; the rest of the template is not
        assert template.render(Context({"value": "two"})) == "Searchone|two"
    with translation.override("fr"):
        assert template.render(Context({"value": "three"})) == "Rechercherthree|three"


def test_fixed_fragment_is_kept_per_value_of_the_variables_it_names():
    template = Template(
        "{% load fixed_fragments %}{% fixed_fragment page %}{{ page }}{{ other }}"
        "{% endfixed_fragment %}"
    )
    assert template.render(Context({"page": "/a/", "other": 1})) == "/a/1"
    assert template.render(Context({"page": "/b/", "other": 2})) == "/b/2"
    assert template.render(Context({"page": "/a/", "other": 3})) == "/a/1"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fixed_fragments %}{% fixed_fragment %}")  # no end tag
