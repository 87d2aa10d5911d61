"""The filter forms' widgets written in Python (core.renderers) are Django's own
templates' output, character for character: on every public list's filter form,
empty, filled in and invalid, and on widgets built to be awkward."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cities.filters import CityFilterSet
from core.renderers import PYTHON_TEMPLATES, renderer
from network.filters import DocumentFilterSet
from partnerships.filters import PartnershipAgreementFilterSet
from plans.filters import PriorityProjectFilterSet

TEMPLATES = DjangoTemplates()

FILTERSETS = [
    CityFilterSet,
    PriorityProjectFilterSet,
    PartnershipAgreementFilterSet,
    DocumentFilterSet,
]

QUERIES = [
    None,
    "page=2",
    "member_state=th&focus_area=mobility&joined_year=2019&cohort=pilot_2018&search=port",
    "support=finance&support=expertise&currency=USD&cost_min=5&cost_max=1&funding_status=x",
    "search=%3Cb%3E%26%22quoted%22&joined_year=abc&year=20x&kind=nope&language=en",
    "city=nope&partner=nope&member_state=ZZ",
]


def render_both(bound_field):
    form = bound_field.form
    form.renderer = TEMPLATES
    expected = str(bound_field)
    form.renderer = renderer
    return expected, str(bound_field)


@pytest.mark.parametrize("filterset_class", FILTERSETS)
@pytest.mark.parametrize("query", QUERIES)
def test_python_widgets_write_what_django_templates_write(reference_rows, filterset_class, query):
    data = None if query is None else QueryDict(query)
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.none())
    if filterset.is_bound:
        filterset.is_valid()
    for bound_field in filterset.form:
        expected, written = render_both(bound_field)
        assert written == expected, bound_field.name


def test_city_as_a_hidden_input_is_written_alike(reference_rows):
    filterset = PriorityProjectFilterSet(
        QueryDict("city=bangkok"), queryset=PriorityProjectFilterSet._meta.model.objects.none()
    )
    filterset.form.fields["city"].widget = forms.HiddenInput()
    expected, written = render_both(filterset.form["city"])
    assert written == expected == '<input type="hidden" name="city" value="bangkok" id="id_city">'


class AwkwardForm(forms.Form):
    text = forms.CharField(
        initial='a "quoted" <value> & more',
        widget=forms.TextInput(attrs={"data-x": mark_safe("&amp;"), "autofocus": True}),
    )
    hidden = forms.CharField(initial=("a", 1), widget=forms.HiddenInput(attrs={"disabled": False}))
    number = forms.DecimalField(initial=1234.5, widget=forms.NumberInput(attrs={"step": 0.5}))
    email = forms.EmailField(required=False, label=gettext_lazy("Email"))
    grouped = forms.ChoiceField(
        choices=[
            ("", "---"),
            (gettext_lazy("Group <one>"), [("a", "A & a"), ("b", mark_safe("<b>B</b>"))]),
            ("c", gettext_lazy("Search")),
        ],
        initial="b",
    )
    several = forms.MultipleChoiceField(
        choices=[("x", "X"), ("Group", [("y", "Y <y>"), ("z", "Z")])],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "boxes"}),
        initial=["y"],
    )
    one = forms.ChoiceField(choices=[(1, "One"), (2, "Two")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=[("p", "P"), ("q", "Q")], widget=forms.SelectMultiple, initial=["p", "q"]
    )
    unlabelled = forms.MultipleChoiceField(
        choices=[("u", "U")], widget=forms.CheckboxSelectMultiple, required=False
    )


@pytest.mark.parametrize("bound", [False, True])
def test_python_widgets_match_on_awkward_widgets(bound):
    data = {"text": "<script>", "number": "x", "grouped": "zz", "several": ["x", "z"]}
    form = AwkwardForm(data if bound else None, auto_id=bound and "f_%s")
    if bound:
        form.is_valid()
    for bound_field in form:
        expected, written = render_both(bound_field)
        assert written == expected, bound_field.name


def test_every_python_template_exists_in_django():
    for name in PYTHON_TEMPLATES:
        assert TEMPLATES.get_template(name) is not None


def test_filter_forms_render_without_a_widget_template(reference_rows, monkeypatch):
    """The comparisons above test the Python path: no widget template is loaded."""

    def no_template(self, name):
        raise AssertionError(f"template loaded: {name}")

    monkeypatch.setattr(type(renderer), "get_template", no_template)
    for filterset_class in FILTERSETS:
        filterset = filterset_class(
            QueryDict(QUERIES[3]), queryset=filterset_class._meta.model.objects.none()
        )
        filterset.form.renderer = renderer
        assert all(str(bound_field) for bound_field in filterset.form)
