"""Who a user is to the network, written once: the current Chief Smart City Officer of a
city, the current National Representative of a member state, the secretariat. Services,
querysets, views, the API and the admin ask here; nothing re-derives a role inline.

A term with no end date is the current one (`RepresentativeQuerySet.current`)."""

from typing import NamedTuple

from django.db import models
from django.db.models import Q, TextChoices, Value
from django.utils.translation import gettext_lazy as _

from accounts.models import User, secretariat_memberships
from cities.models import City, MemberState
from core.db import KeyedStatement
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
    """`roles_in_city` for many cities at the cost of one query (scope_of: the user's
    officered cities, represented member states and secretariat membership, for a
    workspace listing hundreds of plans); `scope`, if the caller read it."""

    def __init__(self, user, scope=None):
        self.authenticated = user.is_authenticated
        if not self.authenticated:
            return
        scope = scope or scope_of(user)
        self.city_ids = set(scope.city_ids)
        self.state_ids = set(scope.state_ids)
        self.secretariat = scope.secretariat

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


class Scope(NamedTuple):
    """What a signed-in user is to the network (scope_of)."""

    secretariat: bool
    city_ids: tuple  # the cities it is the current CSCO of
    state_ids: tuple  # the member states it currently represents


def _scope_reads(user):
    """The union scope_of reads for one user (`[key]`): (0, group) for the
    secretariat's membership, (1, city) for each city the user is the current CSCO of,
    (2, member state) for each it currently represents."""
    kind = models.IntegerField()
    memberships = (
        secretariat_memberships()
        .filter(user_id__is_key=user[0])
        .order_by()
        .values_list(Value(0, output_field=kind), "group_id")
    )
    cities = (
        ChiefSmartCityOfficer.objects.current()
        .filter(user_id__is_key=user[0])
        .order_by()
        .values_list(Value(1, output_field=kind), "city_id")
    )
    states = (
        NationalRepresentative.objects.current()
        .filter(user_id__is_key=user[0])
        .order_by()
        .values_list(Value(2, output_field=kind), "member_state_id")
    )
    return memberships.union(cities, states, all=True)


SCOPE = KeyedStatement(_scope_reads, single=True)


def scope_of(user):
    """The user's secretariat membership, its cities as CSCO and its member states as
    national representative, read in one query (a union of three small reads, its SQL
    compiled once per process) instead of three: every signed-in list asks all three.
    `secretariat` is what `User.is_secretariat` answers (an inactive account is not, a
    superuser is), and the user object keeps it as that property keeps it."""
    if not user.is_authenticated:
        return Scope(False, (), ())
    found = ([], [], [])
    for which, pk in SCOPE.rows([user.pk]):
        found[which].append(pk)
    user.know_secretariat_membership(found[0])
    return Scope(user.is_secretariat, tuple(sorted(set(found[1]))), tuple(sorted(set(found[2]))))


def in_city_scope(user, prefix="", scope=None):
    """A Q over a model reaching a city through `prefix` (e.g. "plan__city__") that holds
    the rows of this user's cities and member states: its CSCO's city and its national
    representative's member state.

    The user's cities and member states (`scope`, or scope_of(user): one query) are
    written into the Q as lists: a user with neither role gets a Q that matches
    nothing, which Django drops from an OR (so a role-less reader's list is the public
    list's SQL, and shares its plan and its cached count) and which empties an AND."""
    scope = scope or scope_of(user)
    city_lookup = f"{prefix}in" if prefix else "pk__in"
    return Q(**{city_lookup: list(scope.city_ids)}) | Q(
        **{f"{prefix}member_state__in": list(scope.state_ids)}
    )


def secretariat_users():
    """Active accounts of the secretariat (its group, or superusers)."""
    return User.objects.filter(
        Q(pk__in=secretariat_memberships().values("user_id")) | Q(is_superuser=True),
        is_active=True,
    )


def officer_users(city):
    """The active account of the city's current CSCO (none or one)."""
    terms = ChiefSmartCityOfficer.objects.current().filter(city=city)
    return User.objects.filter(is_active=True, pk__in=terms.values("user"))


def representative_users(member_state):
    """The active account of the member state's current national representative."""
    terms = NationalRepresentative.objects.current().filter(member_state=member_state)
    return User.objects.filter(is_active=True, pk__in=terms.values("user"))
