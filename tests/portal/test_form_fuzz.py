"""Issue 10, item 8 ("Bad input never answers 500"): a form fuzz (hypothesis) posting
hostile values to every portal form (sign-in, password reset and change, the new-plan
form, the plan form with its project formset, workflow comments, attachments,
notifications) and to every list filter: NUL bytes, lone surrogates (sent as raw
UTF-8-encoded bytes, as a browser or a script could), huge and absurd numbers, very
long text, markup. 0 answers of 500; the test client re-raises any exception."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.factories import (
    ActionPlanFactory,
    ChiefSmartCityOfficerFactory,
    CityFactory,
    FocusAreaFactory,
    PriorityProjectFactory,
    UserFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfffy",
        "x" * 20_000,
        "-1",
        "0",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2025.5",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "%00",
        "\u202e",
        "🙂",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=40), st.integers().map(str))


def post_raw(client, url, fields):
    """POST form fields as raw bytes: a lone surrogate goes out as the bytes a
    browser-less client could send (the test client itself refuses to encode it)."""
    body = "&".join(
        f"{quote(name.encode('utf-8', 'surrogatepass'))}="
        f"{quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in fields
    )
    return client.generic(
        "POST", url, body.encode(), content_type="application/x-www-form-urlencoded"
    )


def get_raw(client, url, fields):
    query = "&".join(
        f"{quote(n.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
        for n, v in fields
    )
    return client.get(f"{url}?{query}")


def assert_no_server_error(response, url):
    assert response.status_code < 500, (url, response.status_code)


@pytest.fixture
def world(db):
    area = FocusAreaFactory(key="civic_social")
    city = CityFactory(slug="home-city")
    csco = UserFactory(username="csco")
    ChiefSmartCityOfficerFactory(city=city, user=csco)
    draft = ActionPlanFactory(city=city, status="draft")
    project = PriorityProjectFactory(plan=draft)
    approved = ActionPlanFactory(city=city, status="approved")
    return {
        "area": area,
        "city": city,
        "csco": csco,
        "draft": draft,
        "project": project,
        "approved": approved,
    }


@FUZZ
@given(username=VALUES, password=VALUES, extra=VALUES)
def test_fuzz_sign_in_and_password_reset(client, world, username, password, extra):
    for url, fields in (
        ("/accounts/login/", [("username", username), ("password", password), ("next", extra)]),
        ("/accounts/password/reset/", [("email", username)]),
    ):
        assert_no_server_error(post_raw(client, url, fields), url)


@FUZZ
@given(old=VALUES, new1=VALUES, new2=VALUES)
def test_fuzz_password_change(client, world, old, new1, new2):
    client.force_login(world["csco"])
    url = "/accounts/password/change/"
    response = post_raw(
        client,
        url,
        [("old_password", old), ("new_password1", new1), ("new_password2", new2)],
    )
    assert_no_server_error(response, url)
    world["csco"].set_password(PASSWORD)
    world["csco"].save()


PLAN_FIELDS = ("title", "period_start_year", "period_end_year", "vision", "summary")


@FUZZ
@given(values=st.lists(VALUES, min_size=6, max_size=6))
def test_fuzz_new_plan_form(client, world, values):
    client.force_login(world["csco"])
    fields = [*zip(PLAN_FIELDS, values, strict=False), ("focus_areas", values[5])]
    assert_no_server_error(post_raw(client, "/my/plans/new/", fields), "/my/plans/new/")


PROJECT_FIELDS = (
    "title",
    "description",
    "focus_areas",
    "estimated_cost",
    "currency",
    "funding_status",
    "is_seeking_partners",
    "start_year",
    "end_year",
    "id",
    "DELETE",
)


@FUZZ
@given(
    plan_values=st.lists(VALUES, min_size=6, max_size=6),
    project_values=st.lists(VALUES, min_size=len(PROJECT_FIELDS), max_size=len(PROJECT_FIELDS)),
    management=st.lists(VALUES, min_size=2, max_size=2),
    keep_management=st.booleans(),
)
def test_fuzz_plan_form_with_its_project_formset(
    client, world, plan_values, project_values, management, keep_management
):
    client.force_login(world["csco"])
    draft = world["draft"]
    url = f"/my/plans/{draft.uuid}/edit/"
    fields = list(zip(PLAN_FIELDS, plan_values, strict=False))
    fields.append(("lock_version", plan_values[5]))
    total, initial = ("1", "1") if keep_management else management
    fields += [
        ("projects-TOTAL_FORMS", total),
        ("projects-INITIAL_FORMS", initial),
        ("projects-MIN_NUM_FORMS", "0"),
        ("projects-MAX_NUM_FORMS", "50"),
    ]
    for name, value in zip(PROJECT_FIELDS, project_values, strict=True):
        fields.append((f"projects-0-{name}", value))
    fields.append(("projects-0-plan", str(draft.pk)))
    response = post_raw(client, url, fields)
    assert_no_server_error(response, url)


@FUZZ
@given(comment=VALUES, move=st.sampled_from(["submit", "withdraw", "return", "nonsense"]))
def test_fuzz_workflow_comment(client, world, comment, move):
    client.force_login(world["csco"])
    url = f"/my/plans/{world['approved'].uuid}/{move}/"
    assert_no_server_error(post_raw(client, url, [("comment", comment)]), url)


@FUZZ
@given(
    name=st.one_of(st.sampled_from(["a\x00.pdf", "", ".pdf", "x" * 500 + ".pdf"]), st.text()),
    content=st.one_of(
        st.binary(max_size=2000),
        st.just(b"%PDF-1.4\n%%EOF"),
        st.just(b"%PDF-" + b"\x00" * 100),
    ),
)
def test_fuzz_attachment_upload(client, world, name, content):
    client.force_login(world["csco"])
    url = f"/my/plans/{world['draft'].uuid}/attachments/"
    safe_name = name.encode("utf-8", "replace").decode("utf-8") or "x"
    upload = SimpleUploadedFile(safe_name, content, content_type="application/pdf")
    assert_no_server_error(client.post(url, {"file": upload}), url)


@FUZZ
@given(notification=VALUES)
def test_fuzz_notification_mark_read(client, world, notification):
    client.force_login(world["csco"])
    url = "/my/notifications/"
    assert_no_server_error(post_raw(client, url, [("notification", notification)]), url)


FILTERS = {
    "/": ("member_state", "focus_area", "joined_year", "cohort", "search"),
    "/cities/": ("member_state", "focus_area", "joined_year", "cohort", "search", "page"),
    "/partnerships/": ("kind", "search", "page", "city", "partner", "member_state"),
    "/member-states/": ("page",),
    "/framework/": ("page",),
}


@FUZZ
@given(
    url=st.sampled_from(sorted(FILTERS)),
    values=st.lists(VALUES, min_size=6, max_size=6),
    signed_in=st.booleans(),
)
def test_fuzz_list_filters(client, world, url, values, signed_in):
    if signed_in:
        client.force_login(world["csco"])
    else:
        client.logout()
    fields = list(zip(FILTERS[url], values, strict=False))
    assert_no_server_error(get_raw(client, url, fields), url)
