"""Writes of the network app: the seed's repair of rows an earlier reference fixture
wrote, and a city's attendance of a meeting (confirmed by its CSCO)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Partner
from plans.models import ActionPlan, ActionPlanStatus
from representatives import roles
from representatives.roles import Role

from .models import Attendee, MeetingAttendance


@transaction.atomic
def reference_repair(*, partner_merges, legacy_plan_uuids):
    """Undo what the earlier reference fixture got wrong, once its rows are in the
    database: (1) partners that are ASEAN-side parties or member cities are removed, and
    duplicate spellings are merged into the canonical partner, which keeps their
    agreements; (2) the approved plans that held the example projects are removed, since
    they were never approved (no approval event). Plans that went through the workflow
    since are kept. Returns {"partners": n, "plans": n} removed."""
    removed = {"partners": 0, "plans": 0}
    for old_slug, new_slug in partner_merges.items():
        old = Partner.objects.filter(slug=old_slug).first()
        if old is None:
            continue
        if new_slug:
            canonical = Partner.objects.get(slug=new_slug)
            for agreement in old.agreements.all():
                agreement.parties.add(canonical)
        old.delete()
        removed["partners"] += 1
    legacy = ActionPlan.objects.filter(
        uuid__in=legacy_plan_uuids, status=ActionPlanStatus.APPROVED
    ).exclude(events__to_status=ActionPlanStatus.APPROVED)
    for plan in legacy:
        plan.delete()
        removed["plans"] += 1
    return removed


def _check_officer(user, city):
    if Role.OFFICER not in roles.roles_in_city(user, city):
        raise PermissionDenied(_("Only the city's Chief Smart City Officer can do this."))


def _check_upcoming(meeting, today):
    if meeting.start_on is None or meeting.start_on <= today:
        raise ValidationError(_("Attendance can only be confirmed for an upcoming meeting."))


@transaction.atomic
def meeting_attendance_confirm(
    *, user, meeting, city, attendee, delegate_name="", today: datetime.date | None = None
):
    """The city's CSCO confirms that the city attends an upcoming meeting, and who
    attends: the CSCO, or a delegate by name. Confirming again replaces the answer."""
    today = today or timezone.localdate()
    _check_officer(user, city)
    _check_upcoming(meeting, today)
    delegate_name = (delegate_name or "").strip()
    if attendee not in Attendee.values:
        raise ValidationError({"attendee": _("Choose who attends.")})
    if attendee == Attendee.DELEGATE and not delegate_name:
        raise ValidationError({"delegate_name": _("Give the delegate's name.")})
    if attendee == Attendee.OFFICER:
        delegate_name = ""
    attendance = (
        MeetingAttendance.objects.select_for_update().filter(meeting=meeting, city=city).first()
    ) or MeetingAttendance(meeting=meeting, city=city)
    attendance.attendee = attendee
    attendance.delegate_name = delegate_name
    attendance.confirmed_by = user
    attendance.confirmed_at = timezone.now()
    attendance.full_clean(validate_constraints=False, validate_unique=False)
    attendance.save()
    return attendance


@transaction.atomic
def meeting_attendance_withdraw(*, user, meeting, city, today: datetime.date | None = None):
    """The CSCO withdraws the city's confirmation of an upcoming meeting."""
    today = today or timezone.localdate()
    _check_officer(user, city)
    _check_upcoming(meeting, today)
    deleted, _rows = MeetingAttendance.objects.filter(meeting=meeting, city=city).delete()
    return bool(deleted)
