"""The review journey as people meet it: a returned plan says what to change at the
top, the reviewer's comment box is marked when left empty, withdrawing asks first, a
double submit does nothing twice, and the dashboards agree with themselves."""

import pytest
from django.urls import reverse

from plans import services
from plans.models import ActionPlan, ActionPlanEvent
from tests.factories import ActionPlanFactory
from tests.querycount import build_network, count_queries

pytestmark = pytest.mark.django_db


def manage_url(plan):
    return reverse("plans:actionplan_manage", kwargs={"uuid": plan.uuid})


def move_url(plan, move):
    return reverse("plans:actionplan_move", kwargs={"uuid": plan.uuid, "move": move})


@pytest.fixture
def returned(people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_return(
        user=people["national_rep"], plan=draft, comment="Cost the flood project.\nAdd dates."
    )
    draft.refresh_from_db()
    return draft


def test_returned_plan_shows_comment_author_and_reopen_at_the_top_for_its_csco(
    client, people, returned
):
    people["national_rep"].first_name, people["national_rep"].last_name = "Nora", "Rep"
    people["national_rep"].save()
    client.force_login(people["csco"])
    page = client.get(manage_url(returned)).text
    banner = page.index('id="returned-comment"')
    assert banner < page.index("<h2>Priority projects</h2>")
    assert banner < page.index('id="danger-heading"')
    assert "Nora Rep returned this plan on" in page
    assert "<p>Cost the flood project.<br>Add dates.</p>" in page
    assert "Reopen and edit" in page
    # The CSCO has no review to write: the comment box is not there.
    assert 'name="comment"' not in page


def test_reviewer_sees_the_comment_box_and_no_returned_banner_on_a_submitted_plan(
    client, people, draft
):
    services.action_plan_submit(user=people["csco"], plan=draft)
    client.force_login(people["national_rep"])
    page = client.get(manage_url(draft)).text
    assert 'name="comment"' in page
    assert 'id="returned-comment"' not in page


def test_return_without_comment_marks_the_field_and_keeps_the_page(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    client.force_login(people["national_rep"])
    response = client.post(move_url(draft, "return"), {"comment": "   "})
    assert response.status_code == 400
    page = response.text
    assert 'aria-invalid="true"' in page
    assert 'id="id_comment-error"' in page
    error_at = page.index("Say what the city should change.")
    assert page.index('for="id_comment"') < error_at < page.index('name="comment"')
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_reopen_and_edit_leads_to_the_edit_form(client, people, returned):
    client.force_login(people["csco"])
    response = client.post(move_url(returned, "reopen"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "plans:actionplan_update", kwargs={"uuid": returned.uuid}
    )
    returned.refresh_from_db()
    assert returned.status == "draft"


def test_withdraw_asks_first_and_the_page_says_what_will_happen(client, people, draft):
    client.force_login(people["csco"])
    page = client.get(manage_url(draft)).text
    # A link to the confirmation page, apart from the actions; no direct withdraw POST.
    assert f'href="{move_url(draft, "withdraw")}"' in page
    assert f'formaction="{move_url(draft, "withdraw")}"' not in page
    assert page.index('id="danger-heading"') > page.index('id="moves-heading"')
    confirm = client.get(move_url(draft, "withdraw"))
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.text
    assert "Yes, withdraw the plan" in confirm.text
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = client.post(move_url(draft, "withdraw"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


@pytest.mark.parametrize("role", ["other_csco", "national_rep", "secretariat"])
def test_withdraw_confirmation_only_for_the_citys_csco(client, people, draft, role):
    client.force_login(people[role])
    response = client.get(move_url(draft, "withdraw"))
    if role == "other_csco":
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == manage_url(draft)


def test_withdraw_confirmation_needs_sign_in(client, draft):
    response = client.get(move_url(draft, "withdraw"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_moves_without_confirmation_have_no_get_page(client, people, draft):
    client.force_login(people["csco"])
    assert client.get(move_url(draft, "submit")).status_code == 404


@pytest.mark.parametrize("move", ["withdraw", "submit"])
def test_double_submit_makes_the_move_once(client, people, draft, move):
    client.force_login(people["csco"])
    first = client.post(move_url(draft, move), follow=True)
    second = client.post(move_url(draft, move), follow=True)
    assert first.status_code == second.status_code == 200
    assert "Already done" in second.text
    assert "cannot be" not in second.text
    target = {"withdraw": "withdrawn", "submit": "submitted"}[move]
    assert ActionPlanEvent.objects.filter(plan=draft, to_status=target).count() == 1


def test_double_revise_starts_one_new_version(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    services.action_plan_approve(user=people["secretariat"], plan=draft)
    client.force_login(people["csco"])
    first = client.post(move_url(draft, "revise"))
    second = client.post(move_url(draft, "revise"))
    revision = ActionPlan.objects.get(supersedes=draft)
    assert (
        first["Location"]
        == second["Location"]
        == reverse("plans:actionplan_update", kwargs={"uuid": revision.uuid})
    )


def test_a_move_someone_else_made_is_still_refused(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_return(user=people["national_rep"], plan=draft, comment="No.")
    services.action_plan_reopen(user=people["csco"], plan=draft)
    # The plan is a draft again, but the last move was not this user's submit.
    client.force_login(people["national_rep"])
    response = client.post(move_url(draft, "endorse"), follow=True)
    assert "Already done" not in response.text
    draft.refresh_from_db()
    assert draft.status == "draft"


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("plans:dashboard"))
    assert response.status_code == 200
    return response.context


def test_secretariat_sees_endorsed_plans_in_plans_and_needs_your_action(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    services.action_plan_endorse(user=people["national_rep"], plan=draft)
    context = dashboard(client, people["secretariat"])
    assert list(context["needs_action"]) == [draft]
    assert draft in list(context["plans"])


def test_csco_needs_action_lists_only_what_waits_on_the_csco(client, people, draft):
    submitted = ActionPlanFactory(city=people["city"], status="submitted", title="With rep")
    returned = ActionPlanFactory(city=people["city"], status="returned", title="Returned")
    approved = ActionPlanFactory(city=people["city"], status="approved", title="Approved")
    context = dashboard(client, people["csco"])
    assert set(context["needs_action"]) == {draft, returned}
    assert {submitted, approved, draft, returned} <= set(context["plans"])


def test_representative_needs_action_is_the_submitted_plans_of_its_state(client, people, draft):
    services.action_plan_submit(user=people["csco"], plan=draft)
    ActionPlanFactory(city=people["city"], status="draft", title="Still drafting")
    context = dashboard(client, people["national_rep"])
    assert list(context["needs_action"]) == [draft]


def test_other_city_csco_dashboard_has_nothing_of_this_city(client, people, draft):
    context = dashboard(client, people["other_csco"])
    assert draft not in list(context["plans"])
    assert draft not in context["needs_action"]


@pytest.mark.parametrize("n", [10, 500])
def test_secretariat_dashboard_query_count_does_not_grow(client, people, n):
    build_network(n)
    ActionPlan.objects.filter(status="draft").update(status="endorsed")
    client.force_login(people["secretariat"])
    assert count_queries(client, reverse("plans:dashboard")) <= 16
    response = client.get(reverse("plans:dashboard"))
    assert len(response.context["needs_action"]) == n


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_withdraw_posts_withdraw_once(people, draft):
    """Two requests at the same moment (a double click that got through): the plan's
    row lock makes the second wait, and it then finds the move already made. On
    PostgreSQL; SQLite has no row locks to race on."""
    import threading

    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    barrier = threading.Barrier(2)
    responses = []

    def post():
        client = Client()
        client.force_login(people["csco"])
        barrier.wait()
        try:
            responses.append(client.post(move_url(draft, "withdraw"), follow=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.status_code for r in responses) == [200, 200]
    texts = [r.content.decode() for r in responses]
    assert sum("Already done" in t for t in texts) == 1
    assert all("The plan was withdrawn." in t for t in texts)
    assert not any("cannot be withdrawn" in t for t in texts)
    assert ActionPlanEvent.objects.filter(plan=draft, to_status="withdrawn").count() == 1
