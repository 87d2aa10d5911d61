"""Forms of the network app: a CSCO's answer on a meeting's attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attendee


class AttendanceForm(forms.Form):
    attendee = forms.ChoiceField(
        label=_("Who attends"), choices=Attendee.choices, widget=forms.RadioSelect
    )
    delegate_name = forms.CharField(
        label=_("Delegate's name (seen by the secretariat only)"),
        max_length=200,
        required=False,
    )
