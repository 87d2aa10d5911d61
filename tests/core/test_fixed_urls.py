"""{% fixed_url %} writes what {% url %} writes, and follows the script prefix."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix

NAMES = ["home", "cities:city_list", "portal:search", "accounts:login", "api:api-root"]


@pytest.mark.parametrize("prefix", ["/", "/portal/", "/a&b/"])
@pytest.mark.parametrize("name", NAMES)
def test_fixed_url_writes_what_url_writes(name, prefix):
    set_script_prefix(prefix)
    try:
        for source in ("{%% url '%s' %%}", "{%% url '%s' as u %%}[{{ u }}]"):
            expected = Template(source % name).render(Context())
            fixed = "{% load fixed_urls %}" + source.replace("url", "fixed_url", 1) % name
            assert Template(fixed).render(Context()) == expected
    finally:
        set_script_prefix("/")
