"""Who a user is to the network, written once: the current Chief Smart City Officer of a
city, the current National Representative of a member state, the secretariat. Services,
querysets, views, the API and the admin ask here; nothing re-derives a role inline.

A term with no end date is the current one (`RepresentativeQuerySet.current`)."""

from django.conf import settings
from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cities.models import City, MemberState
from core.permissions import is_secretariat

from .models import ChiefSmartCityOfficer, NationalRepresentative


class Role(TextChoices):
    """What a user can be to a city (and so to its plans)."""

    OFFICER = "officer", _("Chief Smart City Officer of the city")
    REPRESENTATIVE = "representative", _("National Representative of the member state")
    SECRETARIAT = "secretariat", _("Secretariat")


def cities_officered_by(user):
    """Cities whose current CSCO is this user."""
    if not user.is_authenticated:
        return City.objects.none()
    terms = ChiefSmartCityOfficer.objects.current().filter(user=user)
    return City.objects.filter(pk__in=terms.values("city"))


def member_states_represented_by(user):
    """Member states whose current national representative is this user."""
    if not user.is_authenticated:
        return MemberState.objects.none()
    terms = NationalRepresentative.objects.current().filter(user=user)
    return MemberState.objects.filter(pk__in=terms.values("member_state"))


def is_officer_of(user, city):
    """The user is the city's current CSCO."""
    return cities_officered_by(user).filter(pk=city.pk).exists()


def is_representative_of(user, member_state):
    """The user is the member state's current national representative."""
    return member_states_represented_by(user).filter(pk=member_state.pk).exists()


def roles_in_city(user, city):
    """Every role this user holds towards the city: a set of Role values."""
    roles = set()
    if not user.is_authenticated:
        return roles
    if is_officer_of(user, city):
        roles.add(Role.OFFICER)
    if is_representative_of(user, city.member_state):
        roles.add(Role.REPRESENTATIVE)
    if is_secretariat(user):
        roles.add(Role.SECRETARIAT)
    return roles


class RolesByCity:
    """`roles_in_city` for many cities at the cost of three queries: the user's officered
    cities, represented member states and secretariat membership are read once (for a
    workspace listing hundreds of plans)."""

    def __init__(self, user):
        self.authenticated = user.is_authenticated
        if not self.authenticated:
            return
        self.city_ids = set(cities_officered_by(user).values_list("pk", flat=True))
        self.state_ids = set(member_states_represented_by(user).values_list("pk", flat=True))
        self.secretariat = is_secretariat(user)

    def __call__(self, city):
        """The roles this user holds towards the city (as `roles_in_city` answers)."""
        roles = set()
        if not self.authenticated:
            return roles
        if city.pk in self.city_ids:
            roles.add(Role.OFFICER)
        if city.member_state_id in self.state_ids:
            roles.add(Role.REPRESENTATIVE)
        if self.secretariat:
            roles.add(Role.SECRETARIAT)
        return roles


def in_city_scope(user, prefix=""):
    """A Q over a model reaching a city through `prefix` (e.g. "plan__city__") that holds
    the rows of this user's cities and member states: its CSCO's city and its national
    representative's member state.

    The user's cities and member states are read first (two small queries) and written
    into the Q as lists: a user with neither role gets a Q that matches nothing, which
    Django drops from an OR (so a role-less reader's list is the public list's SQL, and
    shares its plan and its cached count) and which empties an AND."""
    city_ids = list(cities_officered_by(user).values_list("pk", flat=True))
    state_ids = list(member_states_represented_by(user).values_list("pk", flat=True))
    city_lookup = f"{prefix}in" if prefix else "pk__in"
    return Q(**{city_lookup: city_ids}) | Q(**{f"{prefix}member_state__in": state_ids})


def secretariat_users():
    """Active accounts of the secretariat (its group, or superusers)."""
    return User.objects.filter(
        Q(groups__name=settings.ASCN_SECRETARIAT_GROUP) | Q(is_superuser=True), is_active=True
    ).distinct()


def officer_users(city):
    """The active account of the city's current CSCO (none or one)."""
    terms = ChiefSmartCityOfficer.objects.current().filter(city=city)
    return User.objects.filter(is_active=True, pk__in=terms.values("user"))


def representative_users(member_state):
    """The active account of the member state's current national representative."""
    terms = NationalRepresentative.objects.current().filter(member_state=member_state)
    return User.objects.filter(is_active=True, pk__in=terms.values("user"))
