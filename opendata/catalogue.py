"""What the catalogue says about each dataset (row count, last update, field
dictionary, downloads) and its machine-readable forms: DCAT JSON-LD and a Frictionless
Data package. Counts and dates are those of the public (anonymous) view."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max
from django.urls import reverse

from core.downloads import MEDIA_TYPES

from .registry import DATASETS

IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FORMAT_NAMES = {"csv": "CSV", "xlsx": "XLSX", "json": "JSON", "geojson": "GeoJSON"}


@dataclass
class Entry:
    dataset: object
    row_count: int
    updated_at: object  # a datetime, or None for a list with no update time

    @property
    def key(self):
        return self.dataset.key

    def download_url(self, fmt):
        return reverse("opendata:dataset_download", kwargs={"key": self.key, "fmt": fmt})

    @property
    def downloads(self):
        return [(fmt, FORMAT_NAMES[fmt], self.download_url(fmt)) for fmt in self.dataset.formats]

    @property
    def page_url(self):
        return reverse("opendata:dataset_detail", kwargs={"key": self.key})

    @property
    def fields(self):
        return self.dataset.schema()


def entry(dataset):
    """The dataset's public row count and last update, in one query."""
    rows = dataset.rows(AnonymousUser())
    has_updated_at = any(f.name == "updated_at" for f in dataset.model._meta.concrete_fields)
    figures = rows.aggregate(
        row_count=Count("pk"), **({"updated_at": Max("updated_at")} if has_updated_at else {})
    )
    return Entry(dataset, figures["row_count"], figures.get("updated_at"))


def entries():
    return [entry(dataset) for dataset in DATASETS.values()]


def _licence():
    return {"@id": settings.DATA_LICENCE_URL}


def dcat_catalogue(base_url):
    """The catalogue as DCAT (W3C Data Catalog Vocabulary) in JSON-LD."""
    datasets = []
    for item in entries():
        distributions = [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{item.dataset.title} ({name})",
                "dct:format": name,
                "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + MEDIA_TYPES[fmt]},
                "dcat:downloadURL": {"@id": base_url + url},
                "dcat:accessURL": {"@id": base_url + item.page_url},
                "dct:license": _licence(),
            }
            for fmt, name, url in item.downloads
        ]
        dataset = {
            "@id": base_url + item.page_url,
            "@type": "dcat:Dataset",
            "dct:identifier": item.key,
            "dct:title": str(item.dataset.title),
            "dct:description": str(item.dataset.description),
            "dct:license": _licence(),
            "dct:publisher": {"@id": base_url + "/"},
            "dcat:landingPage": {"@id": base_url + item.page_url},
            "dcat:distribution": distributions,
        }
        if item.updated_at is not None:
            dataset["dct:modified"] = {
                "@value": item.updated_at.isoformat(),
                "@type": "xsd:dateTime",
            }
        datasets.append(dataset)
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": base_url + reverse("opendata:catalog_jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": settings.SITE_NAME,
        "dct:description": "Open data of the ASEAN Smart Cities Network portal.",
        "dct:license": _licence(),
        "dct:publisher": {
            "@id": base_url + "/",
            "@type": "foaf:Organization",
            "foaf:name": settings.DATA_PUBLISHER,
        },
        "foaf:homepage": {"@id": base_url + reverse("opendata:catalogue")},
        "dcat:dataset": datasets,
    }


def data_package(base_url):
    """A Frictionless Data package: one tabular resource per dataset, pointing at its
    CSV download, with a Table Schema that validates that CSV."""
    resources = []
    for dataset in DATASETS.values():
        schema = {"fields": dataset.schema()}
        first = dataset.columns[0].name
        if any(f.get("constraints", {}).get("required") for f in schema["fields"][:1]):
            schema["primaryKey"] = [first]
        resources.append(
            {
                "name": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": base_url
                + reverse("opendata:dataset_download", kwargs={"key": dataset.key, "fmt": "csv"}),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "ascn-portal",
        "title": settings.SITE_NAME,
        "homepage": base_url + reverse("opendata:catalogue"),
        "licenses": [
            {
                "name": settings.DATA_LICENCE.replace(" ", "-"),
                "title": settings.DATA_LICENCE,
                "path": settings.DATA_LICENCE_URL,
            }
        ],
        "resources": resources,
    }
