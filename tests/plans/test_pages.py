"""A plan's projects written in Python (plans.pages) are what the template loop of
templates/plans/_plan_public.html wrote, linked or not."""

import pytest
from django.template import Context, Template

from plans.models import PriorityProject
from plans.pages import project_groups_written
from tests.factories import ActionPlanFactory, FocusAreaFactory, PriorityProjectFactory

pytestmark = pytest.mark.django_db

# The loop before its items were written in Python ("|" ends each item).
PROJECTS_LOOP = (
    "{% load i18n humanize %}{% for area, projects in project_groups %}"
    "{% for project in projects %}<li>\n"
    "        <strong>{% if link_projects %}<a href=\"{% url 'marketplace:project_detail' "
    'uuid=project.uuid %}">{{ project.title }}</a>{% else %}{{ project.title }}'
    "{% endif %}</strong>\n"
    "        {% if project.description %}{{ project.description|linebreaks }}{% endif %}\n"
    '        <p class="muted">\n'
    "          {% if project.estimated_cost is not None %}"
    '{% translate "Estimated cost" %}: {{ project.currency }} '
    "{{ project.estimated_cost|floatformat:0|intcomma }} · {% endif %}\n"
    '          {% translate "Funding" %}: {{ project.get_funding_status_display|lower }}'
    '{% if project.is_seeking_partners %} · <span class="tag">'
    '{% translate "Seeking partners" %}</span>{% endif %}\n'
    '          {% if project.source_url %} · <a href="{{ project.source_url }}" '
    'rel="noopener noreferrer">{% translate "Source" %}</a>{% endif %}\n'
    "        </p>\n"
    "      </li>|{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize("link_projects", [False, True])
def test_project_items_write_what_the_template_loop_wrote(link_projects):
    plan = ActionPlanFactory(status="approved")
    first, second = FocusAreaFactory(name="A & <B>", position=1), FocusAreaFactory(position=2)
    both = PriorityProjectFactory(
        plan=plan,
        title='Smart "buses" & <depots>',
        description="First line\nsecond line\n\nA <new> paragraph & more",
        estimated_cost="1234567.50",
        currency="EUR",
        funding_status="partial",
        is_seeking_partners=True,
        source_url="https://example.org/a?b=1&c=2",
    )
    both.focus_areas.set([first, second])
    PriorityProjectFactory(plan=plan, title="Unfiled", description="", funding_status="funded")
    PriorityProjectFactory(plan=plan, title="Costed", estimated_cost="2000000", currency="USD")
    groups = plan.projects.prefetch_related("focus_areas").grouped_by_focus_area()
    expected = Template(PROJECTS_LOOP).render(
        Context({"project_groups": groups, "link_projects": link_projects})
    )
    written = project_groups_written(groups, link_projects=link_projects)
    assert [area for area, _items in written] == [area for area, _projects in groups]
    assert "".join(item + "|" for _area, items in written for item in items) == expected
    assert expected.count("<li>") == PriorityProject.objects.count() + 1  # one in two areas
