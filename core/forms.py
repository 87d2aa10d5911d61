"""Helpers for the portal's HTML forms."""

from django import forms
from django.utils.translation import gettext as _


def error_summary(form=None, formset=None):
    """The GOV.UK error summary's entries: (the id of the field in error, or of the form
    for an error of the whole form, and the message), in the page's order."""
    entries = []

    def add(one, anchor):
        for name, errors in one.errors.items():
            if name == "__all__":
                target = anchor
            elif name in one.fields:
                target = one[name].id_for_label or anchor
                if isinstance(one.fields[name].widget, forms.CheckboxSelectMultiple):
                    target = f"{one[name].auto_id}_0"
            else:
                target = anchor
            label = one.fields[name].label if name in one.fields else ""
            for error in errors:
                entries.append((target, f"{label}: {error}" if label else error))

    if form is not None:
        add(form, "plan-form")
    if formset is not None:
        for error in formset.non_form_errors():
            entries.append(("project-forms", error))
        for number, one in enumerate(formset.forms, start=1):
            if one.errors:
                before = len(entries)
                add(one, f"project-{number - 1}")
                # Say which project each message is about.
                entries[before:] = [
                    (target, _("Project %(n)s – %(message)s") % {"n": number, "message": message})
                    for target, message in entries[before:]
                ]
    return entries
