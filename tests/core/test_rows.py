"""core.rows writes what the templates and filters it stands for write: a row's URL
from one reverse() per page is reverse()'s URL, a translated label is
{% blocktranslate %}'s, a value is {{ value }}'s, a need is truncatechars', an amount is
floatformat and intcomma's."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template
from django.template.defaultfilters import floatformat, truncatechars
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.rows import BlockTranslation, UrlPattern, amount_formatter, escaped, truncated


@pytest.mark.parametrize(
    "viewname, argument, values, marker",
    [
        ("portal:city_detail", "slug", ["bangkok", "ho-chi-minh-city", "a_b-9"], None),
        ("portal:memberstate_detail", "code", ["th", "vn", "a b", "é%?#&:@+"], None),
        (
            "marketplace:project_detail",
            "uuid",
            [uuid.uuid4(), uuid.UUID(int=0)],
            UrlPattern.UUID_MARKER,
        ),
    ],
)
def test_url_pattern_writes_what_reverse_writes(viewname, argument, values, marker):
    pattern = UrlPattern(viewname, argument, **({"marker": marker} if marker else {}))
    for value in values:
        assert pattern(value) == reverse(viewname, kwargs={argument: value})


def test_url_pattern_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        pattern = UrlPattern("portal:city_detail", "slug")
        assert pattern("bangkok") == "/portal/cities/bangkok/"
    finally:
        set_script_prefix("/")


def test_url_pattern_refuses_a_marker_the_route_rejects():
    with pytest.raises(NoReverseMatch):
        UrlPattern("marketplace:project_detail", "uuid")


@pytest.mark.parametrize("year", [2019, "<b>2020</b>", None, 12345678])
def test_block_translation_writes_what_the_tag_writes(year):
    template = Template(
        "{% load i18n %}"
        "{% blocktranslate with year=value %}joined {{ year }}{% endblocktranslate %}"
    )
    expected = template.render(Context({"value": year}))
    assert BlockTranslation(gettext_lazy("joined %(year)s"))(year=year) == expected


@pytest.mark.parametrize("thousands", [False, True])
@pytest.mark.parametrize(
    "value",
    [0, 7, 2019, -12345678, True, 1.5, "a<b", mark_safe("<i>"), None, gettext_lazy("Email")],
)
def test_escaped_writes_what_a_template_variable_writes(settings, thousands, value):
    settings.USE_THOUSAND_SEPARATOR = thousands
    assert escaped(value) == Template("{{ value }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    "text",
    ["", "short", "x" * 200, "x" * 201, "e\u0301" * 150, "é" * 200, "e\u0301" * 201, "a\u0301b"],
)
def test_truncated_is_truncatechars(text):
    assert truncated(text, 200) == truncatechars(text, 200)


@pytest.mark.parametrize("thousands", [False, True])
@pytest.mark.parametrize(
    "value",
    [
        "0",
        "7",
        "999",
        "1000",
        "2000000",
        "1234567.00",
        "1234567.5",
        "999.49",
        "1E+7",
        "12345678901234",
        "0.00",
        "-1234567",
        "-999",
        "-0",
    ],
)
@pytest.mark.parametrize("language", ["en", "fr", "de", "id", "vi", "th", "hi", "es-mx"])
def test_amounts_are_written_as_floatformat_and_intcomma_write_them(
    settings, thousands, value, language
):
    settings.USE_THOUSAND_SEPARATOR = thousands
    amount = Decimal(value)
    with translation.override(language):
        assert amount_formatter()(amount) == intcomma(floatformat(amount, 0))
