"""Streamed downloads of a list in CSV, XLSX, JSON and GeoJSON, for the open-data pages
and the API alike.

A `Dataset` names its columns once; the file formats, the field dictionary of the data
catalogue and the Frictionless schema are all read from it. Rows are read with
`queryset.iterator(chunk_size=...)` and written as they come, so a download of 120,000
rows holds one chunk in memory, never the whole list (see docs/open-data.md for why the
writers are our own thin layer over `csv` and `openpyxl`)."""

import csv
import datetime
import decimal
import io
import itertools
import json
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

CHUNK_SIZE = 2000
CSV_ROWS_PER_WRITE = 500
FILE_CHUNK_BYTES = 64 * 1024

CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MEDIA_TYPE = "application/json"
GEOJSON_MEDIA_TYPE = "application/geo+json"
MEDIA_TYPES = {
    "csv": CSV_MEDIA_TYPE,
    "xlsx": XLSX_MEDIA_TYPE,
    "json": JSON_MEDIA_TYPE,
    "geojson": GEOJSON_MEDIA_TYPE,
}

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV
# injection"); such text cells get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"

# Frictionless Table Schema types, from the model field that holds the value.
FIELD_TYPES = (
    (models.BooleanField, "boolean"),
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
    (models.DecimalField, "number"),
    (models.FloatField, "number"),
    (models.IntegerField, "integer"),
)


def _batched(iterable, size):
    """Lists of `size` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def lookup(path):
    """A dotted attribute path as a queryset lookup: `plan.city.slug` -> `plan__city__slug`."""
    return path.replace(".", "__")


def neutralise_formula(text):
    """The text as a spreadsheet shows it, never as a formula it would run."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


@dataclass(frozen=True)
class Column:
    """One column of a download: its stable `name`, where its value comes from, and the
    model field that documents it (`field`: a dotted path through relations, by default
    the source path).

    Rows are read as plain values (`QuerySet.values()`), not model instances: `source`
    is a dotted path through relations (`member_state.iso_alpha2`), or a function of the
    row dict reading the paths named in `needs`. A list column names its relation and
    key in `related` (`published_focus_areas.key`), read in one query per chunk, and may
    narrow it to what the user may see with `related_rows(user)` (a queryset of the
    related model)."""

    name: str
    source: str | Callable | None = None
    field: str | None = None
    type: str | None = None
    title: str | None = None
    description: str | None = None
    needs: tuple[str, ...] = ()
    related: str | None = None
    related_rows: Callable | None = None

    @property
    def many(self):
        return self.related is not None

    def value_paths(self):
        """The `values()` lookups this column reads."""
        if self.many:
            return ()
        if callable(self.source):
            return tuple(lookup(path) for path in self.needs)
        return (lookup(self.source or self.name),)

    def value(self, row):
        if self.many:
            return row.get(self.name, [])
        if callable(self.source):
            return self.source(row)
        return row[lookup(self.source or self.name)]

    def path(self):
        if self.field:
            return self.field
        if self.related:
            return self.related.split(".")[0]
        return self.source if isinstance(self.source, str) else self.name

    def model_fields(self, model):
        """The model fields along the column's path (empty for a computed column)."""
        current, found = model, []
        for part in self.path().split("."):
            try:
                model_field = current._meta.get_field(part)
            except Exception:  # a property or a computed value: no model field
                return []
            found.append(model_field)
            current = model_field.related_model or current
        return found

    def describe(self, model):
        """Name, title, description, type and constraints for the field dictionary and
        the Frictionless schema, read from the model fields' verbose names and help
        texts: a column through a relation is titled by the relation and described by
        the related field."""
        path = self.model_fields(model)
        first, last = (path[0], path[-1]) if path else (None, None)
        title = self.title or (capfirst(first.verbose_name) if first else self.name)
        description = self.description
        if description is None:
            description = ""
            if last is not None:
                description = str(last.help_text)
                if len(path) > 1 and not description:
                    description = f"{capfirst(last.verbose_name)} ({last.model._meta.verbose_name})"
        if self.many and not description:
            description = _("A list, separated by semicolons in CSV and XLSX.")
        kind = self.type
        if kind is None:
            kind = "string"
            if last is not None and not self.many:
                for field_class, name in FIELD_TYPES:
                    if isinstance(last, field_class):
                        kind = name
                        break
        described = {
            "name": self.name,
            "title": str(title),
            "description": str(description),
            "type": kind,
        }
        constraints = {}
        if last is not None and not self.many and not callable(self.source):
            if len(path) == 1 and not (last.null or last.blank):
                constraints["required"] = True
            if last.choices and not last.is_relation:
                constraints["enum"] = [str(value) for value, _label in last.flatchoices]
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass
class Dataset:
    """A public list as it leaves the portal: what it holds, who may see which rows
    (`rows(user)`, built on the models' public querysets), how its filters are named, and
    its columns. One entry of the open-data registry."""

    key: str
    title: str
    description: str
    model: type[models.Model]
    columns: list[Column]
    rows: Callable  # rows(user) -> QuerySet of what the user may see
    filterset_class: type | None = None
    geometry: tuple[str, str] | None = None  # (longitude path, latitude path)
    ordering: tuple[str, ...] = ()
    html_list: str | None = None  # the URL name of its HTML list, if it has one

    @property
    def formats(self):
        return ("csv", "xlsx", "json", "geojson") if self.geometry else ("csv", "xlsx", "json")

    def value_paths(self):
        paths = ["pk"]
        for column in self.columns:
            paths += column.value_paths()
        if self.geometry:
            paths += [lookup(path) for path in self.geometry]
        return list(dict.fromkeys(paths))

    def read(self, queryset, user):
        """The rows to write, as dicts of plain values, in a stable order, read from the
        database in chunks; list columns are filled with one query per chunk each. The
        caller's joins and prefetches (an API view set's, for its nested JSON) are not
        needed: `values()` names every join."""
        queryset = queryset.prefetch_related(None)
        if self.ordering and not queryset.query.order_by:
            queryset = queryset.order_by(*self.ordering)
        rows = queryset.values(*self.value_paths()).iterator(chunk_size=CHUNK_SIZE)
        lists = [column for column in self.columns if column.many]
        if not lists:
            yield from rows
            return
        for chunk in _batched(rows, CHUNK_SIZE):
            ids = [row["pk"] for row in chunk]
            for column in lists:
                values = self._related_values(column, ids, user)
                for row in chunk:
                    row[column.name] = values.get(row["pk"], [])
            yield from chunk

    def _related_values(self, column, ids, user):
        """{row pk: [related keys]} for one list column, in one query on the through
        table, keys in order."""
        relation, key = column.related.split(".")
        model_field = self.model._meta.get_field(relation)
        through = model_field.remote_field.through
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        links = through.objects.filter(**{f"{source}_id__in": ids})
        if column.related_rows is not None:
            links = links.filter(**{f"{target}__in": column.related_rows(user)})
        values = {}
        pairs = links.order_by(f"{target}__{key}").values_list(f"{source}_id", f"{target}__{key}")
        for pk, value in pairs:
            values.setdefault(pk, []).append(value)
        return values

    def schema(self):
        return [column.describe(self.model) for column in self.columns]


# ------------------------------------------------------------------------------
# Cell values
# ------------------------------------------------------------------------------
def _text_value(value):
    """A value as CSV text: ISO dates, `true`/`false`, lists joined by semicolons."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return _text_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _safe_text(column_type, value):
    text = _text_value(value)
    return neutralise_formula(text) if column_type == "string" else text


# ------------------------------------------------------------------------------
# Writers: each a generator of bytes
# ------------------------------------------------------------------------------
def csv_chunks(dataset, rows: Iterable) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), one header row
    of the stable column names, text cells safe from formula injection."""
    types = [column["type"] for column in dataset.schema()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    yield ("\ufeff" + buffer.getvalue()).encode()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow(
            [
                _safe_text(kind, column.value(row))
                for kind, column in zip(types, dataset.columns, strict=True)
            ]
        )
        pending += 1
        if pending >= CSV_ROWS_PER_WRITE:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode()


def json_chunks(dataset, rows: Iterable) -> Iterator[bytes]:
    """A JSON array of objects keyed by the column names; lists stay lists."""
    yield b"["
    first = True
    batch = []
    for row in rows:
        record = {column.name: _json_value(column.value(row)) for column in dataset.columns}
        batch.append(("" if first else ",") + json.dumps(record, ensure_ascii=False))
        first = False
        if len(batch) >= CSV_ROWS_PER_WRITE:
            yield "".join(batch).encode()
            batch = []
    batch.append("]")
    yield "".join(batch).encode()


def geojson_chunks(dataset, rows: Iterable) -> Iterator[bytes]:
    """An RFC 7946 FeatureCollection: one Point per row ([longitude, latitude]), the
    columns as properties; a row with no coordinates has a null geometry."""
    longitude_key, latitude_key = (lookup(path) for path in dataset.geometry)
    yield b'{"type":"FeatureCollection","features":['
    first = True
    batch = []
    for row in rows:
        longitude, latitude = row[longitude_key], row[latitude_key]
        geometry = None
        if longitude is not None and latitude is not None:
            geometry = {"type": "Point", "coordinates": [float(longitude), float(latitude)]}
        feature = {
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                column.name: _json_value(column.value(row)) for column in dataset.columns
            },
        }
        batch.append(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
        first = False
        if len(batch) >= CSV_ROWS_PER_WRITE:
            yield "".join(batch).encode()
            batch = []
    batch.append("]}")
    yield "".join(batch).encode()


def _xlsx_value(kind, value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, datetime.UTC).replace(tzinfo=None)
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", _text_value(value))
    return neutralise_formula(text) if kind == "string" else text


def xlsx_chunks(dataset, rows: Iterable) -> Iterator[bytes]:
    """An XLSX workbook written by openpyxl's write-only mode (rows go to a temporary
    file as they come), then sent from that file in chunks: memory stays constant."""
    from openpyxl import Workbook

    types = [column["type"] for column in dataset.schema()]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=dataset.key[:31])
    sheet.append([column.name for column in dataset.columns])
    for row in rows:
        sheet.append(
            [
                _xlsx_value(kind, column.value(row))
                for kind, column in zip(types, dataset.columns, strict=True)
            ]
        )
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


WRITERS = {
    "csv": csv_chunks,
    "xlsx": xlsx_chunks,
    "json": json_chunks,
    "geojson": geojson_chunks,
}


def licence_link():
    return f'<{settings.DATA_LICENCE_URL}>; rel="license"'


def stream_download(dataset, queryset, fmt, *, user):
    """A streamed download of the queryset's rows in one of the dataset's formats."""
    response = StreamingHttpResponse(
        WRITERS[fmt](dataset, dataset.read(queryset, user)), content_type=MEDIA_TYPES[fmt]
    )
    if fmt == "csv":
        response["Content-Type"] = f"{CSV_MEDIA_TYPE}; charset=utf-8"
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="ascn-{dataset.key}-{stamp}.{fmt}"'
    response["Link"] = licence_link()
    # What a signed-in user downloads may hold drafts of their own: never in a shared cache.
    response["Cache-Control"] = "private, no-cache" if user.is_authenticated else "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
