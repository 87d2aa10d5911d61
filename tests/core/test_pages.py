"""The list pages' helpers: a row's URL from one reverse() per page is the URL reverse()
writes, and a row's translated label is what {% blocktranslate %} writes."""

import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils.translation import gettext_lazy

from core.pages import BlockTranslation, UrlPattern


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
    from django.urls import NoReverseMatch

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
