"""The sitemaps: /sitemap.xml is an index of sections (/sitemap-<section>.xml), each
paginated at `limit` URLs (`?p=2`...), so that no one answer grows with the network. The
sections list the public pages, every active city, member state, partnership, meeting
and document, read as values (no model instances) with each URL built from one
reverse()."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property

from cities.models import City, MemberState
from core.rows import UrlPattern
from network.models import Document
from partnerships.models import Meeting, PartnershipAgreement


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "home",
            "cities:city_list",
            "cities:memberstate_list",
            "partnerships:partnershipagreement_list",
            "portal:framework",
            "portal:about",
            "network:meeting_list",
            "network:document_list",
            "portal:governance",
            "stats:statistics",
            "marketplace:project_list",
        ]

    def location(self, item):
        return reverse(item)


class ValuesSitemap(Sitemap):
    """A section of pages named by one field of a model's rows: `queryset()` gives the
    rows, `field` the value the URL is built from (`url_name`'s `url_argument`).

    The index asks each section for its size (and latest change): one aggregate query,
    whose count the paginator reuses; a page reads its `limit` rows as values."""

    # A page of a thousand URLs renders in a few tens of milliseconds (the template is
    # most of it); the cities section is a dozen pages at 12,000 cities.
    limit = 1000
    field = "slug"
    url_argument = "slug"
    url_name = ""

    def queryset(self):
        raise NotImplementedError

    def fields(self):
        return (self.field,)

    def aggregates(self):
        return {"n": Count("pk")}

    def items(self):
        return self.queryset().order_by(self.field).values_list(*self.fields())

    def url_value(self, value):
        return value

    @cached_property
    def url_pattern(self):
        return UrlPattern(self.url_name, self.url_argument)

    def location(self, item):
        return self.url_pattern(self.url_value(item[0]))

    @cached_property
    def summary(self):
        return self.queryset().order_by().aggregate(**self.aggregates())

    @cached_property
    def paginator(self):
        pages = Paginator(self.items(), self.limit)
        pages.count = self.summary["n"]
        return pages


class DatedValuesSitemap(ValuesSitemap):
    """A ValuesSitemap whose rows' `updated_at` is their page's <lastmod>."""

    def fields(self):
        return (self.field, "updated_at")

    def aggregates(self):
        return {"n": Count("pk"), "latest": Max("updated_at")}

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return self.summary["latest"]


class CitySitemap(DatedValuesSitemap):
    changefreq = "weekly"
    priority = 0.7
    url_name, url_argument, field = City.page_url_spec

    def queryset(self):
        return City.objects.active()


class MemberStateSitemap(ValuesSitemap):
    changefreq = "monthly"
    priority = 0.6
    field = "iso_alpha2"
    url_argument = "code"
    url_name = "portal:memberstate_detail"

    def queryset(self):
        return MemberState.objects.all()

    def url_value(self, value):
        return value.lower()


class PartnershipSitemap(DatedValuesSitemap):
    changefreq = "monthly"
    priority = 0.5
    url_name = "partnerships:partnershipagreement_detail"

    def queryset(self):
        return PartnershipAgreement.objects.published()


class MeetingSitemap(DatedValuesSitemap):
    changefreq = "monthly"
    priority = 0.5
    url_name = "network:meeting_detail"

    def queryset(self):
        return Meeting.objects.all()


class DocumentSitemap(DatedValuesSitemap):
    changefreq = "monthly"
    priority = 0.5
    url_name = "network:document_detail"

    def queryset(self):
        return Document.objects.published()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cities": CitySitemap,
    "member-states": MemberStateSitemap,
    "partnerships": PartnershipSitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
}
