"""Writing a list's rows in Python as Django's templates write them.

A template loop over fifty or a hundred rows spends most of a list page's Python on the
template engine: a lookup per variable, a filter call, a reverse() per link. The lists
(the home page's cities, /cities/, /projects/) write their rows with these helpers,
which give what the template wrote, value for value (each has a test comparing it with
the template or filter it stands for)."""

import unicodedata
from decimal import Decimal
from html import escape as html_escape
from urllib.parse import quote

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat, truncatechars
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language


def escaped(value):
    """`{{ value }}` in an autoescaped template: localized, then escaped unless safe."""
    if type(value) is str:  # most values: neither localized nor safe
        return SafeString(html_escape(value))  # django.utils.html.escape, less its wrappers
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return SafeString(value)  # what localize() makes of it, without its lookups
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


class UrlPattern:
    """The URL of a named route with one varying argument, reversed once for a whole
    list: each row's URL is the pattern with its value put in, quoted as reverse()
    quotes it, so a page of fifty rows pays for one reverse() instead of fifty. `marker`
    must be a value the route's converter accepts (the default suits slug and str
    routes; pass UUID_MARKER for a uuid route). Row values are not checked against the
    converter as reverse() checks them: give it the slugs and codes the rows hold."""

    MARKER = "ascn-url-marker-7f3a"
    UUID_MARKER = "7f3a7f3a-0000-4000-8000-7f3a7f3a7f3a"

    def __init__(self, viewname, argument, marker=MARKER):
        url = reverse(viewname, kwargs={argument: marker})
        self.head, found, self.tail = url.rpartition(marker)
        if not found:
            raise ValueError(f"{viewname}: the marker {marker!r} is not in {url!r}")

    def __call__(self, value):
        return f"{self.head}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{self.tail}"

    @classmethod
    def of_pages(cls, model):
        """The pattern of a model's public pages, from its `page_url_spec` (view name,
        URL keyword, field: what its get_absolute_url() reverses)."""
        view_name, argument, _field = model.page_url_spec
        return cls(view_name, argument)


class BlockTranslation:
    """`{% blocktranslate with name=value %}…{% endblocktranslate %}` in Python, for the
    rows of a list: the message is translated once per list, and each row's values are
    escaped as the tag escapes them. Give the tag's msgid lazily, so that makemessages
    finds it: `BlockTranslation(gettext_lazy("joined %(year)s"))`."""

    def __init__(self, message):
        self.text = str(message)

    def __call__(self, **values):
        data = {name: escaped(value) for name, value in values.items()}
        return SafeString(self.text % data)


def truncated(text, length):
    """`{{ text|truncatechars:length }}`: a short text in composed form (NFC) is what
    the filter returns (it counts characters of the composed text), without the cost
    of its Truncator."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return truncatechars(text, length)


def amount_formatter():
    """`{{ amount|floatformat:0|intcomma }}` for the amounts of one page: the
    language's separators read once, not twice per amount; a whole amount grouped as
    intcomma groups it (floatformat leaves it as it is when the thousands separator is
    off), anything else through the two filters."""
    grouping = {
        name: get_format(name, get_language())
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    }

    # Groups of three: what Python's own "," format writes, with the language's separator.
    threes = grouping["NUMBER_GROUPING"] == 3
    separator = grouping["THOUSAND_SEPARATOR"]

    def amount(value):
        if (
            isinstance(value, Decimal)
            and value.is_finite()
            and value == value.to_integral_value()
            and len(value.as_tuple().digits) + abs(value.as_tuple().exponent) < 200
            and not settings.USE_THOUSAND_SEPARATOR
        ):
            if threes:
                return f"{int(value):,}".replace(",", separator)
            return numberformat.format(
                int(value),
                grouping["DECIMAL_SEPARATOR"],
                None,
                grouping["NUMBER_GROUPING"],
                grouping["THOUSAND_SEPARATOR"],
                force_grouping=True,
                use_l10n=True,
            )
        return intcomma(floatformat(value, 0))

    return amount
