"""Web forms of the marketplace: registering an organisation, expressing interest,
writing in a thread, saving a search."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from core.choices import Currency
from plans.models import SupportKind

from .models import AlertFrequency, Organisation

HONEYPOT = "nickname"


class OrganisationRegistrationForm(forms.ModelForm):
    """An organisation and its first member's account. `nickname` is a honeypot: hidden
    from people, filled by bots, and a filled one is refused."""

    username = forms.CharField(label=_("Your user name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, strip=False, max_length=128
    )
    nickname = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "country_code",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def clean_country_code(self):
        return (self.cleaned_data.get("country_code") or "").upper()

    def clean_nickname(self):
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(_("This form could not be accepted."), code="honeypot")
        return ""

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

    def organisation_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InterestForm(forms.Form):
    support = forms.MultipleChoiceField(
        label=_("Support you offer"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Your message to the city"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    amount = forms.DecimalField(
        label=_("Amount (optional)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Give the amount's currency."))
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class SavedSearchForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    frequency = forms.ChoiceField(
        label=_("How often"), choices=AlertFrequency.choices, initial=AlertFrequency.WEEKLY
    )
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
