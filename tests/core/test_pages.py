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
    # Kept for a view: written, then read back, the same markup.
    assert filter_fields(filterset.form, kept_for="a view") == expected
    assert filter_fields(filterset.form, kept_for="a view") == expected


def _projects_form(query):
    from django.http import QueryDict

    from plans.filters import PriorityProjectFilterSet
    from plans.models import PriorityProject

    filterset = PriorityProjectFilterSet(QueryDict(query), queryset=PriorityProject.objects.none())
    filterset.is_valid()
    return filterset.form


def test_kept_fields_follow_the_values_the_language_and_the_data(reference_rows):
    from django.utils import translation

    from core.pages import filter_fields
    from tests.factories import FocusAreaFactory

    fields = filter_fields(_projects_form(""), kept_for="a view")
    finance = filter_fields(_projects_form("support=finance"), kept_for="a view")
    assert 'value="finance" id="id_support_0" checked' in finance
    assert "checked" not in fields
    assert filter_fields(_projects_form(""), kept_for="a view") == fields
    with translation.override("fr"):
        french = filter_fields(_projects_form(""), kept_for="a view")
        assert french == filter_fields(_projects_form(""))  # French, not the English kept
    assert french != fields
    FocusAreaFactory(key="water", name="Water management")  # a new public data version
    assert "Water management" in filter_fields(_projects_form(""), kept_for="a view")
    assert "Water management" not in fields


def test_fields_with_errors_are_written_afresh(reference_rows):
    from core import cache
    from core.pages import filter_fields

    cache.form_fields.clear()
    form = _projects_form("cost_min=-5&currency=USD")
    assert "field-error" in filter_fields(form, kept_for="a view")
    kept = list(cache.form_fields.entries)
    assert kept and not any("cost_min" in key for key in kept)
    assert (
        filter_fields(_projects_form("cost_min=5&currency=USD"), kept_for="a view").count(
            "field-error"
        )
        == 0
    )


@pytest.mark.django_db
def test_a_list_with_a_shared_base_keeps_its_count_under_its_filters_values(client):
    """The marketplace names its rows by its base and its filters' cleaned values
    (core.pages.FilteredPageMixin.rows_key), never by what a value looks like: two
    cities of one name are two keys, an unknown parameter is no filter, and a change
    to the data counts afresh."""
    from django.test import RequestFactory

    from partnerships.marketplace_views import ProjectListView
    from tests.factories import ActionPlanFactory, CityFactory, PriorityProjectFactory

    twins = [CityFactory(name="Twin", slug=f"twin-{n}") for n in range(2)]
    for city, count in zip(twins, (1, 2), strict=True):
        plan = ActionPlanFactory(city=city, status="approved")
        for _ in range(count):
            PriorityProjectFactory(plan=plan, is_seeking_partners=True, seeking_until=None)

    def rows_key(query):
        view = ProjectListView()
        view.setup(RequestFactory().get("/projects/", query))
        return view.rows_key()

    keys = {rows_key({"city": city.slug}) for city in twins}
    assert len(keys) == 2 and None not in keys
    assert rows_key({"city": twins[0].slug, "_bench": "x"}) == rows_key({"city": twins[0].slug})
    assert rows_key({"cost_max": "not a number"}) is None  # invalid: no count to keep
    for city, count in zip(twins, (1, 2), strict=True):
        response = client.get("/projects/", {"city": city.slug})
        assert response.context["paginator"].count == count
    PriorityProjectFactory(
        plan=twins[0].action_plans.get(),
        is_seeking_partners=True,
        seeking_until=None,
        title="Added after the first read",
    )
    response = client.get("/projects/", {"city": twins[0].slug})
    assert response.context["paginator"].count == 2
    assert "Added after the first read" in response.text  # the page's rows read afresh


@pytest.mark.django_db
def test_a_marketplace_page_names_one_day_also_at_midnight(client, monkeypatch):
    """The rows, their count's key and the first page's kept SQL read the day once per
    request: a request across midnight counts and lists the same day's projects."""
    import datetime

    from partnerships import marketplace_views
    from tests.factories import ActionPlanFactory, PriorityProjectFactory

    first_day = datetime.date(2030, 1, 1)
    plan = ActionPlanFactory(status="approved")
    PriorityProjectFactory(
        plan=plan, is_seeking_partners=True, seeking_until=first_day, title="Until day one"
    )
    days = iter([first_day])  # the first read of the day, then the next day

    def localdate(*args, **kwargs):
        return next(days, first_day + datetime.timedelta(days=1))

    monkeypatch.setattr(marketplace_views.timezone, "localdate", localdate)
    for query in ({"x": "0"}, {"x": "1"}):
        response = client.get("/projects/", query)
        count = response.context["paginator"].count
        assert count == len(response.context["cards"])
