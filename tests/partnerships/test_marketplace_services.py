"""The marketplace's services: organisations, interests and every move by every role,
threads, the agreement, reminders, saved searches and their digests."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.exceptions import InvalidTransition
from partnerships import services
from partnerships.models import (
    Interest,
    InterestEvent,
    InterestMessage,
    InterestStatus,
    Organisation,
    OrganisationMember,
    SavedSearch,
)
from plans.models import Notification, NotificationKind
from tests.factories import InterestFactory, OrganisationFactory, UserFactory
from tests.partnerships.conftest import ROLES

pytestmark = pytest.mark.django_db(transaction=False)


def _user(market, role):
    return market["users"][role] or AnonymousUser()


def _link(body):
    return re.search(r"https?://\S+", body).group(0)


# ------------------------------------------------------------------------------
# Organisations
# ------------------------------------------------------------------------------
REGISTRATION = {
    "name": "Harbour Tech",
    "kind": "company",
    "country_code": "sg",
    "website": "https://harbour.example",
    "contact_name": "Ann Example",
    "contact_email": "ann@harbour.example",
    "contact_phone": "+65 0000",
}


def test_organisation_register_creates_unverified_org_member_and_sends_link(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.organisation_register(
            username="ann", password="a-Long-password-9", **REGISTRATION
        )
    assert organisation.country_code == "SG"
    assert organisation.verified_at is None and organisation.email_confirmed_at is None
    member = OrganisationMember.objects.get(organisation=organisation)
    assert member.user.username == "ann" and member.user.check_password("a-Long-password-9")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@harbour.example"]
    token = _link(mail.outbox[0].body).rstrip("/").rsplit("/", 1)[-1]
    services.organisation_email_confirm(token=token)
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is not None


def test_organisation_register_refuses_taken_username_and_bad_fields(db):
    UserFactory(username="taken")
    with pytest.raises(ValidationError) as error:
        services.organisation_register(username="TAKEN", password="x", **REGISTRATION)
    assert "username" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.organisation_register(
            username="fresh", password="x", **{**REGISTRATION, "country_code": "Singapore"}
        )
    assert "country_code" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_organisation_email_confirm_refuses_forged_and_changed_tokens(db):
    organisation = OrganisationFactory(email_confirmed_at=None)
    with pytest.raises(ValidationError):
        services.organisation_email_confirm(token="forged:token")
    from django.core import signing

    token = signing.dumps({"o": organisation.pk, "e": "old@example.org"}, salt=services.EMAIL_SALT)
    with pytest.raises(ValidationError):
        services.organisation_email_confirm(token=token)
    organisation.refresh_from_db()
    assert organisation.email_confirmed_at is None


@pytest.mark.parametrize("role", ROLES)
def test_organisation_verify_only_by_the_secretariat(market, role):
    organisation = OrganisationFactory(verified_at=None)
    user = _user(market, role)
    if role == "secretariat":
        services.organisation_verify(user=user, organisation=organisation)
        organisation.refresh_from_db()
        assert organisation.verified_at is not None and organisation.verified_by == user
    else:
        with pytest.raises(PermissionDenied):
            services.organisation_verify(user=user, organisation=organisation)
        organisation.refresh_from_db()
        assert organisation.verified_at is None


def test_organisation_verify_needs_a_confirmed_email(market):
    organisation = OrganisationFactory(verified_at=None, email_confirmed_at=None)
    with pytest.raises(ValidationError):
        services.organisation_verify(user=market["users"]["secretariat"], organisation=organisation)


def test_organisation_member_add_rules(market):
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(PermissionDenied):
        services.organisation_member_add(
            user=market["users"]["other_org"], organisation=market["verified"], member=newcomer
        )
    with pytest.raises(PermissionDenied):  # an unverified organisation cannot grow itself
        services.organisation_member_add(
            user=market["users"]["unverified_org"],
            organisation=market["unverified"],
            member=newcomer,
        )
    services.organisation_member_add(
        user=market["users"]["verified_org"], organisation=market["verified"], member=newcomer
    )
    assert services.organisation_of(newcomer) == market["verified"]
    with pytest.raises(ValidationError):  # one organisation per person
        services.organisation_member_add(
            user=market["users"]["secretariat"], organisation=market["other"], member=newcomer
        )


# ------------------------------------------------------------------------------
# Expressing interest
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_interest_create_only_by_a_verified_organisation(market, role):
    user = _user(market, role)
    kwargs = {"project": market["project"], "support": ["expertise"], "message": "Hello"}
    if role in ("verified_org", "other_org"):
        interest = services.interest_create(user=user, **kwargs)
        assert interest.status == InterestStatus.NEW
        assert interest.organisation == services.organisation_of(user)
    else:
        with pytest.raises(PermissionDenied):
            services.interest_create(user=user, **kwargs)
        assert not Interest.objects.exists()


def test_interest_create_records_event_and_notifies_city_and_secretariat(
    market, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.interest_create(
            user=market["users"]["verified_org"],
            project=market["project"],
            support=["finance", "finance", "technology"],
            message="  We can fund it.  ",
        )
    assert interest.support == ["finance", "technology"] and interest.message == "We can fund it."
    event = InterestEvent.objects.get(interest=interest)
    assert (event.from_status, event.to_status, event.actor) == (
        "",
        "new",
        market["users"]["verified_org"],
    )
    notified = set(
        Notification.objects.filter(kind=NotificationKind.INTEREST_NEW).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"csco-a", "staff"}  # not the other city, not the sender
    assert {m.to[0] for m in mail.outbox} == {"csco-a@example.org", "staff@example.org"}


@pytest.mark.parametrize(
    "change, code",
    [
        ({"support": []}, "support"),
        ({"support": ["money"]}, "support"),
        ({"message": "   "}, "message"),
        ({"amount": "10", "currency": ""}, None),
        ({"message": "x" * 4001}, "message"),
    ],
)
def test_interest_create_refuses_bad_input(market, change, code):
    kwargs = {"support": ["technology"], "message": "Hello", **change}
    with pytest.raises(ValidationError) as error:
        services.interest_create(
            user=market["users"]["verified_org"], project=market["project"], **kwargs
        )
    if code:
        assert code in error.value.message_dict


@pytest.mark.parametrize("which", ["other_project", "draft_project"])
def test_interest_create_refuses_projects_not_seeking_or_unpublished(market, which):
    with pytest.raises(ValidationError):
        services.interest_create(
            user=market["users"]["verified_org"],
            project=market[which],
            support=["technology"],
            message="Hello",
        )


def test_interest_create_refuses_a_second_open_interest_but_allows_after_closing(market):
    user = market["users"]["verified_org"]
    kwargs = {"project": market["project"], "support": ["technology"], "message": "Hello"}
    first = services.interest_create(user=user, **kwargs)
    with pytest.raises(ValidationError):
        services.interest_create(user=user, **kwargs)
    services.interest_withdraw(user=user, interest=first)
    second = services.interest_create(user=user, **kwargs)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.status == InterestStatus.WITHDRAWN  # stays in the history


def test_interest_create_is_rate_limited_per_organisation(market, settings):
    settings.ASCN_INTERESTS_PER_DAY = 2
    user = market["users"]["verified_org"]
    for n in range(2):
        InterestFactory(organisation=market["verified"], status="withdrawn", message=str(n))
    with pytest.raises(services.SendingLimitReached):
        services.interest_create(
            user=user, project=market["project"], support=["technology"], message="Hi"
        )
    # Another organisation is not held back by the first one's sending.
    services.interest_create(
        user=market["users"]["other_org"],
        project=market["project"],
        support=["technology"],
        message="Hi",
    )


# ------------------------------------------------------------------------------
# Moves: every move by every role, from every status
# ------------------------------------------------------------------------------
ALLOWED = {
    "discuss": {"csco", "secretariat"},
    "agree": {"csco", "secretariat"},
    "decline": {"csco", "secretariat"},
    "withdraw": {"verified_org"},
}
TARGET = {
    "discuss": "in_discussion",
    "agree": "agreed",
    "decline": "declined",
    "withdraw": "withdrawn",
}
FROM = {
    "discuss": {"new"},
    "agree": {"new", "in_discussion"},
    "decline": {"new", "in_discussion"},
    "withdraw": {"new", "in_discussion"},
}


@pytest.mark.parametrize("status", InterestStatus.values)
@pytest.mark.parametrize("move", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_interest_move_by_every_role_from_every_status(market, role, move, status):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status=status
    )
    user = _user(market, role)
    allowed_role = role in ALLOWED[move]
    if allowed_role and status in FROM[move]:
        services.interest_move(user=user, interest=interest, name=move)
        interest.refresh_from_db()
        assert interest.status == TARGET[move]
        event = interest.events.get()
        assert (event.from_status, event.to_status, event.actor) == (status, TARGET[move], user)
        assert Notification.objects.filter(kind=NotificationKind.INTEREST_MOVED).exists()
    else:
        expected = InvalidTransition if allowed_role else PermissionDenied
        with pytest.raises(expected):
            services.interest_move(user=user, interest=interest, name=move)
        interest.refresh_from_db()
        assert interest.status == status and not interest.events.exists()


def test_city_answer_is_stamped_once_and_notifies_the_organisation(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    services.interest_discuss(user=market["users"]["csco"], interest=interest)
    interest.refresh_from_db()
    first = interest.city_answered_at
    assert first is not None
    assert Notification.objects.filter(
        kind=NotificationKind.INTEREST_MOVED, recipient=market["users"]["verified_org"]
    ).exists()
    services.interest_agree(user=market["users"]["secretariat"], interest=interest)
    interest.refresh_from_db()
    assert interest.city_answered_at == first


def test_withdraw_notifies_the_city_side(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    services.interest_withdraw(user=market["users"]["verified_org"], interest=interest)
    recipients = set(
        Notification.objects.filter(kind=NotificationKind.INTEREST_MOVED).values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"csco-a", "staff"}


def test_available_moves_follow_the_table(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    users = market["users"]
    assert services.available_moves(users["csco"], interest) == ["discuss", "agree", "decline"]
    assert services.available_moves(users["verified_org"], interest) == ["withdraw"]
    assert services.available_moves(users["national_rep"], interest) == []
    assert services.available_moves(users["other_org"], interest) == []


# ------------------------------------------------------------------------------
# The thread
# ------------------------------------------------------------------------------
WRITERS = {"verified_org", "csco", "secretariat"}


@pytest.mark.parametrize("role", ROLES)
def test_interest_message_post_by_role(market, role):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    user = _user(market, role)
    if role in WRITERS:
        message = services.interest_message_post(user=user, interest=interest, body=" Hello ")
        assert message.body == "Hello" and message.author == user
        assert services.may_write(user, interest)
    else:
        with pytest.raises(PermissionDenied):
            services.interest_message_post(user=user, interest=interest, body="Hello")
        assert not InterestMessage.objects.exists()
        assert not services.may_write(user, interest)


@pytest.mark.parametrize("status", ["declined", "withdrawn"])
def test_closed_threads_are_read_only(market, status):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status=status
    )
    with pytest.raises(InvalidTransition):
        services.interest_message_post(
            user=market["users"]["csco"], interest=interest, body="Hello"
        )


def test_message_notifies_the_other_side_and_stamps_city_answer(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    services.interest_message_post(
        user=market["users"]["verified_org"], interest=interest, body="From org"
    )
    to_city = set(
        Notification.objects.filter(kind=NotificationKind.INTEREST_MESSAGE).values_list(
            "recipient__username", flat=True
        )
    )
    assert to_city == {"csco-a", "staff"}
    interest.refresh_from_db()
    assert interest.city_answered_at is None
    Notification.objects.all().delete()
    services.interest_message_post(user=market["users"]["csco"], interest=interest, body="Reply")
    to_org = set(
        Notification.objects.filter(kind=NotificationKind.INTEREST_MESSAGE).values_list(
            "recipient__username", flat=True
        )
    )
    assert to_org == {"verified-org"}
    interest.refresh_from_db()
    assert interest.city_answered_at is not None


def test_messages_are_rate_limited_per_organisation(market, settings):
    settings.ASCN_MESSAGES_PER_HOUR = 1
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    services.interest_message_post(
        user=market["users"]["verified_org"], interest=interest, body="1"
    )
    with pytest.raises(services.SendingLimitReached):
        services.interest_message_post(
            user=market["users"]["verified_org"], interest=interest, body="2"
        )
    # The city answers whatever the organisation's limit.
    services.interest_message_post(user=market["users"]["csco"], interest=interest, body="3")


def test_empty_message_is_refused(market):
    interest = InterestFactory(project=market["project"], organisation=market["verified"])
    with pytest.raises(ValidationError):
        services.interest_message_post(user=market["users"]["csco"], interest=interest, body=" ")


# ------------------------------------------------------------------------------
# The agreement
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_agreement_create_only_by_the_secretariat(market, role):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status="agreed"
    )
    user = _user(market, role)
    if role == "secretariat":
        agreement = services.interest_agreement_create(user=user, interest=interest)
        interest.refresh_from_db()
        assert interest.agreement == agreement
        assert list(agreement.projects.all()) == [market["project"]]
        assert list(agreement.cities.all()) == [market["city_a"]]
        partner = agreement.parties.get()
        assert partner.name == "Verified Org"
        market["verified"].refresh_from_db()
        assert market["verified"].partner == partner
    else:
        with pytest.raises(PermissionDenied):
            services.interest_agreement_create(user=user, interest=interest)


@pytest.mark.parametrize("status", ["new", "in_discussion", "declined", "withdrawn"])
def test_agreement_needs_an_agreed_interest(market, status):
    interest = InterestFactory(
        project=market["project"], organisation=market["verified"], status=status
    )
    with pytest.raises(InvalidTransition):
        services.interest_agreement_create(user=market["users"]["secretariat"], interest=interest)


def test_agreement_is_made_once_and_the_partner_is_reused(market):
    staff = market["users"]["secretariat"]
    first = InterestFactory(
        project=market["project"], organisation=market["verified"], status="agreed"
    )
    services.interest_agreement_create(user=staff, interest=first, title="Buses deal")
    with pytest.raises(InvalidTransition):
        services.interest_agreement_create(user=staff, interest=first)
    second = InterestFactory(
        project=market["project"], organisation=market["verified"], status="agreed"
    )
    agreement = services.interest_agreement_create(user=staff, interest=second, title="Buses deal")
    assert agreement.slug == "buses-deal-2"
    market["verified"].refresh_from_db()
    assert agreement.parties.get() == market["verified"].partner


# ------------------------------------------------------------------------------
# Reminders
# ------------------------------------------------------------------------------
def test_unanswered_interests_remind_the_csco_once(market):
    old = InterestFactory(project=market["project"], organisation=market["verified"])
    fresh = InterestFactory(project=market["project"], organisation=market["other"])
    Interest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    assert services.interest_reminders_send() == 1
    reminder = Notification.objects.get(kind=NotificationKind.INTEREST_REMINDER)
    assert reminder.recipient == market["users"]["csco"]
    assert services.interest_reminders_send() == 0
    Interest.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15),
        city_answered_at=timezone.now(),
    )
    assert services.interest_reminders_send() == 0


# ------------------------------------------------------------------------------
# Saved searches
# ------------------------------------------------------------------------------
def test_saved_search_for_own_email_is_confirmed_at_once(market):
    user = market["users"]["verified_org"]
    search = services.saved_search_create(
        user=user, email=user.email, query="support=finance&page=3&junk=1", frequency="daily"
    )
    assert search.confirmed_at is not None and search.query == "support=finance"


def test_saved_search_other_email_needs_confirmation(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        search = services.saved_search_create(
            user=AnonymousUser(), email="x@example.org", query="", frequency="weekly"
        )
    assert search.confirmed_at is None and search.user is None
    token = _link(mail.outbox[0].body).rstrip("/").rsplit("/", 1)[-1]
    services.saved_search_confirm(token=token)
    search.refresh_from_db()
    assert search.confirmed_at is not None
    with pytest.raises(ValidationError):  # a confirm token does not unsubscribe
        services.saved_search_unsubscribe(token=token)


def test_saved_search_refuses_invalid_searches(db):
    with pytest.raises(ValidationError):
        services.saved_search_create(
            user=AnonymousUser(), email="x@example.org", query="cost_min=5", frequency="daily"
        )
    with pytest.raises(ValidationError):
        services.saved_search_create(
            user=AnonymousUser(), email="not-an-email", query="", frequency="daily"
        )


def test_digest_sends_new_matches_with_a_working_unsubscribe_link(market):
    now = timezone.now()
    search = SavedSearch.objects.create(
        email="watcher@example.org",
        query="support=technology",
        frequency="daily",
        confirmed_at=now,
        last_sent_at=now - datetime.timedelta(days=2),
    )
    market["plan"].published_at = now - datetime.timedelta(days=1)
    market["plan"].save()
    assert services.saved_search_digests_send(now=now) == 1
    body = mail.outbox[0].body
    assert "Smart buses" in body and mail.outbox[0].to == ["watcher@example.org"]
    # Nothing new since: no second email; not due yet either.
    assert services.saved_search_digests_send(now=now + datetime.timedelta(days=1, minutes=1)) == 0
    unsubscribe = next(line for line in body.splitlines() if "unsubscribe" in line)
    token = _link(unsubscribe).rstrip("/").rsplit("/", 1)[-1]
    services.saved_search_unsubscribe(token=token)
    search.refresh_from_db()
    assert search.unsubscribed_at is not None
    SavedSearch.objects.filter(pk=search.pk).update(last_sent_at=now - datetime.timedelta(days=9))
    assert services.saved_search_digests_send(now=now) == 0


def test_digest_skips_non_matching_and_undue_searches(market):
    now = timezone.now()
    market["plan"].published_at = now - datetime.timedelta(hours=1)
    market["plan"].save()
    SavedSearch.objects.create(
        email="a@example.org",
        query="support=expertise",
        frequency="daily",
        confirmed_at=now,
        last_sent_at=now - datetime.timedelta(days=2),
    )
    SavedSearch.objects.create(
        email="b@example.org",
        query="",
        frequency="weekly",
        confirmed_at=now,
        last_sent_at=now - datetime.timedelta(days=2),
    )
    SavedSearch.objects.create(
        email="c@example.org",
        query="",
        frequency="daily",
        last_sent_at=now - datetime.timedelta(days=2),
    )
    assert services.saved_search_digests_send(now=now) == 0
    assert mail.outbox == []


# ------------------------------------------------------------------------------
# Seeking until a date
# ------------------------------------------------------------------------------
def test_projects_stop_seeking_after_their_date_and_cities_are_recounted(market):
    from plans.models import PriorityProject

    project, city = market["project"], market["city_a"]
    today = timezone.localdate()
    PriorityProject.objects.filter(pk=project.pk).update(seeking_until=today)
    assert list(PriorityProject.objects.seeking_partners(today=today)) == [project]
    tomorrow = today + datetime.timedelta(days=1)
    assert list(PriorityProject.objects.seeking_partners(today=tomorrow)) == []
    city.refresh_from_db()
    assert city.seeking_project_count == 1
    assert services.seeking_counts_refresh(today=tomorrow) == 1
    city.refresh_from_db()
    # Recounted as of the real today, on which it still seeks; a week later it does not.
    assert city.seeking_project_count == 1
    PriorityProject.objects.filter(pk=project.pk).update(
        seeking_until=today - datetime.timedelta(days=1)
    )
    assert services.seeking_counts_refresh() == 1
    city.refresh_from_db()
    assert city.seeking_project_count == 0
    with pytest.raises(ValidationError):
        services.interest_create(
            user=market["users"]["verified_org"], project=project, support=["finance"], message="x"
        )
    assert services.seeking_counts_refresh(today=today + datetime.timedelta(days=9)) == 0


def test_agreement_does_not_publish_the_private_offer(market):
    interest = InterestFactory(
        project=market["project"],
        organisation=market["verified"],
        status="agreed",
        amount="123456",
        currency="USD",
    )
    agreement = services.interest_agreement_create(
        user=market["users"]["secretariat"], interest=interest
    )
    assert agreement.amount is None and agreement.currency == ""
    assert "We can help." not in agreement.description


def test_interest_events_are_append_only(interest):
    """An interest's history is written once, like a plan's (core.models.AppendOnlyModel):
    a saved event is never changed or deleted, one by one or in bulk."""
    from partnerships.models import InterestEvent

    event = InterestEvent.objects.create(interest=interest, to_status="new")
    event.to_status = "agreed"
    for attempt in (event.save, event.delete, InterestEvent.objects.all().delete):
        with pytest.raises(TypeError):
            attempt()
    with pytest.raises(TypeError):
        InterestEvent.objects.update(to_status="agreed")
    assert InterestEvent.objects.get(pk=event.pk).to_status == "new"
