"""Every write of the partnerships app: agreements (only published projects may be named)
and the marketplace: registering and verifying organisations, expressions
of interest and their moves (the table is partnerships.workflow), their threads, the
agreement made from an agreed interest, saved searches and their digests, reminders.
Interfaces (pages, the API, the admin, tasks) call these and nothing else."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import InvalidTransition
from core.permissions import is_secretariat
from plans.filters import PriorityProjectFilterSet
from plans.models import Notification, NotificationKind, PriorityProject
from plans.outbox import notification_emails_dispatch
from plans.services import city_publication_refresh
from representatives import roles
from representatives.roles import Role

from . import workflow
from .mail import email_later
from .models import (
    AgreementKind,
    Interest,
    InterestEvent,
    InterestMessage,
    InterestStatus,
    Organisation,
    OrganisationMember,
    Partner,
    PartnershipAgreement,
    SavedSearch,
)

logger = logging.getLogger(__name__)

EMAIL_SALT = "partnerships.organisation.email"
ALERT_CONFIRM_SALT = "partnerships.savedsearch.confirm"
ALERT_UNSUBSCRIBE_SALT = "partnerships.savedsearch.unsubscribe"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
UNANSWERED_AFTER = datetime.timedelta(days=14)


# ------------------------------------------------------------------------------
# Agreements
# ------------------------------------------------------------------------------
AGREEMENT_FIELDS = (
    "title",
    "slug",
    "kind",
    "signed_on",
    "signed_on_precision",
    "amount",
    "currency",
    "amount_note",
    "asean_side_parties",
    "description",
    "notes",
    "source_url",
    "sources",
    "confidence",
    "confidence_note",
)


def agreement_projects_check(projects):
    """An agreement is a public record: only projects of published plans may be named."""
    if projects is None:
        return
    ids = [project.pk for project in projects]
    published = set(
        PriorityProject.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    unpublished = [project for project in projects if project.pk not in published]
    if unpublished:
        raise ValidationError(
            {
                "projects": _(
                    "Only projects of published plans can be linked to an agreement: %(titles)s."
                )
                % {"titles": ", ".join(str(project) for project in unpublished)}
            },
            code="unpublished_project",
        )


@transaction.atomic
def partnership_agreement_save(
    *, user, agreement=None, parties=None, cities=None, projects=None, **fields
):
    """Create (no `agreement`) or change an agreement and, when given, its parties, cities
    and projects. The secretariat only; history records who changed what."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat records agreements."))
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    agreement_projects_check(projects)
    agreement = agreement or PartnershipAgreement()
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement._history_user = user
    agreement.full_clean()
    agreement.save()
    for name, values in (("parties", parties), ("cities", cities), ("projects", projects)):
        if values is not None:
            getattr(agreement, name).set(values)
    return agreement


@transaction.atomic
def partnership_agreement_delete(*, user, agreement):
    """Remove an agreement recorded by mistake (the secretariat only)."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat records agreements."))
    agreement._history_user = user
    agreement.delete()


class SendingLimitReached(PermissionDenied):
    """The organisation sent too much in too short a time (the API answers 429)."""


def site_url(path):
    return settings.SITE_URL.rstrip("/") + path


# ------------------------------------------------------------------------------
# Who is who
# ------------------------------------------------------------------------------
def organisation_of(user):
    """The organisation this user acts for, or None."""
    if not user.is_authenticated:
        return None
    membership = OrganisationMember.objects.select_related("organisation").filter(user=user).first()
    return membership.organisation if membership else None


def roles_in_interest(user, interest):
    """The roles this user holds towards an interest: the organisation's side
    (workflow.ORGANISATION) and the roles towards the project's city."""
    held = set(roles.roles_in_city(user, interest.project.plan.city))
    if (
        user.is_authenticated
        and OrganisationMember.objects.filter(
            user=user, organisation_id=interest.organisation_id
        ).exists()
    ):
        held.add(workflow.ORGANISATION)
    return held


# ------------------------------------------------------------------------------
# Organisations
# ------------------------------------------------------------------------------
ORGANISATION_FIELDS = (
    "name",
    "kind",
    "country_code",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def _unique_slug(name):
    base = slugify(name)[:90] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_register(*, username, password, **fields):
    """Register an organisation and its first member's account; a link to confirm the
    contact email is sent. It sends nothing until the secretariat verifies it."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken.")}, code="unique")
    organisation = Organisation(slug=_unique_slug(fields.get("name", "")), **fields)
    organisation.country_code = (organisation.country_code or "").upper()
    organisation.full_clean()
    user = User(username=username, email=organisation.contact_email)
    user.first_name = organisation.contact_name[:150]
    user.set_password(password)
    user.full_clean(exclude=["password"])
    organisation.save()
    user.save()
    OrganisationMember.objects.create(organisation=organisation, user=user)
    organisation_confirmation_send(organisation=organisation)
    return organisation


def organisation_confirmation_send(*, organisation):
    """Email the link that confirms the organisation's contact address."""
    token = signing.dumps({"o": organisation.pk, "e": organisation.contact_email}, salt=EMAIL_SALT)
    link = site_url(reverse("marketplace:organisation_confirm", kwargs={"token": token}))
    body = _(
        "Someone registered %(name)s on the ASCN Portal with this address.\n\n"
        "Confirm it by opening this link (valid for 7 days):\n%(link)s\n\n"
        "The secretariat then verifies the organisation before it can contact cities."
    ) % {"name": organisation.name, "link": link}
    email_later(_("Confirm your organisation's email"), body, [organisation.contact_email])


@transaction.atomic
def organisation_email_confirm(*, token):
    """Confirm the contact email from the link's signed token (works signed out)."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(
            _("This link is invalid or has expired."), code="bad_token"
        ) from error
    organisation = Organisation.objects.select_for_update().filter(pk=data.get("o")).first()
    if organisation is None or organisation.contact_email != data.get("e"):
        raise ValidationError(_("This link is invalid or has expired."), code="bad_token")
    if organisation.email_confirmed_at is None:
        organisation.email_confirmed_at = timezone.now()
        organisation.save(update_fields=["email_confirmed_at", "updated_at"])
    return organisation


@transaction.atomic
def organisation_verify(*, user, organisation):
    """The secretariat verifies an organisation whose email is confirmed: from then on it
    may express interest and has a public profile."""
    if not roles.is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat verifies organisations."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.email_confirmed_at is None:
        raise ValidationError(
            _("The organisation has not confirmed its email yet."), code="unconfirmed"
        )
    if organisation.verified_at is None:
        organisation.verified_at = timezone.now()
        organisation.verified_by = user
        organisation.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return organisation


@transaction.atomic
def organisation_member_add(*, user, organisation, member):
    """Add a person to an organisation (the secretariat, or a member of a verified one)."""
    is_member = OrganisationMember.objects.filter(user=user, organisation=organisation).exists()
    if not (roles.is_secretariat(user) or (is_member and organisation.is_verified)):
        raise PermissionDenied(_("You may not add people to this organisation."))
    if OrganisationMember.objects.filter(user=member).exists():
        raise ValidationError(
            _("This person already belongs to an organisation."), code="member_elsewhere"
        )
    return OrganisationMember.objects.create(organisation=organisation, user=member)


# ------------------------------------------------------------------------------
# Notifications (the plans outbox: a notification row per recipient, emailed on commit)
# ------------------------------------------------------------------------------
def _interest_notify(interest, kind, recipients, *, actor=None, text=""):
    project = interest.project
    names = {
        "project": project.title,
        "city": project.plan.city.name,
        "organisation": interest.organisation.name,
        "status": interest.get_status_display(),
    }
    subjects = {
        NotificationKind.INTEREST_NEW: _(
            "%(organisation)s expressed interest in %(city)s's project “%(project)s”"
        ),
        NotificationKind.INTEREST_MOVED: _(
            "Expression of interest in “%(project)s” (%(city)s): %(status)s"
        ),
        NotificationKind.INTEREST_MESSAGE: _(
            "New message about “%(project)s” (%(city)s) from the thread with %(organisation)s"
        ),
        NotificationKind.INTEREST_REMINDER: _(
            "%(organisation)s's interest in “%(project)s” has had no answer for 14 days"
        ),
    }
    subject = (subjects[kind] % names)[:200]
    lines = [_("Project: “%(project)s”, %(city)s.") % names]
    if actor is not None:
        lines.append(_("By: %(name)s") % {"name": actor.get_full_name() or actor.username})
    if text:
        lines.append(text)
    lines.append(
        _("Open the thread on the ASCN Portal: %(url)s")
        % {"url": site_url(interest.get_absolute_url())}
    )
    body = "\n\n".join(str(line) for line in lines)
    people = {u.pk: u for u in recipients if actor is None or u.pk != actor.pk}
    rows = Notification.objects.bulk_create(
        Notification(recipient=u, plan=project.plan, kind=kind, subject=subject, body=body)
        for u in people.values()
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: notification_emails_dispatch(ids))
    return rows


def _city_side_users(interest):
    return [*roles.officer_users(interest.project.plan.city), *roles.secretariat_users()]


def _organisation_users(interest):
    return list(
        User.objects.filter(
            is_active=True, organisation_membership__organisation=interest.organisation_id
        )
    )


# ------------------------------------------------------------------------------
# Expressions of interest
# ------------------------------------------------------------------------------
def _check_sending_limit(organisation, model, per, limit, field="created_at"):
    since = timezone.now() - per
    if model is Interest:
        sent = Interest.objects.filter(organisation=organisation, created_at__gte=since)
    else:
        sent = InterestMessage.objects.filter(
            interest__organisation=organisation,
            author__organisation_membership__organisation=organisation,
            created_at__gte=since,
        )
    if sent.count() >= limit:
        raise SendingLimitReached(
            _("Your organisation has sent too much in a short time; try again later.")
        )


def _sender_organisation(user):
    organisation = organisation_of(user)
    if organisation is None:
        raise PermissionDenied(_("Only a partner organisation's members express interest."))
    if not organisation.is_verified:
        raise PermissionDenied(
            _("The secretariat has not verified your organisation yet: it cannot send yet.")
        )
    return organisation


@transaction.atomic
def interest_create(*, user, project, support, message, amount=None, currency=""):
    """A verified organisation expresses interest in a published project that seeks
    partners; the project's CSCO and the secretariat are notified."""
    organisation = _sender_organisation(user)
    _check_sending_limit(
        organisation, Interest, datetime.timedelta(days=1), settings.ASCN_INTERESTS_PER_DAY
    )
    project = (
        PriorityProject.objects.seeking_partners()
        .select_related("plan__city__member_state")
        .filter(pk=project.pk)
        .first()
    )
    if project is None:
        raise ValidationError(_("This project does not seek partners."), code="not_seeking")
    if Interest.objects.open().filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            _(
                "Your organisation already has an open expression of interest in this "
                "project: write in its thread instead."
            ),
            code="duplicate",
        )
    interest = Interest(
        project=project,
        organisation=organisation,
        support=list(dict.fromkeys(support or [])),
        message=(message or "").strip(),
        amount=amount,
        currency=currency or "",
        created_by=user,
    )
    interest.full_clean()
    try:
        with transaction.atomic():
            interest.save()
    except IntegrityError as error:  # a second click raced the first
        raise ValidationError(
            _("Your organisation already has an open expression of interest in this project."),
            code="duplicate",
        ) from error
    InterestEvent.objects.create(
        interest=interest, actor=user, from_status="", to_status=InterestStatus.NEW
    )
    _interest_notify(
        interest,
        NotificationKind.INTEREST_NEW,
        _city_side_users(interest),
        actor=user,
        text=_("Support offered: %(kinds)s")
        % {"kinds": ", ".join(str(k) for k in interest.get_support_display())},
    )
    return interest


ROLE_REFUSALS = {
    "discuss": _("Only the project's city or the secretariat answers an interest."),
    "agree": _("Only the project's city or the secretariat agrees to an interest."),
    "decline": _("Only the project's city or the secretariat declines an interest."),
    "withdraw": _("Only the organisation that sent it withdraws an interest."),
}


def _locked_interest(interest):
    return (
        Interest.objects.select_for_update()
        .select_related("project__plan__city__member_state", "organisation")
        .get(pk=interest.pk)
    )


def interest_move(*, user, interest, name):
    """Make the move `name` (see partnerships.workflow) on the interest, after locking
    it: record an event with who and when, and notify the other side."""
    if name not in workflow.MOVE_NAMES:
        raise ValueError(name)
    with transaction.atomic():
        interest = _locked_interest(interest)
        held = roles_in_interest(user, interest)
        move = workflow.move_from(name, interest.status)
        if move is None:
            if not held & workflow.roles_for(name):
                raise PermissionDenied(ROLE_REFUSALS[name])
            raise InvalidTransition(
                _("An interest that is %(status)s cannot be moved that way.")
                % {"status": interest.get_status_display().lower()}
            )
        if not held & move.roles:
            raise PermissionDenied(ROLE_REFUSALS[name])
        interest.status = move.to_status
        fields = ["status", "updated_at"]
        if move.roles is workflow.CITY_SIDE and interest.city_answered_at is None:
            interest.city_answered_at = timezone.now()
            fields.append("city_answered_at")
        interest.save(update_fields=fields)
        InterestEvent.objects.create(
            interest=interest, actor=user, from_status=move.from_status, to_status=move.to_status
        )
        if workflow.ORGANISATION in move.roles:
            recipients = _city_side_users(interest)
        else:
            recipients = [*_organisation_users(interest), *roles.secretariat_users()]
        _interest_notify(interest, NotificationKind.INTEREST_MOVED, recipients, actor=user)
        return interest


def interest_discuss(*, user, interest):
    """The city (or the secretariat) takes up a new interest."""
    return interest_move(user=user, interest=interest, name="discuss")


def interest_agree(*, user, interest):
    """The city (or the secretariat) agrees: the secretariat then records the agreement."""
    return interest_move(user=user, interest=interest, name="agree")


def interest_decline(*, user, interest):
    """The city (or the secretariat) declines; the interest stays in the history."""
    return interest_move(user=user, interest=interest, name="decline")


def interest_withdraw(*, user, interest):
    """The organisation withdraws its open interest; it stays in the history."""
    return interest_move(user=user, interest=interest, name="withdraw")


def available_moves(user, interest):
    """The moves this user may make on the interest now (for the buttons)."""
    return workflow.moves_from(interest.status, roles_in_interest(user, interest))


THREAD_OPEN = (InterestStatus.NEW, InterestStatus.IN_DISCUSSION, InterestStatus.AGREED)


def may_write(user, interest):
    """The organisation, the city's CSCO and the secretariat write in a thread while the
    interest is not closed; the national representative reads it."""
    held = roles_in_interest(user, interest)
    return interest.status in THREAD_OPEN and bool(
        held & {workflow.ORGANISATION, Role.OFFICER, Role.SECRETARIAT}
    )


@transaction.atomic
def interest_message_post(*, user, interest, body):
    """Add a message to the interest's thread and tell the other side."""
    interest = _locked_interest(interest)
    held = roles_in_interest(user, interest)
    if not held & {workflow.ORGANISATION, Role.OFFICER, Role.SECRETARIAT}:
        raise PermissionDenied(_("Only the organisation, the city and the secretariat write here."))
    if interest.status not in THREAD_OPEN:
        raise InvalidTransition(_("This interest is closed: its thread is read-only."))
    city_side = bool(held & {Role.OFFICER, Role.SECRETARIAT})
    if workflow.ORGANISATION in held and not city_side:
        _check_sending_limit(
            interest.organisation,
            InterestMessage,
            datetime.timedelta(hours=1),
            settings.ASCN_MESSAGES_PER_HOUR,
        )
    message = InterestMessage(interest=interest, author=user, body=(body or "").strip())
    message.full_clean()
    message.save()
    if city_side and interest.city_answered_at is None:
        interest.city_answered_at = timezone.now()
        interest.save(update_fields=["city_answered_at", "updated_at"])
    else:
        interest.save(update_fields=["updated_at"])
    recipients = _organisation_users(interest) if city_side else []
    recipients += (
        _city_side_users(interest)
        if not city_side
        else list(roles.officer_users(interest.project.plan.city))
    )
    _interest_notify(
        interest, NotificationKind.INTEREST_MESSAGE, recipients, actor=user, text=message.body
    )
    return message


@transaction.atomic
def interest_agreement_create(*, user, interest, title="", signed_on=None):
    """The secretariat turns an agreed interest into a PartnershipAgreement between the
    organisation (as a partner) and the project's city, linked to the project, in one
    step. The project's public page then shows the partner."""
    if not roles.is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat records agreements."))
    interest = _locked_interest(interest)
    if interest.status != InterestStatus.AGREED:
        raise InvalidTransition(_("Only an agreed interest becomes an agreement."))
    if interest.agreement_id is not None:
        raise InvalidTransition(_("This interest already has its agreement."))
    organisation = Organisation.objects.select_for_update().get(pk=interest.organisation_id)
    partner = organisation.partner
    if partner is None:
        partner = Partner.objects.filter(name=organisation.name).first()
        if partner is None:
            partner = Partner(
                name=organisation.name,
                slug=_unique_partner_slug(organisation.slug),
                country_code=organisation.country_code,
                website=organisation.website,
            )
            partner.full_clean()
            partner.save()
        organisation.partner = partner
        organisation.save(update_fields=["partner", "updated_at"])
    project = interest.project
    title = (title or "").strip() or _("%(organisation)s and %(city)s: %(project)s") % {
        "organisation": organisation.name,
        "city": project.plan.city.name,
        "project": project.title,
    }
    agreement = PartnershipAgreement(
        title=title[:300],
        slug=_unique_agreement_slug(title),
        kind=AgreementKind.AGREEMENT,
        signed_on=signed_on or timezone.localdate(),
        # The amount offered in the interest was private: the secretariat adds the
        # announced amount to the public record itself, if any.
        description=_("Agreed through the ASCN marketplace."),
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set([partner])
    agreement.cities.set([project.plan.city])
    agreement.projects.set([project])
    interest.agreement = agreement
    interest.save(update_fields=["agreement", "updated_at"])
    return agreement


def _unique_partner_slug(base):
    slug, n = base[:90], 2
    while Partner.objects.filter(slug=slug).exists():
        slug, n = f"{base[:90]}-{n}", n + 1
    return slug


def _unique_agreement_slug(title):
    base = slugify(title)[:90] or "agreement"
    slug, n = base, 2
    while PartnershipAgreement.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def interest_reminders_send(*, now=None):
    """Remind the CSCO (once) of each new interest with no answer from the city after 14
    days. Returns how many reminders were written."""
    now = now or timezone.now()
    due = Interest.objects.filter(
        status=InterestStatus.NEW,
        city_answered_at__isnull=True,
        reminded_at__isnull=True,
        created_at__lte=now - UNANSWERED_AFTER,
    ).select_related("project__plan__city", "organisation")
    made = 0
    for interest in due:
        with transaction.atomic():
            made += len(
                _interest_notify(
                    interest,
                    NotificationKind.INTEREST_REMINDER,
                    roles.officer_users(interest.project.plan.city),
                )
            )
            Interest.objects.filter(pk=interest.pk).update(reminded_at=now)
    return made


def seeking_counts_refresh(*, today=None):
    """Daily: recount the cities whose projects stopped seeking partners in the last
    week because their date passed, so their pages and the map stop counting them.
    Returns how many cities were recounted."""
    today = today or timezone.localdate()
    expired = PriorityProject.objects.published().filter(
        is_seeking_partners=True,
        seeking_until__lt=today,
        seeking_until__gte=today - datetime.timedelta(days=7),
    )
    cities = list(expired.values_list("plan__city", flat=True).distinct())
    if cities:
        with transaction.atomic():
            city_publication_refresh(cities=cities)
    return len(cities)


# ------------------------------------------------------------------------------
# Saved searches (alerts)
# ------------------------------------------------------------------------------
ALERT_KEYS = set(PriorityProjectFilterSet.base_filters) - {
    "seeking_partners",
    "is_seeking_partners",
}


def alert_query_clean(query):
    """Keep only the marketplace's filter parameters, validated by its FilterSet."""
    params = QueryDict(query or "", mutable=True)
    kept = QueryDict(mutable=True)
    for key in sorted(ALERT_KEYS & set(params)):
        values = [v for v in params.getlist(key) if v][:10]
        if values:
            kept.setlist(key, values)
    filterset = PriorityProjectFilterSet(kept, queryset=PriorityProject.objects.none())
    if not filterset.is_valid():
        raise ValidationError(_("This search is not valid."), code="invalid_search")
    return kept.urlencode()


@transaction.atomic
def saved_search_create(*, user, email, query, frequency):
    """Save a marketplace search for digests. A signed-in user's own address is confirmed
    at once; any other address gets a confirmation link first."""
    search = SavedSearch(
        email=(email or "").strip(),
        user=user if user.is_authenticated else None,
        query=alert_query_clean(query),
        frequency=frequency,
    )
    search.full_clean()
    if user.is_authenticated and user.email and user.email.lower() == search.email.lower():
        search.confirmed_at = timezone.now()
    search.last_sent_at = timezone.now()
    search.save()
    if search.confirmed_at is None:
        token = signing.dumps(str(search.uuid), salt=ALERT_CONFIRM_SALT)
        link = site_url(reverse("marketplace:savedsearch_confirm", kwargs={"token": token}))
        email_later(
            _("Confirm your ASCN marketplace alert"),
            _("Open this link to start receiving the alert (valid for 7 days):\n%(link)s")
            % {"link": link},
            [search.email],
        )
    return search


def _search_from_token(token, salt, max_age=None):
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:
        raise ValidationError(
            _("This link is invalid or has expired."), code="bad_token"
        ) from error
    search = SavedSearch.objects.select_for_update().filter(uuid=value).first()
    if search is None:
        raise ValidationError(_("This alert no longer exists."), code="bad_token")
    return search


@transaction.atomic
def saved_search_confirm(*, token):
    """Confirm an alert's email from its link (works signed out)."""
    search = _search_from_token(token, ALERT_CONFIRM_SALT, CONFIRM_MAX_AGE)
    if search.confirmed_at is None:
        search.confirmed_at = timezone.now()
        search.save(update_fields=["confirmed_at"])
    return search


def unsubscribe_token(search):
    return signing.dumps(str(search.uuid), salt=ALERT_UNSUBSCRIBE_SALT)


@transaction.atomic
def saved_search_unsubscribe(*, token):
    """Stop an alert from the link in its emails (works signed out, never expires)."""
    search = _search_from_token(token, ALERT_UNSUBSCRIBE_SALT)
    if search.unsubscribed_at is None:
        search.unsubscribed_at = timezone.now()
        search.save(update_fields=["unsubscribed_at"])
    return search


ALERT_PERIOD = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}


def saved_search_matches(search, since):
    """Projects seeking partners matching the search, published after `since`."""
    filterset = PriorityProjectFilterSet(
        QueryDict(search.query),
        queryset=PriorityProject.objects.seeking_partners().filter(plan__published_at__gt=since),
    )
    if not filterset.is_valid():
        return PriorityProject.objects.none()
    return filterset.qs.select_related("plan__city").order_by("plan__city__name", "title")


def saved_search_digests_send(*, now=None):
    """Email each active alert that is due (a day or a week since its last digest) the
    projects newly published that match it, with an unsubscribe link. An alert with
    nothing new gets no email. Returns how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    for search in SavedSearch.objects.active().order_by("pk"):
        since = search.last_sent_at or search.created_at
        if now - since < ALERT_PERIOD[search.frequency]:
            continue
        projects = list(saved_search_matches(search, since)[:50])
        if projects:
            lines = [_("New projects seeking partners on the ASCN marketplace:"), ""]
            for project in projects:
                lines.append(
                    f"- {project.title} ({project.plan.city.name}): "
                    + site_url(reverse("marketplace:project_detail", kwargs={"uuid": project.uuid}))
                )
            query = f"?{search.query}" if search.query else ""
            lines += [
                "",
                _("Your search: %(url)s")
                % {"url": site_url(reverse("marketplace:project_list")) + query},
                _("Stop these emails: %(url)s")
                % {
                    "url": site_url(
                        reverse(
                            "marketplace:savedsearch_unsubscribe",
                            kwargs={"token": unsubscribe_token(search)},
                        )
                    )
                },
            ]
            try:
                send_mail(
                    _("New ASCN projects matching your search"),
                    "\n".join(str(line) for line in lines),
                    settings.DEFAULT_FROM_EMAIL,
                    [search.email],
                )
            except OSError:
                logger.warning("digest for saved search %s failed; next run retries", search.pk)
                continue
            sent += 1
        SavedSearch.objects.filter(pk=search.pk).update(last_sent_at=now)
    return sent
