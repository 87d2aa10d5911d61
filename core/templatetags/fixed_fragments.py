"""`{% fixed_fragment %}…{% endfixed_fragment %}`: a part of a template whose output
depends on nothing but the language and the deployment (settings, URLconf, static
files), and on the values of the variables named in the tag if any: rendered once per
process, language and values, then written as it is. For the site's navigation and
footer (some thirty translated strings and links on every page, half a millisecond)
and the map's django-leaflet tags (their inclusion templates, JSON options and some
forty translated strings: a millisecond of every page that shows a map).

Put nothing inside that reads the page's context (the request, the user, a record)
other than the named variables, and name only variables with few values (`nav_page`,
not the request's path): the first page's output would be every page's."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from .fixed_urls import fixed_url

register = template.Library()

# The site navigation's own pages (base.html): on one of these its link is marked.
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


# The outputs one fragment keeps: languages x navigation pages x script prefixes is a
# few dozen; past this (script prefixes forged through a forwarded SCRIPT_NAME, say)
# a fragment is rendered and not kept, so memory stays bounded.
MAX_OUTPUTS = 256


class FixedFragmentNode(template.Node):
    def __init__(self, nodelist, variables):
        self.nodelist = nodelist
        self.variables = variables
        self.outputs = {}

    def render(self, context):
        key = (
            get_language(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            settings.STATIC_URL,
            *(variable.resolve(context) for variable in self.variables),
        )
        output = self.outputs.get(key)
        if output is None:
            output = self.nodelist.render(context)
            if len(self.outputs) < MAX_OUTPUTS:
                self.outputs[key] = output
        return output


@register.tag
def fixed_fragment(parser, token):
    variables = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endfixed_fragment",))
    parser.delete_first_token()
    return FixedFragmentNode(nodelist, variables)


_nav_paths = {}


@register.simple_tag(takes_context=True)
def nav_page(context):
    """The request's path when it is one of the navigation's own pages, else ""."""
    path = getattr(context.get("request"), "path", "")
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    paths = _nav_paths.get(key)
    if paths is None:
        paths = frozenset(fixed_url(name) for name in NAV_ROUTES)
        if len(_nav_paths) < MAX_OUTPUTS:  # bounded as the fragments are
            _nav_paths[key] = paths
    return path if path in paths else ""
