"""The filter forms' fields written in Python (core.pages.filter_fields) are what the
template loop wrote, on every public filter form, empty, filled in and invalid."""

import pytest
from django.template import Context, Template

from tests.core.test_renderers import FILTERSETS, QUERIES

# The loop includes/_filter_form.html had before its fields were written in Python.
FIELDS_LOOP = """{% for field in form.visible_fields %}
    <div class="field{% if field.errors %} has-error{% endif %}">
      <label for="{{ field.id_for_label }}">{{ field.label }}</label>
      {{ field }}
      {% if field.errors %}<p class="field-error" id="{{ field.auto_id }}-error" role="alert">{{ field.errors|join:" " }}</p>{% endif %}
    </div>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("query", [None, *QUERIES])
@pytest.mark.parametrize("filterset_class", FILTERSETS)
def test_filter_fields_write_what_the_template_loop_wrote(reference_rows, filterset_class, query):
    from django.http import QueryDict

    from core.pages import filter_fields

    filterset = filterset_class(
        None if query is None else QueryDict(query),
        queryset=filterset_class._meta.model.objects.none(),
    )
    if filterset.is_bound:
        filterset.is_valid()
    expected = Template(FIELDS_LOOP).render(Context({"form": filterset.form}))
    assert filter_fields(filterset.form) == expected
    assert 'class="field' in expected
