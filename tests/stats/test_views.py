"""The statistics page, its CSVs, the progress pack and the monitoring dashboard:
published data only for the public, the secretariat only for monitoring, and a query
count that does not grow with the network."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from plans.models import ActionPlan, ActionPlanEvent, PriorityProject
from stats import figures
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    MemberStateFactory,
    NationalRepresentativeFactory,
    UserFactory,
)
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_statistics_page_shows_every_figure_with_chart_table_and_csv(client, counted):
    response = client.get(reverse("stats:statistics"))
    assert response.status_code == 200
    text = response.text
    for key in (
        "cities-by-member-state",
        "projects-by-focus-area",
        "costs-by-currency",
        "plans-published-by-year",
    ):
        assert f'id="{key}"' in text
        assert reverse("stats:figure_csv", kwargs={"key": key}) in text
    assert text.count('<svg class="chart') >= 8
    assert 'role="img"' in text and "<title" in text and "<desc" in text
    assert "Show as a table" in text
    # Each row links to the list it counts.
    assert reverse("cities:city_list") + "?member_state=AA" in text


def test_csv_never_counts_unpublished_data(client, counted):
    response = client.get(reverse("stats:figure_csv", kwargs={"key": "projects-by-member-state"}))
    assert response["Content-Type"].startswith("text/csv")
    assert read_csv(response) == [
        ["Member state", "Projects"],
        ["Alphaland", "3"],
        ["Betaland", "1"],
    ]
    costs = read_csv(client.get(reverse("stats:figure_csv", kwargs={"key": "costs-by-currency"})))
    assert costs == [
        ["Currency", "Estimated cost", "projects"],
        ["EUR", "1000.00", "1"],
        ["USD", "150.50", "2"],
    ]


def test_member_state_filter_stays_in_the_url_and_applies_to_the_page(client, counted):
    response = client.get(reverse("stats:statistics"), {"member_state": "aa"})
    assert response.status_code == 200
    assert "?member_state=AA" in response.text and "?member_state=BB" not in response.text
    csv_url = reverse("stats:figure_csv", kwargs={"key": "cities-by-member-state"})
    assert f"{csv_url}?member_state=AA" in response.text
    rows = read_csv(client.get(csv_url, {"member_state": "AA"}))
    assert rows == [["Member state", "Cities"], ["Alphaland", "2"]]


def test_an_unknown_member_state_is_a_clear_400(client, counted):
    response = client.get(reverse("stats:statistics"), {"member_state": "ZZ"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    bad_csv = client.get(
        reverse("stats:figure_csv", kwargs={"key": "cities-by-member-state"}),
        {"member_state": "ZZ"},
    )
    assert bad_csv.status_code == 400
    assert client.get(reverse("stats:figure_csv", kwargs={"key": "nope"})).status_code == 404


def test_statistics_query_count_does_not_grow_with_the_network(client):
    build_network(10, prefix="small")
    small = count_queries(client, reverse("stats:statistics"))
    build_network(490, prefix="large")
    large = count_queries(client, reverse("stats:statistics"))
    assert small == large


def test_year_report_page(client, counted):
    response = client.get(reverse("stats:year_report", kwargs={"year": 2024}))
    assert response.status_code == 200
    assert "Meeting 2024" in response.text and "Meeting 2023" not in response.text
    future = timezone.now().year + 1
    assert client.get(reverse("stats:year_report", kwargs={"year": future})).status_code == 404
    assert client.get(reverse("stats:year_report", kwargs={"year": 2010})).status_code == 404


def test_home_shows_four_headline_figures_linking_to_statistics(client, counted):
    response = client.get(reverse("home"))
    headlines = response.context["headlines"]
    assert headlines == {"cities": 3, "member_states": 2, "projects": 4, "agreements": 2}
    assert response.text.count(reverse("stats:statistics") + "#") == 4


def test_home_headlines_are_read_once_per_data_version(client, counted, settings):
    """Cached per public data version: a second reader costs no count; a change to
    the data shows at once."""
    url = reverse("home") + "?uncached=1"  # a parameter the response cache does not key
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).context["headlines"]
    assert again["cities"] == 3
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    CityFactory(member_state=counted["a1"].member_state)
    assert client.get(url).context["headlines"]["cities"] == 4


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("csco", 403), ("national_rep", 403), ("secretariat", 200)],
)
def test_monitoring_is_for_the_secretariat(client, counted, role, expected):
    users = {
        "csco": lambda: ChiefSmartCityOfficerFactory(city=counted["a1"], user=UserFactory()).user,
        "national_rep": lambda: (
            NationalRepresentativeFactory(member_state=counted["alpha"], user=UserFactory()).user
        ),
        "secretariat": lambda: UserFactory(secretariat=True),
    }
    if role in users:
        client.force_login(users[role]())
    assert client.get(reverse("stats:monitoring")).status_code == expected


def test_monitoring_review_times_overdue_reviews_and_stale_cities(client, counted):
    now = timezone.now()
    rep = NationalRepresentativeFactory(member_state=counted["alpha"], full_name="Rep Alpha")
    fast = ActionPlanFactory(city=counted["a2"], status="endorsed")
    slow = ActionPlanFactory(city=counted["a2"], status="submitted")
    for plan, status, days_ago in [
        (fast, "submitted", 10),
        (fast, "endorsed", 6),
        (slow, "submitted", 30),
    ]:
        event = ActionPlanEvent.objects.create(plan=plan, from_status="draft", to_status=status)
        # Events are append-only through the ORM; the test dates them with SQL.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE plans_actionplanevent SET created_at = %s WHERE id = %s",
                [now - datetime.timedelta(days=days_ago), event.pk],
            )
    recent = now - datetime.timedelta(days=30)
    type(counted["b_plan"]).objects.filter(pk=counted["b_plan"].pk).update(published_at=recent)
    client.force_login(UserFactory(secretariat=True))
    response = client.get(reverse("stats:monitoring"))
    times = response.context["review_times"]
    assert times == [("Alphaland", "submitted → endorsed", 1, 4.0, 4.0)]
    overdue = [(plan.pk, days, reviewer) for plan, days, reviewer in response.context["overdue"]]
    assert overdue == [(slow.pk, 30, str(rep))]
    stale = {city.name for city in response.context["stale_cities"]}
    # A Two has no published plan, A One's was published in 2024; B One's a month ago.
    assert stale == {"A One", "A Two"}
    keys = [key for key, _label in response.context["statuses"]]
    counts = {
        state: dict(zip(keys, row, strict=True)) for state, row in response.context["status_table"]
    }
    # Every plan, drafts and the inactive city's included: this page is the secretariat's.
    assert counts["Alphaland"] == {
        "draft": 1,
        "submitted": 1,
        "endorsed": 1,
        "approved": 3,
        "returned": 0,
        "withdrawn": 0,
    }
    assert counts["Betaland"]["withdrawn"] == 1
    assert dict(response.context["interests"])["New"] == 0


def _joined_in_2024(n, prefix):
    """N active cities that joined in 2024, each with a plan published in 2024 holding
    one project."""
    states = [MemberStateFactory(), MemberStateFactory()]
    cities = City.objects.bulk_create(
        City(
            name=f"{prefix} city {i:04d}",
            slug=f"{prefix}-city-{i}",
            member_state=states[i % 2],
            latitude=Decimal("1.3"),
            longitude=Decimal("103.8"),
            joined_year=2024,
            cohort="later",
        )
        for i in range(n)
    )
    published = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            city=city, title=f"Plan of {city.name}", status="approved", published_at=published
        )
        for city in cities
    )
    PriorityProject.objects.bulk_create(
        PriorityProject(plan=plan, title=f"Project of {plan.title}", position=0) for plan in plans
    )


def _report_rows(client):
    """The cities and plans the 2024 report lists one by one, its queries and its size."""
    url = reverse("stats:year_report", kwargs={"year": 2024})
    queries = count_queries(client, url)
    response = client.get(url)
    text = response.text
    cities = len(re.findall(r'<li><a href="/cities/\w+-city-\d+/"', text))
    return queries, cities, text.count("<td>Plan of"), response


def test_year_report_does_not_grow_with_the_cities_that_joined(client):
    _joined_in_2024(10, "small")
    small_queries, small_cities, small_plans, small = _report_rows(client)
    assert (small_cities, small_plans) == (10, 10)
    assert "more." not in small.text
    _joined_in_2024(290, "large")
    queries, cities, plans, large = _report_rows(client)
    assert queries == small_queries
    assert (cities, plans) == (figures.REPORT_LIST_LIMIT, figures.REPORT_LIST_LIMIT)
    # Every city and plan is counted, by member state too, and the rest is a link away.
    assert large.text.count('<span class="count">(300)</span>') == 2
    report = figures.year_report(2024)
    assert sorted(row.value for row in report["cities"].by_member_state) == [5, 5, 145, 145]
    assert sorted(row.value for row in report["plans"].by_member_state) == [5, 5, 145, 145]
    more = 300 - figures.REPORT_LIST_LIMIT
    assert f"And {more} more." in large.text
    assert 'href="/cities/?joined_year=2024"' in large.text
    assert 'href="/api/v1/action-plans/?published_year=2024&amp;status=approved"' in large.text
    assert len(large.content) < len(small.content) + 20 * 1024


def test_action_plans_api_filters_by_year_published(client, counted):
    response = client.get("/api/v1/action-plans/", {"published_year": 2024, "status": "approved"})
    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sorted((row["city"], row["version"]) for row in rows) == sorted(
        [(counted["a1"].slug, 2), (counted["b1"].slug, 1)]
    )


@pytest.mark.parametrize("year", ["2024.5", "twenty", "1999"])
def test_a_published_year_that_is_not_a_whole_year_in_range_is_a_field_error(client, year):
    response = client.get("/api/v1/action-plans/", {"published_year": year})
    assert response.status_code == 400
    assert "published_year" in response.json()
