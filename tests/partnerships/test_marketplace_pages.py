"""The marketplace's pages: public lists and pages with their filters, registration,
email links, the interest pages and the brokering board, per role; what an anonymous
visitor can never see; query counts."""

import pytest
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse

from cities.models import City
from partnerships import services
from partnerships.models import Interest, InterestMessage, Organisation, SavedSearch
from plans.models import PriorityProject
from tests.conftest import clear_caches
from tests.factories import (
    InterestFactory,
    OrganisationFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.partnerships.conftest import MARK, ROLES
from tests.querycount import build_network, count_queries

LIST = reverse("marketplace:project_list")


def detail_url(project):
    return reverse("marketplace:project_detail", kwargs={"uuid": project.uuid})


def interest_url(interest, name="interest_detail", **extra):
    return reverse(f"marketplace:{name}", kwargs={"uuid": interest.uuid, **extra})


def as_role(client, market, role):
    user = market["users"][role]
    if user is not None:
        client.force_login(user)
    return client


# ------------------------------------------------------------------------------
# The public marketplace
# ------------------------------------------------------------------------------
def test_project_list_shows_only_published_projects_seeking_partners(client, market):
    response = client.get(LIST)
    assert response.status_code == 200
    titles = [p.title for p in response.context["projects"]]
    assert titles == ["Smart buses"]  # not the draft's, not the one not seeking


def test_project_list_follows_the_day(client, market, monkeypatch):
    """A project seeking partners until today is listed today and gone tomorrow (the
    list's base is kept per day: core.db.kept_queryset)."""
    import datetime

    from django.utils import timezone

    today = datetime.date(2031, 5, 1)
    PriorityProject.objects.filter(title="Smart buses").update(seeking_until=today)
    for day, titles in ((today, ["Smart buses"]), (today + datetime.timedelta(days=1), [])):
        monkeypatch.setattr(timezone, "localdate", lambda day=day: day)
        clear_caches()
        response = client.get(LIST)
        assert [p.title for p in response.context["projects"]] == titles


@pytest.mark.parametrize(
    "query, found",
    [
        ("support=finance", True),
        ("support=finance&support=technology", True),
        ("support=expertise", False),
        ("member_state={state}", True),
        ("city=city-a", True),
        ("city=city-b", False),
        ("focus_area=mobility", True),
        ("funding_status=seeking", True),
        ("funding_status=funded", False),
        ("currency=USD&cost_min=1000000&cost_max=3000000", True),
        ("currency=USD&cost_min=3000000", False),
        ("currency=EUR", False),
        ("search=buses", True),
        ("search=depot", True),
        ("search=nothing-like-it", False),
    ],
)
def test_project_list_filters(client, market, query, found):
    query = query.format(state=market["city_a"].member_state.iso_alpha2.lower())
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert bool(response.context["projects"]) is found
    if found:
        assert "Smart buses" in response.text


@pytest.mark.parametrize(
    "query", ["cost_min=10", "currency=USD&cost_min=5&cost_max=1", "support=money", "city=nowhere"]
)
def test_project_list_bad_filters_show_the_message_not_500(client, market, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert list(response.context["projects"]) == []
    assert response.context["filterset"].form.errors


def test_project_list_keeps_the_search_in_pagination_and_alert_link(client, market):
    response = client.get(f"{LIST}?support=finance&page=1")
    assert response.context["query_without_page"] == "support=finance"
    assert f'href="{reverse("marketplace:savedsearch_create")}?support=finance"' in response.text


def test_project_list_shows_a_city_filter_as_a_chip_not_a_select(client, market):
    response = client.get(f"{LIST}?support=finance&city=city-a&page=1")
    text = response.text
    assert [p.title for p in response.context["projects"]] == ["Smart buses"]
    assert 'name="city"' not in text.replace(
        '<input type="hidden" name="city" value="city-a" id="id_city">', ""
    )
    (chip,) = response.context["filter_chips"]
    assert (chip["label"], chip["text"], chip["errors"]) == ("City", "City A", [])
    # Removing the chip keeps the other filters and starts at page 1.
    assert chip["remove_url"] == f"{LIST}?support=finance"
    assert f'href="{LIST}?support=finance"' in text
    assert "Remove the filter City: City A" in text
    # Applying the form again keeps the city (the hidden input).
    assert '<input type="hidden" name="city" value="city-a" id="id_city">' in text


def test_project_list_unknown_city_chip_shows_the_error(client, market):
    response = client.get(f"{LIST}?city=<nowhere>")
    (chip,) = response.context["filter_chips"]
    assert chip["text"] == "<nowhere>" and chip["errors"]
    assert "City: &lt;nowhere&gt;" in response.text and 'role="alert"' in response.text
    assert list(response.context["projects"]) == []


def test_project_list_without_a_city_shows_no_chip_and_no_hidden_input(client, market):
    response = client.get(f"{LIST}?support=finance")
    assert response.context["filter_chips"] == []
    assert 'name="city"' not in response.text and "filter-chips" not in response.text
    # The filters a reader chooses from stay in the form.
    for name in ("search", "member_state", "focus_area", "support", "currency", "cost_min"):
        assert f'name="{name}"' in response.text
    for name in ("cost_max", "funding_status"):
        assert f'name="{name}"' in response.text


def test_project_list_cards_link_and_show_what_the_project_seeks(client, market):
    project = market["project"]
    response = client.get(LIST)
    card = response.text.split('id="project-list">', 1)[1].split("</ul>", 1)[0]
    assert f'<a href="{detail_url(project)}">Smart buses</a>' in card
    assert f'<a href="{market["city_a"].get_absolute_url()}">City A</a>' in card
    assert f", {market['city_a'].member_state.name} · Mobility</p>" in card
    assert '<span class="tag">Finance</span> <span class="tag">Technology</span>' in card
    assert "Estimated cost: USD 2,000,000 · Seeking funding</p>" in card
    assert "<p>Electric buses and a depot.</p>" in card


# The cards as the template wrote them before they were written in Python.
TEMPLATE_CARD = (
    "{% load i18n humanize %}"
    '{% for project in projects %}<li>\n    <h2 class="card-title"><a href="'
    "{% url 'marketplace:project_detail' uuid=project.uuid %}\">{{ project.title }}</a></h2>"
    '\n    <p class="muted"><a href="{{ project.plan.city.get_absolute_url }}">'
    "{{ project.plan.city.name }}</a>, {{ project.plan.city.member_state.name }}"
    "{% for area in project.focus_areas.all %} · {{ area.name }}{% endfor %}</p>\n    <p>"
    '{% for label in project.get_support_kinds_display %}<span class="tag">{{ label }}'
    "</span> {% endfor %}{% if project.estimated_cost is not None %}"
    '{% translate "Estimated cost" %}: {{ project.currency }} '
    "{{ project.estimated_cost|floatformat:0|intcomma }} · {% endif %}"
    "{{ project.get_funding_status_display }}</p>\n    {% if project.need_description %}"
    "<p>{{ project.need_description|truncatechars:200 }}</p>{% endif %}\n  </li>|"
    "{% endfor %}"
)


def test_project_cards_write_what_the_template_wrote(market):
    from django.template import Context, Template

    from partnerships.marketplace_views import PROJECT_CARD_COLUMNS, project_cards
    from tests.factories import FocusAreaFactory

    plan = market["project"].plan
    plan.city.name = 'Tom & "Jerry" <City>'
    plan.city.save()
    odd = PriorityProjectFactory(
        plan=plan,
        title="<script>alert(1)</script> & co",
        is_seeking_partners=True,
        support_kinds=["expertise", "finance", "not-a-kind"],
        need_description="x" * 250 + " <b>",
        estimated_cost="1234567.89",
        currency="EUR",
        funding_status="partial",
    )
    odd.focus_areas.set([FocusAreaFactory(name="A & <B>", position=0), market["area"]])
    PriorityProjectFactory(plan=plan, title="No cost", is_seeking_partners=True)
    projects = list(
        PriorityProject.objects.filter(plan=plan)
        .select_related("plan__city__member_state")
        .prefetch_related("focus_areas")
    )
    expected = Template(TEMPLATE_CARD).render(Context({"projects": projects}))
    rows = PriorityProject.objects.filter(pk__in=[p.pk for p in projects])
    by_pk = {row.pk: row for row in rows.values_list(*PROJECT_CARD_COLUMNS, named=True)}
    cards = project_cards([by_pk[project.pk] for project in projects])
    assert "|".join(cards) + "|" == expected


def test_project_list_sets_no_cookie_so_anonymous_answers_are_cached(client, market):
    response = client.get(LIST)
    assert not response.cookies and "ETag" in response


def test_project_detail_shows_needs_and_404s_for_unpublished(client, market):
    response = client.get(detail_url(market["project"]))
    assert response.status_code == 200
    for text in ("Smart buses", "City A", "Electric buses and a depot.", "Finance", "Plan of A"):
        assert text in response.text
    assert client.get(detail_url(market["draft_project"])).status_code == 404


def test_city_page_and_map_show_how_many_projects_seek_partners(client, market):
    page = client.get(market["city_a"].get_absolute_url())
    assert "1 project seeks partners" in page.text
    assert f"{LIST}?city=city-a" in page.text
    geo = client.get("/api/v1/cities/geojson/").json()
    counts = {
        f["properties"]["slug"]: f["properties"]["seeking_project_count"] for f in geo["features"]
    }
    assert counts == {"city-a": 1, "city-b": 0}


def test_organisation_profile_is_public_only_when_verified_and_has_no_contacts(client, market):
    response = client.get(market["verified"].get_absolute_url())
    assert response.status_code == 200
    assert "Verified Org" in response.text and MARK not in response.text
    assert client.get(market["unverified"].get_absolute_url()).status_code == 404


# ------------------------------------------------------------------------------
# Expressing interest on the project page
# ------------------------------------------------------------------------------
INTEREST_POST = {"support": ["technology"], "message": "We can help", "amount": "", "currency": ""}


@pytest.mark.parametrize("role", ROLES)
def test_interest_form_per_role(client, market, role):
    as_role(client, market, role)
    url = reverse("marketplace:interest_create", kwargs={"uuid": market["project"].uuid})
    response = client.post(url, INTEREST_POST)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ("verified_org", "other_org"):
        interest = Interest.objects.get()
        assert response.status_code == 302 and response["Location"] == interest_url(interest)
    else:
        assert response.status_code == 400
        assert "form-errors" in response.text
    if role not in ("verified_org", "other_org"):
        assert not Interest.objects.exists()


def test_interest_form_shown_only_to_verified_organisations(client, market):
    assert 'class="interest-form"' not in client.get(detail_url(market["project"])).text
    client.force_login(market["users"]["unverified_org"])
    text = client.get(detail_url(market["project"])).text
    assert 'class="interest-form"' not in text and "not verified" in text
    client.force_login(market["users"]["verified_org"])
    assert 'class="interest-form"' in client.get(detail_url(market["project"])).text


def test_interest_form_bad_input_rerenders_with_messages(client, market):
    client.force_login(market["users"]["verified_org"])
    url = reverse("marketplace:interest_create", kwargs={"uuid": market["project"].uuid})
    response = client.post(url, {"support": [], "message": "", "amount": "5", "currency": ""})
    assert response.status_code == 400
    assert response.text.count('class="field-error"') >= 3
    assert not Interest.objects.exists()


# ------------------------------------------------------------------------------
# Registration and email links
# ------------------------------------------------------------------------------
REGISTER = reverse("marketplace:organisation_register")
REGISTRATION = {
    "name": "Harbour Tech",
    "kind": "company",
    "country_code": "sg",
    "website": "https://harbour.example",
    "contact_name": "Ann Example",
    "contact_email": "ann@harbour.example",
    "contact_phone": "+65 0000",
    "username": "ann",
    "password": "a-Long-password-9",
    "nickname": "",
}


def test_registration_then_confirmation_link(client, db, django_capture_on_commit_callbacks):
    assert client.get(REGISTER).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, REGISTRATION)
    assert response.status_code == 200 and "Check your email" in response.text
    organisation = Organisation.objects.get(name="Harbour Tech")
    link = next(w for w in mail.outbox[0].body.split() if "/organisations/confirm/" in w)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 200
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is None  # a GET (a mail scanner) changes nothing
    assert "confirmed" in client.post(path).text
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is not None
    assert client.post(path.replace("/confirm/", "/confirm/x")).status_code == 400


def test_registration_honeypot_refuses_bots(client, db):
    response = client.post(REGISTER, {**REGISTRATION, "nickname": "bot"})
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_registration_bad_input_rerenders(client, db):
    response = client.post(REGISTER, {**REGISTRATION, "country_code": "Singapore", "password": "1"})
    assert response.status_code == 400
    assert 'value="Harbour Tech"' in response.text
    assert not Organisation.objects.exists()


def test_registration_is_rate_limited_per_address(client, db, settings):
    settings.ASCN_REGISTRATIONS_PER_HOUR = 2
    for _attempt in range(2):
        client.post(REGISTER, {**REGISTRATION, "nickname": "bot"})
    response = client.post(REGISTER, REGISTRATION)
    assert response.status_code == 429
    assert not Organisation.objects.exists()


# ------------------------------------------------------------------------------
# Alerts
# ------------------------------------------------------------------------------
def test_alert_saved_by_anyone_and_unsubscribed_by_post_only(client, market):
    response = client.post(
        reverse("marketplace:savedsearch_create"),
        {"email": "watcher@example.org", "frequency": "daily", "query": "support=finance"},
    )
    assert response.status_code == 302 and response["Location"] == f"{LIST}?support=finance"
    search = SavedSearch.objects.get()
    assert search.confirmed_at is None
    token = services.unsubscribe_token(search)
    url = reverse("marketplace:savedsearch_unsubscribe", kwargs={"token": token})
    assert client.get(url).status_code == 200
    search.refresh_from_db()
    assert search.unsubscribed_at is None
    assert client.post(url).status_code == 200
    search.refresh_from_db()
    assert search.unsubscribed_at is not None
    bad = signing.dumps(str(search.uuid), salt="other")
    bad_url = reverse("marketplace:savedsearch_unsubscribe", kwargs={"token": bad})
    assert client.post(bad_url).status_code == 400


def test_alert_form_page_and_bad_input_rerenders(client, market):
    url = reverse("marketplace:savedsearch_create")
    page = client.get(f"{url}?support=finance&page=2")
    assert page.status_code == 200
    assert page.context["form"]["query"].value() == "support=finance"
    bad = client.post(url, {"email": "nope", "frequency": "daily", "query": "support=finance"})
    assert bad.status_code == 400 and 'class="field-error"' in bad.text
    invalid = client.post(
        url, {"email": "a@example.org", "frequency": "daily", "query": "cost_min=5"}
    )
    assert invalid.status_code == 400 and "This search is not valid." in invalid.text
    assert not SavedSearch.objects.exists()


# ------------------------------------------------------------------------------
# The workspace: interests, threads, moves, the agreement, the board
# ------------------------------------------------------------------------------
SEES = {"verified_org", "csco", "national_rep", "secretariat"}


@pytest.mark.parametrize("role", ROLES)
def test_interest_pages_per_role(client, market, interest, role):
    as_role(client, market, role)
    listing = client.get(reverse("marketplace:interest_list"))
    detail = client.get(interest_url(interest))
    if role == "anonymous":
        assert listing.status_code == detail.status_code == 302
        return
    assert listing.status_code == 200
    assert (interest in listing.context["interests"]) is (role in SEES)
    assert detail.status_code == (200 if role in SEES else 404)
    if role in SEES:
        assert MARK in detail.text  # the organisation's contacts and the thread


@pytest.mark.parametrize("role", ROLES)
def test_interest_move_pages_per_role(client, market, interest, role):
    as_role(client, market, role)
    response = client.post(interest_url(interest, "interest_move", move="discuss"))
    interest.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in SEES:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    moved = role in ("csco", "secretariat")
    assert interest.status == ("in_discussion" if moved else "new")


def test_unknown_move_is_404(client, market, interest):
    client.force_login(market["users"]["csco"])
    assert client.post(interest_url(interest, "interest_move", move="explode")).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_thread_message_pages_per_role(client, market, interest, role):
    as_role(client, market, role)
    before = InterestMessage.objects.count()
    response = client.post(interest_url(interest, "interestmessage_create"), {"body": "Hi there"})
    written = InterestMessage.objects.count() - before
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in SEES:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert written == (1 if role in ("verified_org", "csco", "secretariat") else 0)


def test_empty_thread_message_rerenders(client, market, interest):
    client.force_login(market["users"]["csco"])
    response = client.post(interest_url(interest, "interestmessage_create"), {"body": ""})
    assert response.status_code == 400 and 'class="field-error"' in response.text


@pytest.mark.parametrize("role", ROLES)
def test_agreement_page_action_per_role(client, market, interest, role):
    Interest.objects.filter(pk=interest.pk).update(status="agreed")
    as_role(client, market, role)
    response = client.post(interest_url(interest, "interest_agreement"))
    interest.refresh_from_db()
    assert (interest.agreement_id is not None) is (role == "secretariat")
    if role == "secretariat":
        assert response["Location"] == interest.agreement.get_absolute_url()
        page = client.get(detail_url(market["project"]))
        assert "Verified Org" in page.context["partners"][0].name
        assert "Verified Org" in page.text


@pytest.mark.parametrize("role", ROLES)
def test_brokering_board_only_for_the_secretariat(client, market, interest, role):
    as_role(client, market, role)
    response = client.get(reverse("marketplace:brokering_board"))
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "secretariat":
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_brokering_board_counts(client, market, interest):
    import datetime

    from django.utils import timezone

    lonely = PriorityProjectFactory(
        plan=market["plan"], title="Lonely project", is_seeking_partners=True
    )
    old = InterestFactory(project=lonely, organisation=market["other"])
    Interest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    client.force_login(market["users"]["secretariat"])
    context = client.get(reverse("marketplace:brokering_board")).context
    new_row = dict(context["by_status"])["New"]
    assert new_row == [1, 1, 0]
    assert [p.title for p in context["no_interest"]] == []
    assert [i.pk for i in context["unanswered"]] == [old.pk]
    assert {
        r["project__plan__city__member_state__name"]: r["n"] for r in context["by_country"]
    } == {market["city_a"].member_state.name: 2}
    assert {r["project__focus_areas__name"]: r["n"] for r in context["by_area"]} == {"Mobility": 1}
    Interest.objects.filter(pk=old.pk).delete()
    context = client.get(reverse("marketplace:brokering_board")).context
    assert [p.title for p in context["no_interest"]] == ["Lonely project"]


# ------------------------------------------------------------------------------
# The plan form carries the needs
# ------------------------------------------------------------------------------
def test_plan_form_edits_the_needs(client, market):
    from plans.models import ActionPlan

    draft = ActionPlan.objects.get(pk=market["draft"].pk)
    project = market["draft_project"]
    client.force_login(market["users"]["csco"])
    url = reverse("plans:actionplan_update", kwargs={"uuid": draft.uuid})
    assert 'name="projects-0-support_kinds"' in client.get(url).text
    data = {
        "title": draft.title,
        "period_start_year": 2025,
        "period_end_year": 2030,
        "vision": "",
        "summary": "",
        "lock_version": draft.lock_version,
        "projects-TOTAL_FORMS": 1,
        "projects-INITIAL_FORMS": 1,
        "projects-MIN_NUM_FORMS": 0,
        "projects-MAX_NUM_FORMS": 50,
        "projects-0-id": project.pk,
        "projects-0-plan": draft.pk,
        "projects-0-title": project.title,
        "projects-0-funding_status": "seeking",
        "projects-0-estimated_cost": "100",
        "projects-0-currency": "USD",
        "projects-0-is_seeking_partners": "on",
        "projects-0-support_kinds": ["finance", "expertise"],
        "projects-0-need_description": "Engineers",
        "projects-0-finance_amount": "50",
        "projects-0-finance_currency": "",
        "projects-0-seeking_until": "2030-01-31",
    }
    bad = client.post(url, data)
    assert bad.status_code == 200 and "Give the currency of the finance sought." in bad.text
    data["projects-0-finance_currency"] = "USD"
    good = client.post(url, data)
    assert good.status_code == 302
    project.refresh_from_db()
    assert project.support_kinds == ["finance", "expertise"]
    assert (project.need_description, str(project.finance_amount), project.finance_currency) == (
        "Engineers",
        "50.00",
        "USD",
    )
    assert str(project.seeking_until) == "2030-01-31"


# ------------------------------------------------------------------------------
# Privacy: a marked string never reaches an anonymous response
# ------------------------------------------------------------------------------
def test_marked_private_text_never_reaches_anonymous_responses(client, market, interest):
    staff = market["users"]["secretariat"]
    services.interest_agree(user=staff, interest=interest)
    agreement = services.interest_agreement_create(user=staff, interest=interest)
    project, city = market["project"], market["city_a"]
    urls = [
        "/",
        LIST,
        detail_url(project),
        city.get_absolute_url(),
        city.member_state.get_absolute_url(),
        market["verified"].get_absolute_url(),
        agreement.get_absolute_url(),
        reverse("partnerships:partnershipagreement_list"),
        reverse("portal:framework"),
        "/api/v1/projects/",
        "/api/v1/projects/?seeking_partners=true",
        f"/api/v1/projects/{project.uuid}/",
        f"/api/v1/action-plans/{market['plan'].uuid}/",
        "/api/v1/partners/",
        "/api/v1/partnerships/",
        f"/api/v1/partnerships/{agreement.slug}/",
        "/api/v1/cities/",
        "/api/v1/cities/geojson/",
        "/api/v1/interests/",
        f"/api/v1/interests/{interest.uuid}/",
        f"/api/v1/interests/{interest.uuid}/messages/",
        "/api/v1/schema/",
        interest_url(interest),
        reverse("marketplace:interest_list"),
    ]
    # Searching for the private text finds nothing (the search box echoes it, so it is
    # checked through the results).
    assert list(client.get(f"{LIST}?search={MARK}").context["projects"]) == []
    assert client.get(f"/api/v1/projects/?search={MARK}").json()["count"] == 0
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 401, 403, 404), url
        assert MARK not in response.content.decode(), url


# ------------------------------------------------------------------------------
# Query counts: the marketplace lists do not grow with the number of projects
# ------------------------------------------------------------------------------
def _seeking(n, prefix):
    cities = build_network(n, prefix=prefix)
    PriorityProject.objects.filter(plan__city__slug__startswith=f"{prefix}-").update(
        is_seeking_partners=True, support_kinds=["finance"]
    )
    return cities


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_marketplace_list_query_count_holds_at_10_and_500(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    urls = [
        LIST,
        f"{LIST}?support=finance",
        f"{LIST}?city=small-city-1&support=finance",
        "/api/v1/projects/?seeking_partners=true",
    ]
    _seeking(10, "small")
    before = {url: count_queries(client, url) for url in urls}
    _seeking(490, "large")
    after = {url: count_queries(client, url) for url in urls}
    assert before == after


def _page_size(client, url):
    clear_caches()
    response = client.get(url)
    assert response.status_code == 200
    return len(response.content), response.text.count("<option")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [LIST, f"{LIST}?city=small-city-1", "/partnerships/", "/partnerships/?city=small-city-1"],
)
def test_list_page_size_does_not_grow_with_the_number_of_cities(client, url):
    """The filter forms offer no select of every city (12,000 options were 677 KB)."""
    first = _seeking(10, "small")[0]
    before = _page_size(client, url)
    City.objects.bulk_create(
        City(
            name=f"more city {i}",
            slug=f"more-city-{i}",
            member_state=first.member_state,
            latitude=first.latitude,
            longitude=first.longitude,
            joined_year=2018,
            cohort="pilot_2018",
        )
        for i in range(490)
    )
    assert City.objects.count() == 500
    assert _page_size(client, url) == before


@pytest.mark.django_db
def test_interest_list_and_board_query_count_hold(client, market):
    organisation = market["verified"]
    staff = market["users"]["secretariat"]
    client.force_login(staff)
    urls = [
        reverse("marketplace:interest_list"),
        reverse("marketplace:brokering_board"),
        "/api/v1/interests/",
    ]
    for n in range(10):
        InterestFactory(
            project=market["project"], organisation=OrganisationFactory(), message=str(n)
        )
    before = {url: count_queries(client, url) for url in urls}
    Interest.objects.bulk_create(
        Interest(
            project=market["project"],
            organisation=organisation,
            support=["finance"],
            message="m",
            status="declined",
        )
        for _ in range(490)
    )
    after = {url: count_queries(client, url) for url in urls}
    assert before == after


def test_organisation_sees_its_interest_notifications_with_the_thread_link(
    client, market, interest
):
    services.interest_discuss(user=market["users"]["csco"], interest=interest)
    client.force_login(market["users"]["verified_org"])
    response = client.get(reverse("plans:notification_list"))
    assert response.status_code == 200
    assert f'href="{settings.SITE_URL}{interest_url(interest)}"' in response.text
    assert (
        reverse("plans:actionplan_manage", kwargs={"uuid": market["plan"].uuid})
        not in response.text
    )


@pytest.mark.parametrize("role", ROLES)
def test_public_marketplace_pages_per_role(client, market, role):
    as_role(client, market, role)
    for url in (
        LIST,
        detail_url(market["project"]),
        market["verified"].get_absolute_url(),
        REGISTER,
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(detail_url(market["draft_project"])).status_code == 404
    assert client.get(market["unverified"].get_absolute_url()).status_code == 404


def test_cached_project_page_shows_the_partner_once_the_agreement_is_made(client, market, interest):
    url = detail_url(market["project"])
    assert "No signed agreement yet." in client.get(url).text  # now in the public cache
    staff = market["users"]["secretariat"]
    services.interest_agree(user=staff, interest=interest)
    services.interest_agreement_create(user=staff, interest=interest)
    assert "Verified Org" in client.get(url).text


def test_admin_verify_action_calls_the_service(client, market):
    unconfirmed = OrganisationFactory(verified_at=None, email_confirmed_at=None, name="Unsure Org")
    pending = OrganisationFactory(verified_at=None, name="Pending Org")
    client.force_login(market["users"]["secretariat"])
    response = client.post(
        "/admin/partnerships/organisation/",
        {"action": "verify", "_selected_action": [pending.pk, unconfirmed.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert pending.verified_by == market["users"]["secretariat"]
    assert unconfirmed.verified_at is None
    assert "has not confirmed its email" in response.text


def test_an_organisation_with_several_members_lists_each_interest_once(client, market, interest):
    from tests.factories import OrganisationMemberFactory

    OrganisationMemberFactory(organisation=market["verified"])
    OrganisationMemberFactory(organisation=market["verified"])
    for role in ("csco", "verified_org", "national_rep"):
        client.force_login(market["users"][role])
        listed = list(client.get(reverse("marketplace:interest_list")).context["interests"])
        assert listed == [interest], role
        rows = client.get("/api/v1/interests/").json()
        assert rows["count"] == 1, role
