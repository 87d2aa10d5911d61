"""Writes on partners and agreements, with their rules. The admin and the API call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.permissions import is_secretariat
from plans.models import PriorityProject

from .models import PartnershipAgreement

AGREEMENT_FIELDS = (
    "title",
    "slug",
    "kind",
    "signed_on",
    "signed_on_precision",
    "amount",
    "currency",
    "description",
    "source_url",
)


def agreement_projects_check(projects):
    """An agreement is a public record: only projects of published plans may be named."""
    if projects is None:
        return
    ids = [project.pk for project in projects]
    published = set(
        PriorityProject.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    unpublished = [project for project in projects if project.pk not in published]
    if unpublished:
        raise ValidationError(
            {
                "projects": _(
                    "Only projects of published plans can be linked to an agreement: %(titles)s."
                )
                % {"titles": ", ".join(str(project) for project in unpublished)}
            },
            code="unpublished_project",
        )


@transaction.atomic
def partnership_agreement_save(
    *, user, agreement=None, parties=None, cities=None, projects=None, **fields
):
    """Create (no `agreement`) or change an agreement and, when given, its parties, cities
    and projects. The secretariat only; history records who changed what."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat records agreements."))
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    agreement_projects_check(projects)
    agreement = agreement or PartnershipAgreement()
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement._history_user = user
    agreement.full_clean()
    agreement.save()
    for name, values in (("parties", parties), ("cities", cities), ("projects", projects)):
        if values is not None:
            getattr(agreement, name).set(values)
    return agreement


@transaction.atomic
def partnership_agreement_delete(*, user, agreement):
    """Remove an agreement recorded by mistake (the secretariat only)."""
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat records agreements."))
    agreement._history_user = user
    agreement.delete()
