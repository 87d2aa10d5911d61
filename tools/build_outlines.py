"""Build static/geo/asean-outlines.geojson, the map's offline base layer.

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python tools/build_outlines.py package/countries-50m.json

Reads Natural Earth's 1:50m country shapes (public domain) as packaged in TopoJSON by
the npm package world-atlas (ISC licence), keeps the ASEAN member states, decodes them
to GeoJSON (RFC 7946: longitude-latitude, counter-clockwise outer rings not enforced)
and rounds coordinates to 0.01 degree (about 1 km) so the file stays small. The 110m
file is too coarse: it has no Singapore.
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "asean-outlines.geojson"

# ISO 3166 numeric code (world-atlas ids) -> alpha-2 code.
MEMBER_STATES = {
    "096": "BN",
    "116": "KH",
    "360": "ID",
    "418": "LA",
    "458": "MY",
    "104": "MM",
    "608": "PH",
    "702": "SG",
    "764": "TH",
    "704": "VN",
    "626": "TL",
}
PRECISION = 2


def decode_arcs(topology):
    """Absolute longitude-latitude points of every arc (TopoJSON delta encoding)."""
    (scale_x, scale_y), (translate_x, translate_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring(arc_indexes, arcs):
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    rounded = []
    for lon, lat in points:
        point = [round(lon, PRECISION), round(lat, PRECISION)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded and rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded if len(rounded) >= 4 else None


def polygon(rings_arcs, arcs):
    rings = [ring(r, arcs) for r in rings_arcs]
    if rings[0] is None:
        return None
    return [r for r in rings if r is not None]


# Where each member state's name is written on the map: a point well inside its
# largest land mass (the centre of a country's bounds can fall in the sea or in a
# neighbour, as Vietnam's does in Laos).
LABEL_POINTS = {
    "BN": [114.72, 4.55],
    "ID": [113.6, -1.2],
    "KH": [104.9, 12.8],
    "LA": [102.6, 19.6],
    "MM": [96.0, 21.5],
    "MY": [102.1, 4.2],
    "PH": [121.2, 16.4],
    "SG": [103.82, 1.36],
    "TH": [101.0, 15.6],
    "TL": [125.9, -8.8],
    "VN": [107.95, 14.0],
}


def build(topology):
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = MEMBER_STATES.get(geometry.get("id"))
        if not code:
            continue
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        polygons = [p for p in (polygon(part, arcs) for part in parts) if p]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_alpha2": code,
                    "name": geometry["properties"]["name"],
                    "label": LABEL_POINTS[code],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda f: f["properties"]["iso_alpha2"])
    return {"type": "FeatureCollection", "features": features}


def main(argv):
    topology = json.loads(Path(argv[1]).read_text())
    collection = build(topology)
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    found = sorted(f["properties"]["iso_alpha2"] for f in collection["features"])
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size} bytes): {' '.join(found)}")
    missing = set(MEMBER_STATES.values()) - set(found)
    if missing:
        sys.exit(f"missing member states: {sorted(missing)}")


if __name__ == "__main__":
    main(sys.argv)
