"""`{% fixed_fragment %}…{% endfixed_fragment %}`: a part of a template whose output
depends on nothing but the language and the deployment (settings, URLconf, static
files): rendered once per process and language, then written as it is. For the map's
django-leaflet tags, whose inclusion templates, JSON options and some forty translated
strings were a millisecond of every page that shows a map.

Put nothing inside that reads the page's context (the request, the user, a record):
the first page's output would be every page's."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()


class FixedFragmentNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.outputs = {}

    def render(self, context):
        key = (
            get_language(),
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            settings.STATIC_URL,
        )
        output = self.outputs.get(key)
        if output is None:
            output = self.outputs[key] = self.nodelist.render(context)
        return output


@register.tag
def fixed_fragment(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("fixed_fragment takes no arguments")
    nodelist = parser.parse(("endfixed_fragment",))
    parser.delete_first_token()
    return FixedFragmentNode(nodelist)
