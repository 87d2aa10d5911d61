"""The review workflow of an action plan, written once as a table: from which status a
move goes, to which, who may make it and whether it needs a comment. The services
(plans.services) make the moves from this table, and "what may this user do now"
(`available_moves`) reads the same table.

    draft --submit (CSCO)--> submitted --endorse (national rep.)--> endorsed
    endorsed --approve (secretariat)--> approved (published)
    submitted --return (national rep., with a comment)--> returned
    endorsed --return (secretariat, with a comment)--> returned --reopen (CSCO)--> draft
    draft/submitted/endorsed/returned --withdraw (CSCO)--> withdrawn
    approved --revise (CSCO)--> a new draft version (the approved one stays public)
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from representatives.roles import Role

from .models import ActionPlanStatus as Status


@dataclass(frozen=True)
class Move:
    name: str
    from_status: str
    to_status: str
    role: str
    comment_required: bool = False
    # Cannot be undone: the interfaces ask for confirmation first.
    confirm: bool = False


REVISE = "revise"

MOVES = (
    Move("submit", Status.DRAFT, Status.SUBMITTED, Role.OFFICER),
    Move("endorse", Status.SUBMITTED, Status.ENDORSED, Role.REPRESENTATIVE),
    Move("return", Status.SUBMITTED, Status.RETURNED, Role.REPRESENTATIVE, comment_required=True),
    Move("approve", Status.ENDORSED, Status.APPROVED, Role.SECRETARIAT),
    Move("return", Status.ENDORSED, Status.RETURNED, Role.SECRETARIAT, comment_required=True),
    Move("reopen", Status.RETURNED, Status.DRAFT, Role.OFFICER),
    Move("withdraw", Status.DRAFT, Status.WITHDRAWN, Role.OFFICER, confirm=True),
    Move("withdraw", Status.SUBMITTED, Status.WITHDRAWN, Role.OFFICER, confirm=True),
    Move("withdraw", Status.ENDORSED, Status.WITHDRAWN, Role.OFFICER, confirm=True),
    Move("withdraw", Status.RETURNED, Status.WITHDRAWN, Role.OFFICER, confirm=True),
    # Not a change of this plan's status: it starts a new draft version of it.
    Move(REVISE, Status.APPROVED, Status.DRAFT, Role.OFFICER),
)

MOVE_NAMES = tuple(dict.fromkeys(move.name for move in MOVES))

# Moves that carry the plan forward: a plan waits on whoever may make one of them.
# Withdrawing and revising are always possible for a CSCO, and wait on nobody.
FORWARD_MOVES = frozenset({"submit", "endorse", "approve", "return", "reopen"})

# Moves a reviewer makes, with the comment box beside them.
REVIEW_MOVES = frozenset({"endorse", "approve", "return"})

# The names of the moves that ask for confirmation first.
CONFIRM_MOVES = frozenset(move.name for move in MOVES if move.confirm)

# What a confirmation page says will happen.
CONSEQUENCES = {
    "withdraw": _(
        "The plan will be withdrawn: it leaves the review, nobody can edit or submit it "
        "again, and this cannot be undone. To change the plan instead, keep it and edit it."
    ),
}

# The buttons' words.
LABELS = {
    "submit": _("Submit for review"),
    "endorse": _("Endorse"),
    "approve": _("Approve and publish"),
    "return": _("Return to the city"),
    "reopen": _("Reopen and edit"),
    "withdraw": _("Withdraw the plan"),
    REVISE: _("Start a new version"),
}

# What the interfaces say once a move is made.
DONE = {
    "submit": _("The plan was submitted for review."),
    "endorse": _("The plan was endorsed."),
    "approve": _("The plan was approved and published."),
    "return": _("The plan was returned to the city."),
    "reopen": _("The plan is a draft again."),
    "withdraw": _("The plan was withdrawn."),
    REVISE: _("A new draft version was started."),
}


def move_from(name, status):
    """The move called `name` from `status`, or None if the status does not allow it."""
    for move in MOVES:
        if move.name == name and move.from_status == status:
            return move
    return None


def waits_on(moves):
    """Whether a plan with these available moves waits on the user who may make them."""
    return bool(FORWARD_MOVES.intersection(moves))


def roles_for(name):
    """Every role that may make the move called `name` from some status."""
    return {move.role for move in MOVES if move.name == name}


def moves_from(status, roles):
    """The names of the moves a holder of `roles` may make from `status`, in table order."""
    return [move.name for move in MOVES if move.from_status == status and move.role in roles]
