"""Meetings, documents, governance, focus-area and about pages; the iCalendar and Atom
feeds (parsed with icalendar and feedparser); the attendance workspace by role; query
counts at 10 and 500 rows."""

import csv
import datetime
import io

import feedparser
import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cities.models import City, FocusArea
from network.models import Document, MeetingAttendance, RecordedProject
from partnerships.models import Meeting
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    MeetingFactory,
    MemberStateFactory,
    PriorityProjectFactory,
    UserFactory,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db

FUTURE = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def seeded():
    call_command("seed", verbosity=0)


@pytest.fixture
def upcoming():
    return MeetingFactory(
        name="Next annual meeting",
        slug="next-annual-meeting",
        start_on=FUTURE,
        end_on=FUTURE + datetime.timedelta(days=1),
        year=FUTURE.year,
        host_city="Manila",
        venue="Hall, A; B",
    )


# ------------------------------------------------------------------------------
# Public pages on the seeded data
# ------------------------------------------------------------------------------
NEW_PAGES = [
    "/meetings/",
    "/meetings/2018-annual-meeting/",
    "/meetings/2019-asean-japan-high-level-meeting/",
    "/documents/",
    "/documents/asean-smart-cities-framework/",
    "/about/",
    "/about/governance/",
    "/framework/civic_social/",
]


@pytest.mark.parametrize("path", NEW_PAGES)
def test_new_public_pages_render_for_anonymous(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1>" in response.text


def test_meeting_list_puts_upcoming_first_then_past_by_year(client, seeded, upcoming):
    response = client.get("/meetings/")
    text = response.text
    assert list(response.context["upcoming"]) == [upcoming]
    years = [year for year, _items in response.context["past_by_year"]]
    assert years == sorted(years, reverse=True) and years[0] == 2025 and years[-1] == 2018
    assert text.index("Next annual meeting") < text.index("8th ASCN Annual Meeting")


def test_meeting_page_shows_kind_dates_place_chair_agreements_documents_sources(client, seeded):
    text = client.get("/meetings/2018-annual-meeting/").text
    assert "ASCN annual meeting" in text and "8 July 2018" in text
    assert "Marina Bay Sands" in text and "Singapore" in text
    assert "Amata" in text  # the letter of intent signed there
    assert "ASEAN Smart Cities Framework" in text  # its document
    assert "Sources" in text and "straitstimes.com" in text


def test_medium_confidence_meeting_shows_marker_and_note(client, seeded):
    text = client.get("/meetings/2022-annual-meeting/").text
    assert "Medium confidence" in text and "inferred" in text
    assert "Medium confidence" not in client.get("/meetings/2018-annual-meeting/").text


def test_meeting_page_lists_attending_cities_delegate_name_only_for_secretariat(
    client, secretariat_user, csco_user, city, upcoming
):
    MeetingAttendance.objects.create(
        meeting=upcoming,
        city=city,
        attendee="delegate",
        delegate_name="Delegate Zed",
        confirmed_at=timezone.now(),
    )
    url = upcoming.get_absolute_url()
    public = client.get(url).text
    assert city.name in public and "Delegate Zed" not in public
    client.force_login(csco_user)
    assert "Delegate Zed" not in client.get(url).text
    client.force_login(secretariat_user)
    assert "Delegate Zed" in client.get(url).text


def test_unknown_meeting_and_document_are_404(client):
    assert client.get("/meetings/nope/").status_code == 404
    assert client.get("/documents/nope/").status_code == 404
    assert client.get("/framework/nope/").status_code == 404


def test_documents_filter_and_search(client, seeded):
    def titles(**params):
        response = client.get("/documents/", params)
        assert response.status_code == 200
        return [d.title for d in response.context["documents"]]

    assert len(titles()) == 9
    assert titles(kind="terms_of_reference") == ["ASCN Terms of Reference"]
    assert titles(search="toolkit") == ["ASEAN Smart and Sustainable City Investment Toolkit"]
    assert all("2022" in t for t in titles(year=2022))


@pytest.mark.parametrize("params", [{"year": "abc"}, {"kind": "nope"}])
def test_documents_bad_filter_rerenders_with_message(client, seeded, params):
    response = client.get("/documents/", params)
    assert response.status_code == 200
    assert response.context["filterset"].errors
    assert list(response.context["documents"]) == []


def test_document_page_shows_unofficial_copy_and_sources(client, seeded):
    document = Document.objects.get(key="D01")
    text = client.get(document.get_absolute_url()).text
    assert "unofficial copy" in text and document.copy_url in text
    assert "Sources" in text and "opengovasia.com" in text


def test_governance_page_has_chairs_shepherds_roles_and_size(client, seeded):
    text = client.get("/about/governance/").text
    for expected in ("2026", "Philippines", "Shepherd", "Chief Smart City Officer", "Secretariat"):
        assert expected in text
    assert "2018-2023" in text and "2025-2027" in text
    assert "Medium confidence" in text  # Laos 2024 and the 2025-2027 Shepherd term
    assert "Twenty-nine model cities" in text


def test_about_counts_are_computed_and_timeline_in_date_order(client, seeded):
    response = client.get("/about/")
    text = " ".join(response.text.split())
    assert "32 member cities in 10 member states; Timor-Leste has not yet nominated a city" in (
        text
    )
    assert 'latest source dated <time datetime="2025-12-11">11 December 2025</time>' in text
    dates = [date for date, *_rest in response.context["timeline"]]
    assert dates == sorted(dates)
    assert "2025-10-26" in dates  # Timor-Leste joins ASEAN


def test_about_counts_follow_the_data(client):
    state = MemberStateFactory(name="Aland")
    CityFactory(member_state=state)
    CityFactory(member_state=state, is_active=False)
    MemberStateFactory(name="Borduria")
    text = " ".join(client.get("/about/").text.split())
    assert "1 member city in 1 member state; Borduria has not yet nominated a city" in text


def test_focus_area_page_lists_published_projects_meetings_documents(client, seeded):
    area = FocusArea.objects.get(key="safety_security")
    plan = ActionPlanFactory(city=City.objects.get(slug="bangkok"), status="approved")
    PriorityProjectFactory(plan=plan, title="Published Safe Streets").focus_areas.add(area)
    draft = ActionPlanFactory(city=City.objects.get(slug="phuket"), status="draft")
    PriorityProjectFactory(plan=draft, title="Draft Secret").focus_areas.add(area)
    text = client.get(area.get_absolute_url()).text
    assert "Published Safe Streets" in text and "Draft Secret" not in text
    assert "Inaugural Meeting of the ASEAN Smart Cities Network" in text
    assert "ASEAN Smart Cities Framework" in text


def test_inferred_focus_area_is_labelled_and_not_filed_as_fact(client, seeded):
    area = FocusArea.objects.get(key="civic_social")
    assert "Kampong Ayer" not in client.get(area.get_absolute_url()).text
    assert "Kampong Ayer" not in client.get("/framework/").text
    city_page = client.get("/cities/bandar-seri-begawan/").text
    assert "Kampong Ayer" in city_page and "inferred" in city_page
    assert "Projects on public record" in city_page


def test_city_page_shows_no_approved_plan_for_projects_on_public_record(client, seeded):
    text = client.get("/cities/siem-reap/").text
    assert "No action plan has been published for this city yet." in text
    assert "Projects on public record" in text and "Not confirmed as a project" in text
    assert "Sources" in text


def test_city_member_state_and_partnership_pages_show_sources(client, seeded):
    cauayan = client.get("/cities/cauayan-city/").text
    assert "Medium confidence" in cauayan and "Sources" in cauayan
    timor = client.get("/member-states/tl/").text
    assert "no ASCN city" in timor and "asiaone.com" in timor
    smart_jamp = client.get("/partnerships/smart-jamp/").text
    assert "JPY 250 billion" in smart_jamp and "Sources" in smart_jamp
    australia = client.get("/partnerships/asean-australia-smart-cities-initiative/").text
    assert "ASEAN-side parties" in australia
    usascp = client.get("/partnerships/us-asean-smart-cities-partnership/").text
    assert "Programmes under it" in usascp and "Smart Sisters" in usascp
    assert "Johor Bahru" in usascp  # a city of the transportation programme


# ------------------------------------------------------------------------------
# Feeds
# ------------------------------------------------------------------------------
def test_meetings_ics_is_valid_icalendar_with_one_event_per_dated_meeting(client, seeded):
    response = client.get("/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    dated = Meeting.objects.filter(start_on__isnull=False)
    assert len(events) == dated.count() == 20
    assert len({str(e["UID"]) for e in events}) == len(events)
    inaugural = next(e for e in events if "meeting-2018-annual-meeting@" in str(e["UID"]))
    assert inaugural.decoded("DTSTART") == datetime.date(2018, 7, 8)
    assert inaugural.decoded("DTEND") == datetime.date(2018, 7, 9)
    assert "Marina Bay Sands" in str(inaugural["LOCATION"])
    assert str(inaugural["URL"]).endswith("/meetings/2018-annual-meeting/")


def test_meetings_ics_escapes_text(client, upcoming):
    calendar = icalendar.Calendar.from_ical(client.get("/meetings.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]).startswith("Hall, A; B, Manila")


def test_meetings_atom_feed(client, seeded, upcoming):
    feed = feedparser.parse(client.get("/meetings/feed/").content)
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 21
    assert feed.entries[0].title == "Next annual meeting"
    assert feed.entries[0].link.endswith("/meetings/next-annual-meeting/")


def test_plan_and_project_feeds_show_published_only(client, city):
    published = ActionPlanFactory(
        city=city, status="approved", title="Public plan", published_at=timezone.now()
    )
    PriorityProjectFactory(plan=published, title="Open project", is_seeking_partners=True)
    PriorityProjectFactory(plan=published, title="Closed project", is_seeking_partners=False)
    draft = ActionPlanFactory(city=city, status="draft", title="Draft plan")
    PriorityProjectFactory(plan=draft, title="Draft project", is_seeking_partners=True)
    plans = feedparser.parse(client.get("/action-plans/feed/").content)
    assert not plans.bozo and plans.version == "atom10"
    assert [e.title for e in plans.entries] == [f"{city.name}: Public plan"]
    projects = feedparser.parse(client.get("/projects/seeking-partners/feed/").content)
    assert not projects.bozo
    assert [e.title for e in projects.entries] == [f"{city.name}: Open project"]


# ------------------------------------------------------------------------------
# Attendance in the workspace, by role
# ------------------------------------------------------------------------------
def confirm_url(meeting, city):
    return reverse(
        "network:meetingattendance_confirm", kwargs={"slug": meeting.slug, "city": city.slug}
    )


def test_workspace_meetings_requires_sign_in(client):
    response = client.get("/my/meetings/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_csco_confirms_attendance_through_the_form(client, csco_user, city, upcoming):
    client.force_login(csco_user)
    assert upcoming.name in client.get("/my/meetings/").text
    assert client.get(confirm_url(upcoming, city)).status_code == 200
    response = client.post(
        confirm_url(upcoming, city), {"attendee": "delegate", "delegate_name": "Deputy"}
    )
    assert response.status_code == 302
    row = MeetingAttendance.objects.get()
    assert (row.city, row.delegate_name) == (city, "Deputy")
    response = client.post(confirm_url(upcoming, city), {"withdraw": "1"})
    assert response.status_code == 302 and not MeetingAttendance.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"attendee": "delegate", "delegate_name": ""},
        {"attendee": "mayor"},
        {"attendee": "delegate", "delegate_name": "x" * 201},
    ],
)
def test_bad_attendance_input_rerenders_with_message(client, csco_user, city, upcoming, data):
    client.force_login(csco_user)
    response = client.post(confirm_url(upcoming, city), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not MeetingAttendance.objects.exists()


def test_attendance_of_a_past_meeting_is_refused_with_a_message(client, csco_user, city):
    past = MeetingFactory(start_on=datetime.date(2020, 1, 1), year=2020)
    client.force_login(csco_user)
    response = client.post(confirm_url(past, city), {"attendee": "officer"})
    assert response.status_code == 400
    assert "upcoming" in response.text


@pytest.mark.parametrize("who", ["other_csco", "national_rep", "secretariat"])
def test_only_the_citys_csco_may_confirm(
    client, who, city, upcoming, national_rep_user, secretariat_user
):
    other = UserFactory(username="other-csco")
    ChiefSmartCityOfficerFactory(city=CityFactory(), user=other)
    user = {"other_csco": other, "national_rep": national_rep_user, "secretariat": secretariat_user}
    client.force_login(user[who])
    assert client.get(confirm_url(upcoming, city)).status_code == 404
    assert client.post(confirm_url(upcoming, city), {"attendee": "officer"}).status_code == 404
    assert not MeetingAttendance.objects.exists()


def test_attendance_pages_anonymous_redirected(client, city, upcoming):
    for url in (
        confirm_url(upcoming, city),
        reverse("network:meetingattendance_list", kwargs={"slug": upcoming.slug}),
        reverse("network:meetingattendance_export", kwargs={"slug": upcoming.slug}),
    ):
        response = client.get(url)
        assert response.status_code == 302, url


@pytest.mark.parametrize("who", ["csco", "national_rep", "plain"])
def test_attendance_list_and_export_are_secretariat_only(
    client, who, csco_user, national_rep_user, upcoming
):
    user = {"csco": csco_user, "national_rep": national_rep_user, "plain": UserFactory()}[who]
    client.force_login(user)
    for name in ("network:meetingattendance_list", "network:meetingattendance_export"):
        assert client.get(reverse(name, kwargs={"slug": upcoming.slug})).status_code == 403


def test_secretariat_sees_and_exports_attendance(secretariat_client, city, upcoming):
    MeetingAttendance.objects.create(
        meeting=upcoming,
        city=city,
        attendee="delegate",
        delegate_name="=HYPERLINK(1)",
        confirmed_at=timezone.now(),
    )
    silent = CityFactory(name="Silent City")
    page = secretariat_client.get(
        reverse("network:meetingattendance_list", kwargs={"slug": upcoming.slug})
    )
    assert page.status_code == 200
    assert city.name in page.text and "Silent City" in page.text
    assert list(page.context["unanswered"]) == [silent]
    export = secretariat_client.get(
        reverse("network:meetingattendance_export", kwargs={"slug": upcoming.slug})
    )
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["member_state", "city", "attendee", "delegate_name", "confirmed_at"]
    assert rows[1][1:4] == [city.name, "delegate", "'=HYPERLINK(1)"]


# ------------------------------------------------------------------------------
# Query counts at 10 and 500 rows
# ------------------------------------------------------------------------------
def build_rows(n, prefix):
    """N meetings (one upcoming) each attended by one of N cities, N documents about a
    focus area and a meeting, N projects on public record."""
    state = MemberStateFactory()
    area = FocusArea.objects.first() or FocusAreaFactory()
    cities = City.objects.bulk_create(
        City(
            name=f"{prefix} city {i}",
            slug=f"{prefix}-city-{i}",
            member_state=state,
            latitude=1,
            longitude=100,
            joined_year=2018 + i % 8,
            cohort="later",
        )
        for i in range(n)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            name=f"{prefix} meeting {i}",
            slug=f"{prefix}-meeting-{i}",
            kind="forum",
            year=2018 + i % 8,
            start_on=datetime.date(2018 + i % 8, 1 + i % 12, 1),
            host_country=state,
            sources=[
                {"url": "https://example.org/", "title": "", "publisher": "", "published": ""}
            ],
        )
        for i in range(n)
    )
    Meeting.focus_areas.through.objects.bulk_create(
        Meeting.focus_areas.through(meeting_id=m.pk, focusarea_id=area.pk) for m in meetings
    )
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(
            meeting=meetings[0], city=c, attendee="officer", confirmed_at=timezone.now()
        )
        for c in cities
    )
    documents = Document.objects.bulk_create(
        Document(slug=f"{prefix}-doc-{i}", title=f"{prefix} doc {i}", kind="publication", year=2020)
        for i in range(n)
    )
    Document.focus_areas.through.objects.bulk_create(
        Document.focus_areas.through(document_id=d.pk, focusarea_id=area.pk) for d in documents
    )
    Document.meetings.through.objects.bulk_create(
        Document.meetings.through(document_id=d.pk, meeting_id=meetings[0].pk) for d in documents
    )
    RecordedProject.objects.bulk_create(
        RecordedProject(key=f"{prefix}-{i}", city=cities[i], title="P", focus_area=area)
        for i in range(n)
    )
    return meetings[0], area


def test_public_pages_query_count_does_not_grow_with_rows(client):
    meeting, area = build_rows(10, "small")
    urls = [
        "/meetings/",
        meeting.get_absolute_url(),
        "/meetings.ics",
        "/meetings/feed/",
        "/documents/",
        "/about/",
        "/about/governance/",
        area.get_absolute_url(),
    ]
    before = {url: count_queries(client, url) for url in urls}
    build_rows(490, "large")
    after = {url: count_queries(client, url) for url in urls}
    assert after == before


def test_attendance_list_query_count_does_not_grow(secretariat_client):
    meeting, _area = build_rows(10, "small")
    urls = [
        reverse("network:meetingattendance_list", kwargs={"slug": meeting.slug}),
        reverse("network:meetingattendance_export", kwargs={"slug": meeting.slug}),
    ]
    before = [count_queries(secretariat_client, url) for url in urls]
    big, _ = build_rows(500, "large")
    MeetingAttendance.objects.filter(meeting=big).update(meeting=meeting)
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 510
    after = [count_queries(secretariat_client, url) for url in urls]
    assert after == before


def test_documents_page_lists_published_plans_attachments_only(client, city):
    from plans.models import PlanAttachment

    published = ActionPlanFactory(city=city, status="approved", published_at=timezone.now())
    draft = ActionPlanFactory(city=city, status="draft")
    for plan, name in ((published, "public-plan.pdf"), (draft, "draft-plan.pdf")):
        PlanAttachment.objects.create(plan=plan, file="x.pdf", original_name=name, size=10)
    text = client.get("/documents/").text
    assert "public-plan.pdf" in text and "draft-plan.pdf" not in text
    assert "public-plan.pdf" not in client.get("/documents/", {"kind": "framework"}).text
    assert "public-plan.pdf" not in client.get("/documents/", {"search": "other"}).text


def test_workspace_shows_recent_meetings_to_the_secretariat_only(
    client, secretariat_user, csco_user
):
    past = MeetingFactory(name="Last annual meeting", start_on=datetime.date(2025, 9, 8))
    client.force_login(csco_user)
    assert past.name not in client.get("/my/meetings/").text
    client.force_login(secretariat_user)
    text = client.get("/my/meetings/").text
    assert past.name in text
    assert reverse("network:meetingattendance_list", kwargs={"slug": past.slug}) in text
