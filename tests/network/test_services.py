"""Attendance services: only the city's current CSCO answers, only for an upcoming
meeting; a delegate needs a name; answering again replaces the answer."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from network import services
from network.models import MeetingAttendance
from tests.factories import CityFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def upcoming():
    return MeetingFactory(start_on=datetime.date(2026, 12, 10), year=2026)


def confirm(user, meeting, city, **kwargs):
    kwargs.setdefault("attendee", "officer")
    return services.meeting_attendance_confirm(
        user=user, meeting=meeting, city=city, today=TODAY, **kwargs
    )


def test_attendance_confirm_by_the_csco(csco_user, city, upcoming):
    attendance = confirm(csco_user, upcoming, city)
    assert (attendance.attendee, attendance.delegate_name) == ("officer", "")
    assert attendance.confirmed_by == csco_user and attendance.confirmed_at is not None


def test_attendance_confirm_a_delegate_by_name(csco_user, city, upcoming):
    attendance = confirm(csco_user, upcoming, city, attendee="delegate", delegate_name=" A. N. ")
    assert attendance.delegate_name == "A. N."


def test_attendance_confirm_delegate_without_name_is_refused(csco_user, city, upcoming):
    with pytest.raises(ValidationError) as error:
        confirm(csco_user, upcoming, city, attendee="delegate", delegate_name="  ")
    assert "delegate_name" in error.value.message_dict
    assert not MeetingAttendance.objects.exists()


def test_attendance_confirm_unknown_attendee_is_refused(csco_user, city, upcoming):
    with pytest.raises(ValidationError):
        confirm(csco_user, upcoming, city, attendee="mayor")


def test_attendance_confirm_officer_drops_a_delegate_name(csco_user, city, upcoming):
    confirm(csco_user, upcoming, city, attendee="delegate", delegate_name="Someone")
    attendance = confirm(csco_user, upcoming, city, attendee="officer", delegate_name="Someone")
    assert attendance.delegate_name == ""
    assert MeetingAttendance.objects.count() == 1


def test_attendance_confirm_again_replaces_the_answer(csco_user, city, upcoming):
    confirm(csco_user, upcoming, city)
    confirm(csco_user, upcoming, city, attendee="delegate", delegate_name="Deputy")
    row = MeetingAttendance.objects.get()
    assert (row.attendee, row.delegate_name) == ("delegate", "Deputy")


@pytest.mark.parametrize("start", [datetime.date(2026, 11, 28), datetime.date(2025, 1, 1), None])
def test_attendance_confirm_only_for_an_upcoming_meeting(csco_user, city, start):
    meeting = MeetingFactory(start_on=start, year=2025)
    with pytest.raises(ValidationError):
        confirm(csco_user, meeting, city)


def test_attendance_confirm_refused_to_other_roles(
    csco_user, national_rep_user, secretariat_user, city, upcoming
):
    other_city = CityFactory()
    for user in (national_rep_user, secretariat_user, UserFactory()):
        with pytest.raises(PermissionDenied):
            confirm(user, upcoming, city)
    with pytest.raises(PermissionDenied):
        confirm(csco_user, upcoming, other_city)
    assert not MeetingAttendance.objects.exists()


def test_attendance_withdraw(csco_user, national_rep_user, city, upcoming):
    confirm(csco_user, upcoming, city)
    with pytest.raises(PermissionDenied):
        services.meeting_attendance_withdraw(
            user=national_rep_user, meeting=upcoming, city=city, today=TODAY
        )
    assert services.meeting_attendance_withdraw(
        user=csco_user, meeting=upcoming, city=city, today=TODAY
    )
    assert not MeetingAttendance.objects.exists()
    assert not services.meeting_attendance_withdraw(
        user=csco_user, meeting=upcoming, city=city, today=TODAY
    )


def test_attendance_withdraw_refused_after_the_meeting(csco_user, city, upcoming):
    confirm(csco_user, upcoming, city)
    with pytest.raises(ValidationError):
        services.meeting_attendance_withdraw(
            user=csco_user, meeting=upcoming, city=city, today=datetime.date(2026, 12, 11)
        )
    assert MeetingAttendance.objects.exists()
