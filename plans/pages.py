"""A plan's projects as its public page and its preview show them, written in Python
(core.rows) rather than in the template's loop: the markup templates/plans/
_plan_public.html wrote for each project, value for value (tests/plans/test_pages.py
compares the two)."""

from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.rows import UrlPattern, amount_formatter, escaped

from .models import FundingStatus

PROJECT_ITEM = (
    "<li>\n"
    "        <strong>{title}</strong>\n"
    "        {description}\n"
    '        <p class="muted">\n'
    "          {cost}\n"
    "          {funding}{seeking}\n"
    "          {source}\n"
    "        </p>\n"
    "      </li>"
)

# What project_groups_written reads of each project: enough for
# PriorityProjectQuerySet.grouped_rows_by_focus_area to read them as plain rows.
PROJECT_ITEM_FIELDS = (
    "pk",
    "uuid",
    "title",
    "description",
    "estimated_cost",
    "currency",
    "funding_status",
    "is_seeking_partners",
    "source_url",
)


def project_groups_written(project_groups, link_projects=False):
    """[(focus area or None, [project item])] from `grouped_by_focus_area()` (or from
    `grouped_rows_by_focus_area(PROJECT_ITEM_FIELDS, ...)`); with `link_projects`, each
    title links to the project's marketplace page."""
    project_url = (
        UrlPattern("marketplace:project_detail", "uuid", marker=UrlPattern.UUID_MARKER)
        if link_projects
        else None
    )
    amount = amount_formatter()
    cost_label, funding_label = escaped(_("Estimated cost")), escaped(_("Funding"))
    seeking = f' · <span class="tag">{escaped(_("Seeking partners"))}</span>'
    source_label = escaped(_("Source"))
    funding = {status: escaped(str(label).lower()) for status, label in FundingStatus.choices}
    written = {}  # a project filed under two focus areas is written once

    def item(project):
        title = escaped(project.title)
        if project_url is not None:
            title = f'<a href="{escaped(project_url(project.uuid))}">{title}</a>'
        cost = project.estimated_cost
        status = project.funding_status
        return SafeString(
            PROJECT_ITEM.format(
                title=title,
                description=linebreaks_filter(project.description) if project.description else "",
                cost=""
                if cost is None
                else f"{cost_label}: {escaped(project.currency)} {escaped(amount(cost))} · ",
                funding=f"{funding_label}: "
                f"{funding[status] if status in funding else escaped(status.lower())}",
                seeking=seeking if project.is_seeking_partners else "",
                source=f' · <a href="{escaped(project.source_url)}" rel="noopener noreferrer">'
                f"{source_label}</a>"
                if project.source_url
                else "",
            )
        )

    groups = []
    for area, projects in project_groups:
        items = []
        for project in projects:
            if project.pk not in written:
                written[project.pk] = item(project)
            items.append(written[project.pk])
        groups.append((area, items))
    return groups
