"""sitemap.xml: the public pages, every active city, member state, partnership, meeting
and document."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import City, MemberState
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


class CitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return City.objects.active().order_by("slug").only("slug", "updated_at")

    def lastmod(self, city):
        return city.updated_at


class MemberStateSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return MemberState.objects.order_by("iso_alpha2").only("iso_alpha2")


class PartnershipSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return PartnershipAgreement.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, agreement):
        return agreement.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Meeting.objects.order_by("slug").only("slug", "updated_at")

    def lastmod(self, meeting):
        return meeting.updated_at


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Document.objects.published().order_by("slug").only("slug", "updated_at")

    def lastmod(self, document):
        return document.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "cities": CitySitemap,
    "member-states": MemberStateSitemap,
    "partnerships": PartnershipSitemap,
    "meetings": MeetingSitemap,
    "documents": DocumentSitemap,
}
