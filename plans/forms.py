"""Web forms for drafting action plans and their projects, attachments and reviews."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from cities.models import FocusArea

from .models import ActionPlan, PriorityProject, SupportKind
from .services import PROJECT_FIELDS


class ActionPlanForm(forms.ModelForm):
    """A draft plan's text. `lock_version` carries the edit count the editor started
    from, so a save over someone else's newer save is caught."""

    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActionPlan
        fields = ["title", "period_start_year", "period_end_year", "vision", "summary"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["focus_areas"].initial = list(self.instance.focus_areas.all())
            self.fields["lock_version"].initial = self.instance.lock_version
        for name in ("period_start_year", "period_end_year"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start_year"), cleaned.get("period_end_year")
        if start and end and end < start:
            self.add_error("period_end_year", _("The period cannot end before it starts."))
        return cleaned

    def plan_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PriorityProjectForm(forms.ModelForm):
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # What the project seeks from partners (the marketplace reads these).
    support_kinds = forms.MultipleChoiceField(
        label=_("Support sought"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PriorityProject
        fields = [
            "title",
            "description",
            "focus_areas",
            "estimated_cost",
            "currency",
            "funding_status",
            "is_seeking_partners",
            "support_kinds",
            "need_description",
            "finance_amount",
            "finance_currency",
            "seeking_until",
            "start_year",
            "end_year",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "need_description": forms.Textarea(attrs={"rows": 2}),
            "seeking_until": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("estimated_cost") is not None and not cleaned.get("currency"):
            self.add_error("currency", _("Give the currency of the estimated cost."))
        if cleaned.get("finance_amount") is not None and not cleaned.get("finance_currency"):
            self.add_error("finance_currency", _("Give the currency of the finance sought."))
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The project cannot end before it starts."))
        return cleaned


PriorityProjectFormSet = inlineformset_factory(
    ActionPlan,
    PriorityProject,
    form=PriorityProjectForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file (at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning a plan: say what the city should change."),
    )


def project_changes(formset):
    """A project formset's changed, added and deleted rows, as the changes
    services.action_plan_save takes (used by the drafting page and the admin)."""
    return [
        {
            "instance": item.instance if item.instance.pk else None,
            "fields": {k: v for k, v in item.cleaned_data.items() if k in PROJECT_FIELDS},
            "focus_areas": item.cleaned_data.get("focus_areas", []),
            "delete": formset.can_delete and formset._should_delete_form(item),
        }
        for item in formset.forms
        if item.has_changed() or formset._should_delete_form(item)
    ]
