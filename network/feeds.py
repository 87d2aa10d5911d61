"""Atom feeds (django.contrib.syndication): the network's meetings, newly published
action plans, and newly listed projects seeking partners. Each starts from the public
queryset, so a draft never appears."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from partnerships.models import Meeting
from plans.models import ActionPlan, PriorityProject

FEED_SIZE = 50


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = _("ASEAN Smart Cities Network: meetings")
    subtitle = _("Annual meetings, ASEAN-Japan High Level Meetings, forums and workshops.")
    link = reverse_lazy("network:meeting_list")

    def items(self):
        return Meeting.objects.select_related("host_country").order_by(
            "-start_on", "-year", "slug"
        )[:FEED_SIZE]

    def item_title(self, item):
        return item.name

    def item_description(self, item):
        parts = [item.get_kind_display(), item.dates_label, item.place_label]
        return " · ".join(str(p) for p in parts if p)

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at


class PublishedPlanFeed(Feed):
    feed_type = Atom1Feed
    title = _("ASEAN Smart Cities Network: newly published action plans")
    subtitle = _("Smart City Action Plans approved and published by the secretariat.")
    link = reverse_lazy("cities:city_list")

    def items(self):
        return (
            ActionPlan.objects.published()
            .select_related("city")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.city.name}: {item.title}"

    def item_description(self, item):
        return item.summary or item.vision

    def item_link(self, item):
        return item.city.get_absolute_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class SeekingPartnersFeed(Feed):
    feed_type = Atom1Feed
    title = _("ASEAN Smart Cities Network: projects seeking partners")
    subtitle = _("Priority projects of published action plans that look for partners.")
    link = reverse_lazy("cities:city_list")

    def items(self):
        return (
            PriorityProject.objects.published()
            .filter(is_seeking_partners=True)
            .select_related("plan__city")
            .order_by("-plan__published_at", "-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.plan.city.name}: {item.title}"

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return f"{item.plan.city.get_absolute_url()}#project-{item.uuid}"

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.plan.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at
