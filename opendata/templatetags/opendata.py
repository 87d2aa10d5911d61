"""`{% download_links "cities" %}`: the download control of a public list, carrying the
list's current filters (the page number left out) and naming the licence."""

from django import template
from django.conf import settings
from django.urls import reverse

from opendata.catalogue import FORMAT_NAMES
from opendata.registry import get_dataset

register = template.Library()


@register.inclusion_tag("opendata/_download_links.html", takes_context=True)
def download_links(context, key):
    dataset = get_dataset(key)
    request = context.get("request")
    query = ""
    if request is not None:
        params = request.GET.copy()
        params.pop("page", None)
        query = params.urlencode()
    links = []
    if dataset is not None:
        for fmt in dataset.formats:
            url = reverse("opendata:dataset_download", kwargs={"key": key, "fmt": fmt})
            links.append((FORMAT_NAMES[fmt], url + (f"?{query}" if query else "")))
    return {
        "dataset": dataset,
        "links": links,
        "page_url": reverse("opendata:dataset_detail", kwargs={"key": key}) if dataset else "",
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
        "filtered": bool(query),
    }
