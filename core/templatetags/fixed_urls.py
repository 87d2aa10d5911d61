"""`{% fixed_url "name" %}`: `{% url "name" %}` for a route without arguments (the
site's navigation, footer and breadcrumbs), reversed once per process rather than on
every page: some twenty reverse() calls were half a millisecond of each page."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_urls = {}
MAX_URLS = 4096


@register.simple_tag
def fixed_url(name):
    """The URL reverse(name) gives, for the current URLconf and script prefix; like
    `{% url %}`, escaped when written and raw with `as`."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    url = _urls.get(key)
    if url is None:
        url = reverse(name)
        if len(_urls) < MAX_URLS:  # bounded whatever script prefixes requests carry
            _urls[key] = url
    return url
