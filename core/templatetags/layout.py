"""`{% site_nav %}` and `{% site_footer_links %}`: the parts of every page's layout that
depend on nothing but the language (and, for the navigation, which of its own links is
the current page), written once per process and language instead of on every page:
some thirty `{% translate %}` and `{% fixed_url %}` tags, half a millisecond a page.
The account menu, which depends on the reader, stays in base.html."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from .fixed_urls import fixed_url

register = template.Library()

# The navigation's own links: on one of these pages the link is marked current.
NAV_ROUTES = (
    "home",
    "cities:city_list",
    "cities:memberstate_list",
    "partnerships:partnershipagreement_list",
    "network:meeting_list",
    "network:document_list",
    "portal:framework",
    "stats:statistics",
    "portal:about",
)

_written = {}


def _fragment(template_name, current=""):
    key = (
        template_name,
        current,
        get_language(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )
    html = _written.get(key)
    if html is None:
        html = _written[key] = render_to_string(template_name, {"current": current})  # a SafeString
    return html


@register.simple_tag(takes_context=True)
def site_nav(context):
    request = context.get("request")
    path = getattr(request, "path", "")
    current = path if path in {fixed_url(name) for name in NAV_ROUTES} else ""
    return _fragment("includes/_site_nav.html", current)


@register.simple_tag
def site_footer_links():
    return _fragment("includes/_site_footer_links.html")
