"""Pages that list what grows with the network (the framework's projects, a focus
area's projects, a member state's cities) show a page of it at a time: their size and
their queries are the same at 10 and at 130 cities, and every row is on one page."""

import re

import pytest
from django.test import Client

from cities.models import City, FocusArea
from plans.models import PriorityProject
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db

ITEM = re.compile(r"<li>(Project \d of Plan of [^<]+?) — ")


def _listed(text):
    return ITEM.findall(text)


def test_the_framework_shows_counts_and_a_few_projects_per_area_at_any_size():
    build_network(10, prefix="small")
    client = Client()
    area = FocusArea.objects.first()
    small_text = client.get("/framework/").text
    small_queries = count_queries(client, "/framework/")
    build_network(120, prefix="large")
    large_text = client.get("/framework/").text
    published = PriorityProject.objects.published().filter(focus_areas=area).count()
    assert published == 130
    assert len(_listed(small_text)) == len(_listed(large_text)) == 5
    assert "130 published projects" in large_text
    assert f'href="{area.get_absolute_url()}">All 130 published projects under' in large_text
    assert count_queries(client, "/framework/") == small_queries


def test_a_focus_area_lists_its_published_projects_a_page_at_a_time():
    build_network(130)
    area = FocusArea.objects.first()
    client = Client()
    pages = [client.get(area.get_absolute_url(), {"page": n}).text for n in (1, 2, 3)]
    listed = [_listed(text) for text in pages]
    assert [len(rows) for rows in listed] == [50, 50, 30]
    assert "Page 1 of 3" in pages[0] and 'rel="next"' in pages[0]
    every = [title for rows in listed for title in rows]
    published = PriorityProject.objects.published().filter(focus_areas=area)
    assert sorted(every) == sorted(published.values_list("title", flat=True))
    assert len(set(every)) == 130
    # A page that is not a number, or past the end, is the nearest page, not an error.
    assert _listed(client.get(area.get_absolute_url(), {"page": "x"}).text) == listed[0]
    assert _listed(client.get(area.get_absolute_url(), {"page": 99}).text) == listed[2]


def test_a_focus_area_page_costs_the_same_queries_at_10_and_130_cities():
    build_network(10, prefix="small")
    area = FocusArea.objects.first()
    client = Client()
    small = count_queries(client, area.get_absolute_url())
    build_network(120, prefix="large")
    assert count_queries(client, area.get_absolute_url()) == small
    assert count_queries(client, f"{area.get_absolute_url()}?page=2") == small + 1  # keys first


def test_a_member_state_lists_its_cities_a_page_at_a_time():
    cities = build_network(130)
    state = cities[0].member_state
    url = reverse_state(state)
    client = Client()
    first, second = (client.get(url, {"page": n}).text for n in (1, 2))
    names = re.compile(r'<li><a href="/cities/[^"]+/">([^<]+)</a>')
    assert len(names.findall(first)) == 50 and len(names.findall(second)) == 15
    assert "65 member cities" in first and "Page 2 of 2" in second
    expected = City.objects.active().filter(member_state=state).values_list("name", flat=True)
    assert sorted(names.findall(first) + names.findall(second)) == sorted(expected)
    small_state = build_network(10, prefix="small")[0].member_state
    assert count_queries(client, reverse_state(small_state)) == count_queries(client, url)


def reverse_state(state):
    return f"/member-states/{state.iso_alpha2}/"
