"""The member states' outlines shipped for the offline map, and point-in-shape tests."""

import itertools
import json
from functools import cache
from pathlib import Path

from django.conf import settings

OUTLINES = Path("geo") / "asean-outlines.geojson"


@cache
def member_state_shapes():
    """{ISO alpha-2: MultiPolygon coordinates} from static/geo/asean-outlines.geojson."""
    data = json.loads((Path(settings.BASE_DIR) / "static" / OUTLINES).read_text())
    return {f["properties"]["iso_alpha2"]: f["geometry"]["coordinates"] for f in data["features"]}


def point_in_ring(lon, lat, ring):
    """Ray casting: is the point inside the closed ring of [lon, lat] pairs?"""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
