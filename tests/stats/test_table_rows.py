"""The statistics page's table rows are written in Python (stats.views.table_rows):
character for character what the template loop they replaced wrote."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context, Template

from stats import figures
from stats.figures import Figure, Row
from stats.views import table_rows
from tests.querycount import build_network

pytestmark = pytest.mark.django_db

TEMPLATE_LOOP = Template(
    """{% for row in item.figure.rows %}
        <tr><th scope="row">{% if row.url %}<a href="{{ row.url }}">{{ row.label }}</a>"""
    """{% else %}{{ row.label }}{% endif %}</th><td class="num">{{ row.value }}</td>"""
    """{% if item.figure.key == "cities-by-year-joined" %}<td class="num">"""
    """{{ row.extra.cumulative }}</td>{% endif %}{% if item.figure.key == "costs-by-currency" %}"""
    """<td class="num">{{ row.extra.projects }}</td>{% endif %}</tr>
      {% endfor %}"""
)


def _loop(figure):
    return TEMPLATE_LOOP.render(Context({"item": {"figure": figure}}))


def test_every_figure_of_the_network_is_written_as_the_template_wrote_it():
    call_command("seed", verbosity=0)
    build_network(12)
    written = figures.figures(None)
    assert len(written) > 5 and any(figure.rows for figure in written)
    for figure in written:
        assert table_rows(figure) == _loop(figure), figure.key


@pytest.mark.parametrize("key", ["cities-by-year-joined", "costs-by-currency", "other"])
def test_awkward_values_are_escaped_and_localized_as_the_template_does(key):
    rows = [
        Row('<b>"A & B"</b>', 3, "/cities/?q=a&b=<c>", {"cumulative": 7, "projects": 2}),
        Row("Café ‘x’", Decimal("1234567.50"), "", {}),
        Row("No extra", 0),
    ]
    figure = Figure(key, "T", "S", "L", "V", rows)
    assert table_rows(figure) == _loop(figure)
