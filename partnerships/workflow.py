"""The workflow of an expression of interest, written once as a table (as plans.workflow
is for plans): from which status a move goes, to which, and who may make it.

    new --discuss (city, secretariat)--> in_discussion
    new/in_discussion --agree (city, secretariat)--> agreed
    new/in_discussion --decline (city, secretariat)--> declined
    new/in_discussion --withdraw (the organisation)--> withdrawn
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from representatives.roles import Role

from .models import InterestStatus as Status

# The sender's side: a member of the organisation that expressed the interest.
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Move:
    name: str
    from_status: str
    to_status: str
    roles: frozenset


CITY_SIDE = frozenset({Role.OFFICER, Role.SECRETARIAT})

MOVES = (
    Move("discuss", Status.NEW, Status.IN_DISCUSSION, CITY_SIDE),
    Move("agree", Status.NEW, Status.AGREED, CITY_SIDE),
    Move("agree", Status.IN_DISCUSSION, Status.AGREED, CITY_SIDE),
    Move("decline", Status.NEW, Status.DECLINED, CITY_SIDE),
    Move("decline", Status.IN_DISCUSSION, Status.DECLINED, CITY_SIDE),
    Move("withdraw", Status.NEW, Status.WITHDRAWN, frozenset({ORGANISATION})),
    Move("withdraw", Status.IN_DISCUSSION, Status.WITHDRAWN, frozenset({ORGANISATION})),
)

MOVE_NAMES = tuple(dict.fromkeys(move.name for move in MOVES))

DONE = {
    "discuss": _("The interest is now in discussion."),
    "agree": _("The interest was agreed."),
    "decline": _("The interest was declined."),
    "withdraw": _("The interest was withdrawn."),
}

LABELS = {
    "discuss": _("Start the discussion"),
    "agree": _("Agree"),
    "decline": _("Decline"),
    "withdraw": _("Withdraw"),
}


def move_from(name, status):
    for move in MOVES:
        if move.name == name and move.from_status == status:
            return move
    return None


def roles_for(name):
    return set().union(*(move.roles for move in MOVES if move.name == name))


def moves_from(status, held):
    return [m.name for m in MOVES if m.from_status == status and m.roles & held]
