"""A list page's rows read as plain values, for the API's JSON lists on a cache miss.

DRF builds a list page by making a model instance of every row (and of every joined
and prefetched row: a page of 50 plans is 1,150 instances and their prefetch caches),
then asking every field of the serializer to read its attribute and represent it. On
a 50-row page that is most of a request's time once the SQL is cheap (bench/PROFILE.md).

`ValuesReader` reads the same page with `.values()` instead: the serializer's readable
fields are turned, once per serializer class, into columns (`member_state__name` for
`source="member_state.name"`, `member_state__iso_alpha2` for a slug relation), queries
for the many-to-many slugs and the nested lists, and the page URL built from one
`reverse()` per page. Each value is then represented by the serializer's own field
(`field.to_representation`), so dates, decimals and choices come out exactly as DRF
writes them. What cannot be read that way (a method field, a nullable join, a
serializer with its own `to_representation`, ...) makes the serializer unreadable here
and its list keeps DRF's path: `for_serializer()` answers None. The test
`tests/core/test_list_reader.py` compares both paths, key for key, on every list that
uses this one.
"""

import datetime
import decimal
import functools
import operator
from collections import defaultdict

from django.db import models
from django.db.models import Func
from django.db.models.functions import Cast
from django.utils import timezone
from rest_framework import ISO_8601, relations, serializers
from rest_framework import fields as drf_fields
from rest_framework.settings import api_settings

from core.db import KeyedStatement
from core.pagination import PortalPagination
from core.rows import UrlPattern
from core.serializers import FastReadMixin, PageUrlField


class Unreadable(Exception):
    """This serializer's fields cannot all be read as plain values."""


def _column(model, attrs):
    """The `.values()` column of a dotted source on `model`, following only non-null
    foreign keys (a null join would make DRF skip or blank the field)."""
    path, current = [], model
    for position, attr in enumerate(attrs):
        try:
            field = current._meta.get_field(attr)
        except Exception as error:
            raise Unreadable(f"{model.__name__}.{'.'.join(attrs)} is not a field") from error
        last = position == len(attrs) - 1
        if field.many_to_many or field.one_to_many:
            raise Unreadable(f"{attr} is a many relation")
        if not getattr(field, "concrete", False):
            raise Unreadable(f"{attr} is not a column")
        if field.is_relation and not last:
            if field.null:
                raise Unreadable(f"{attr} may be null")
            current = field.related_model
        elif field.is_relation:
            raise Unreadable(f"{attr} is a relation read as a whole")
        path.append(attr)
    return "__".join(path), field


# DRF's to_representation methods that give back a value of the column's own type
# unchanged (str() of a str, int() of an int, bool of a bool, a choice's own key): such
# values are written as they come from the database, without a call each.
_AS_STORED = {
    drf_fields.CharField.to_representation: "str",
    drf_fields.ChoiceField.to_representation: "str int",
    drf_fields.IntegerField.to_representation: "int",
    drf_fields.BooleanField.to_representation: "bool",
}
_STORED_TYPES = {
    "CharField": "str",
    "TextField": "str",
    "SlugField": "str",
    "EmailField": "str",
    "URLField": "str",
    "IntegerField": "int",
    "SmallIntegerField": "int",
    "BigIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "BooleanField": "bool",
}


def _plain(field, model_field):
    """How a field read from one column is written: its own to_representation, or
    None when the value is written as it is stored."""
    stored = _STORED_TYPES.get(model_field.get_internal_type())
    allowed = _AS_STORED.get(type(field).to_representation, "")
    if stored and stored in allowed.split():
        return None
    return field.to_representation


class PageUrl:
    """The absolute URL of each row's public page, from `Model.page_url_spec`
    (view name, URL keyword, field): one reverse() a page (core.rows.UrlPattern), then
    a substitution a row."""

    def __init__(self, spec):
        self.view_name, self.kwarg, self.field = spec

    def writer(self, request):
        pattern = UrlPattern(self.view_name, self.kwarg)
        if request is None:
            return pattern
        origin = request.build_absolute_uri("/")[:-1]  # scheme and host
        return lambda value: origin + pattern(value)


class ValuesReader:
    """Reads pages of one serializer's rows; see the module's docstring."""

    def __init__(self, serializer_class, model=None, parent_key=None):
        serializer = serializer_class()
        self._check(serializer)
        self.model = model or serializer.Meta.model
        self.parent_key = parent_key  # the column naming the parent, for a nested list
        self.columns = ["pk"] + ([parent_key] if parent_key else [])
        self.plan = []  # (output key, kind, how)
        self.page_url = None
        self._statements = {}  # name -> KeyedStatement (see _statement)
        for field in serializer._readable_fields:
            self.plan.append(self._compile(field))

    @staticmethod
    def _check(serializer):
        if not isinstance(serializer, serializers.ModelSerializer):
            raise Unreadable("not a model serializer")
        kind = type(serializer)
        if kind.to_representation not in (
            serializers.Serializer.to_representation,
            FastReadMixin.to_representation,
        ):
            raise Unreadable("the serializer represents rows itself")
        # Fields chosen per request (per user, say) cannot be worked out once per class;
        # a serializer whose get_fields() only adjusts writing says so.
        tailored = (
            kind.get_fields is not serializers.ModelSerializer.get_fields
            or kind.__init__ is not serializers.BaseSerializer.__init__
        )
        if tailored and not getattr(kind, "read_fields_fixed", False):
            raise Unreadable("the serializer chooses its fields per request")

    def _add_column(self, column):
        if column not in self.columns:
            self.columns.append(column)
        return column

    def _compile(self, field):
        name = field.field_name
        if isinstance(field, PageUrlField):
            spec = getattr(self.model, "page_url_spec", None)
            if spec is None:
                raise Unreadable(f"{self.model.__name__} has no page_url_spec")
            self.page_url = PageUrl(spec)
            return name, "url", self._add_column(spec[2])
        if isinstance(field, serializers.ListSerializer):
            return name, "nested", self._nested(field)
        if isinstance(field, relations.ManyRelatedField):
            return name, "many", self._many(field)
        if isinstance(field, relations.SlugRelatedField):
            column, _ = _column(self.model, [*field.source_attrs, field.slug_field])
            return name, "value", (self._add_column(column), None)
        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            column, _ = _column(self.model, [*field.source_attrs, "pk"])
            return name, "value", (self._add_column(column), None)
        if isinstance(field, relations.RelatedField | serializers.BaseSerializer):
            raise Unreadable(f"{name}: {type(field).__name__}")
        if isinstance(field, drf_fields.SerializerMethodField | drf_fields.HiddenField):
            raise Unreadable(f"{name}: {type(field).__name__}")
        if field.source == "*" or type(field) is drf_fields.ReadOnlyField:
            raise Unreadable(f"{name}: reads the whole row or an attribute")
        column, model_field = _column(self.model, field.source_attrs)
        as_text = _as_text(field, model_field, column)
        if as_text is not None:
            expression, write = as_text
            self.columns.append(expression)
            return name, "text", (expression, write)
        return name, "value", (self._add_column(column), _plain(field, model_field))

    def _nested(self, field):
        relation = self.model._meta.get_field(field.source)
        if not relation.one_to_many:
            raise Unreadable(f"{field.source} is not a reverse foreign key")
        child_model = relation.related_model
        parent_key = relation.field.attname
        reader = ValuesReader(type(field.child), model=child_model, parent_key=parent_key)
        if reader.page_url is not None:
            raise Unreadable("nested page URLs")
        ordering = [
            item
            for item in (child_model._meta.ordering or [])
            if item.lstrip("-") not in (relation.field.name, parent_key)
        ]
        return reader, ordering

    def _many(self, field):
        child = field.child_relation
        if not isinstance(child, relations.SlugRelatedField):
            raise Unreadable(f"{field.field_name}: many {type(child).__name__}")
        if len(field.source_attrs) != 1:
            raise Unreadable(f"{field.field_name}: dotted many relation")
        relation = self.model._meta.get_field(field.source)
        if not isinstance(relation, models.ManyToManyField):
            raise Unreadable(f"{field.field_name} is not a many-to-many field of the row")
        ordering = relation.related_model._meta.ordering or ["pk"]
        return field.source, child.slug_field, ordering

    # ------------------------------------------------------------------ reading --
    def represent(self, rows, request=None):
        """A page of rows, tuples of `self.columns` (the key first), as the serializer
        would write them."""
        if not rows:
            return []
        return self._represent(rows, request)

    def read_children(self, parent_keys, ordering, request=None):
        """The nested rows of every parent in `parent_keys`, grouped by parent."""
        statement = self._statement(
            ("children", *ordering),
            lambda: KeyedStatement(
                self.model._default_manager.order_by(self.parent_key, *ordering, "pk").values_list(
                    *self.columns
                ),
                self.parent_key,
            ),
        )
        rows = statement.rows(parent_keys)
        grouped = defaultdict(list)
        for row, data in zip(rows, self._represent(rows, request), strict=True):
            grouped[row[1]].append(data)  # columns: the key, the parent's key, ...
        return grouped

    def _statement(self, name, build):
        """The KeyedStatement `name` of this reader, built by `build()` the first time."""
        statement = self._statements.get(name)
        if statement is None:
            statement = self._statements.setdefault(name, build())
        return statement

    def _represent(self, rows, request):
        """The rows (tuples of `self.columns`, the key first) as the serializer writes
        them."""
        keys = [row[0] for row in rows]
        position = {column: index for index, column in enumerate(self.columns)}
        names, columns = [], []  # each key, and the row's column it starts from
        conversions = []  # (key's place, write a value that is not None)
        from_rows = []  # (key's place, the value from the whole row: nested lists)
        for place, (name, kind, how) in enumerate(self.plan):
            names.append(name)
            if kind in ("value", "text", "url"):
                if kind == "value":
                    column, write = how[0], _writer(how[1])
                elif kind == "text":
                    column, write = how
                else:
                    column, write = how, self.page_url.writer(request)
                columns.append(position[column])
                if write is not None:
                    conversions.append((place, write))
                continue
            if kind == "many":
                grouped = self._read_many(keys, *how)
            else:
                reader, ordering = how
                grouped = reader.read_children(keys, ordering, request)
            columns.append(0)
            from_rows.append((place, lambda row, g=grouped: g.get(row[0], [])))
        # The row's values in the keys' order in one call, then only the values that
        # need writing are written (most are written as they are stored).
        pick = operator.itemgetter(*columns) if len(columns) > 1 else _one(columns)
        out = []
        for row in rows:
            values = list(pick(row))
            for place, write in conversions:
                value = values[place]
                if value is not None:
                    values[place] = write(value)
            for place, read in from_rows:
                values[place] = read(row)
            out.append(dict(zip(names, values, strict=True)))
        return out

    def _read_many(self, keys, source, slug_field, ordering):
        """The slugs of a many-to-many field for each of the rows `keys`, read from the
        join table."""
        relation = self.model._meta.get_field(source)
        through = relation.remote_field.through
        row, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        listed_in_order = getattr(relation.related_model, "listed_in_order", None)
        if listed_in_order is not None:
            statement = self._statement(
                ("many", source),
                lambda: KeyedStatement(
                    through.objects.values_list(f"{row}_id", f"{target}_id"), f"{row}_id"
                ),
            )
            grouped = _read_listed(statement.rows(keys), slug_field, listed_in_order())
            if grouped is not None:
                return grouped
        pairs = (
            through.objects.filter(**{f"{row}_id__in_keys": keys})
            .order_by(*(_prefixed(item, target) for item in ordering))
            .values_list(f"{row}_id", f"{target}__{slug_field}")
        )
        grouped = defaultdict(list)
        for key, value in pairs:
            grouped[key].append(value)
        return grouped


def _read_listed(pairs, slug_field, listed):
    """The slugs of a many-to-many field per row, from its join table's (row, related
    row) `pairs`, for a related model that lists all its rows in order, kept per data
    version (`listed_in_order()`: the framework's focus areas): the slugs and their
    order come from the list. None when a pair names a row the list does not hold yet
    (read in the last quarter second): the caller reads the join as usual."""
    place = {item.pk: (index, getattr(item, slug_field)) for index, item in enumerate(listed)}
    filed = defaultdict(list)
    for key, target_key in pairs:
        if target_key not in place:
            return None
        filed[key].append(place[target_key])
    return {key: [slug for _, slug in sorted(items)] for key, items in filed.items()}


def _one(columns):
    """The picker of a row's single key (itemgetter of one index gives no tuple)."""
    (index,) = columns
    return lambda row: (row[index],)


def _prefixed(item, prefix):
    """An ordering item of a related model, as seen from the model relating to it."""
    sign = "-" if item.startswith("-") else ""
    return f"{sign}{prefix}__{item.lstrip('-')}"


def _utc_timestamp(text):
    """PostgreSQL's `YYYY-MM-DDTHH:MI:SS.US` in UTC as DRF writes it: microseconds only
    when there are any, and a Z."""
    return text[:-7] + "Z" if text.endswith(".000000") else text + "Z"


def _iso_8601(field, default):
    """Whether a DRF date or time field writes ISO 8601 (DRF's default format)."""
    output = getattr(field, "format", default)
    return output is not None and output.lower() == ISO_8601


def _zone(field):
    """The time zone a DRF datetime field writes in (None: naive)."""
    return field.timezone if hasattr(field, "timezone") else field.default_timezone()


def _plain_decimal(field):
    """Whether a DRF decimal field writes its value as text at its own scale."""
    return (
        getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and field.decimal_places is not None
        and not field.normalize_output
        and not field.localize
    )


def _as_text(field, model_field, column):
    """On PostgreSQL, a column the database can write as the text DRF writes (a UUID,
    a decimal at the field's own scale, an ISO 8601 date, a UTC timestamp): the
    expression that reads it as that text, and how a row's text is written, or None.
    Such values then cost no Python object and no conversion each (a page of ten
    action plans with their projects holds about 500 of them). Only the row's own
    columns; the SQL and the serializer's field decide, so
    tests/core/test_list_reader.py compares the pages with DRF's on PostgreSQL too."""
    from django.db import connection

    if connection.vendor != "postgresql" or "__" in column:
        return None
    representation = type(field).to_representation
    if representation is drf_fields.UUIDField.to_representation:
        if isinstance(model_field, models.UUIDField) and field.uuid_format == "hex_verbose":
            return Cast(column, models.TextField()), None
    elif representation is drf_fields.DecimalField.to_representation:
        if (
            isinstance(model_field, models.DecimalField)
            and _plain_decimal(field)
            and field.decimal_places == model_field.decimal_places
        ):
            return Cast(column, models.TextField()), None
    elif representation is drf_fields.DateTimeField.to_representation:
        zone = _zone(field)
        utc = zone is not None and zone.utcoffset(None) == datetime.timedelta(0)
        if (
            isinstance(model_field, models.DateTimeField)
            and _iso_8601(field, api_settings.DATETIME_FORMAT)
            and utc
        ):
            text = Func(
                models.F(column),
                function="to_char",
                template="to_char(%(expressions)s AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
                output_field=models.TextField(),
            )
            return text, _utc_timestamp
    elif (
        representation is drf_fields.DateField.to_representation
        and type(model_field) is models.DateField
        and _iso_8601(field, api_settings.DATE_FORMAT)
    ):
        text = Func(
            models.F(column),
            function="to_char",
            template="to_char(%(expressions)s, 'YYYY-MM-DD')",
            output_field=models.TextField(),
        )
        return text, None
    return None


def _writer(represent):
    """The writer of one page's values of a field: DRF's own to_representation, or for
    dates and times in ISO 8601 (DRF's default format) the same text written with the
    page's time zone looked up once instead of once a value."""
    if represent is None:
        return None
    field = getattr(represent, "__self__", None)
    kind = type(field)
    if kind.to_representation is drf_fields.DateTimeField.to_representation and _iso_8601(
        field, api_settings.DATETIME_FORMAT
    ):
        zone = _zone(field)
        if zone is not None:

            def write(value):
                if type(value) is datetime.datetime and value.tzinfo is zone:
                    text = value.isoformat()  # in the zone already (UTC, as read)
                elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    text = value.astimezone(zone).isoformat()
                else:
                    return represent(value)  # naive or text: DRF's own way
                return text[:-6] + "Z" if text.endswith("+00:00") else text

            return write
    if kind.to_representation is drf_fields.DateField.to_representation and _iso_8601(
        field, api_settings.DATE_FORMAT
    ):
        return lambda value: value.isoformat() if type(value) is datetime.date else represent(value)
    if kind.to_representation is drf_fields.DecimalField.to_representation and _plain_decimal(
        field
    ):
        exponent = -field.decimal_places

        def write_decimal(value):
            # The column's own scale is the field's: quantizing changes nothing.
            if type(value) is decimal.Decimal and value.as_tuple().exponent == exponent:
                return f"{value:f}"
            return represent(value)

        return write_decimal
    return represent


@functools.cache
def for_serializer(serializer_class):
    """The reader of a serializer class, or None when its rows need DRF's own path."""
    try:
        return ValuesReader(serializer_class)
    except Unreadable:
        return None


class ValuesListMixin:
    """For a list view set: JSON pages are read by the serializer's `ValuesReader`
    (`.values_list()`: page 1 in one query, deeper pages keys first), the same data as
    DRF's path for less time. Put it
    after the download mixin, whose file formats keep their own path."""

    def list(self, request, *args, **kwargs):
        reader = for_serializer(self.get_serializer_class())
        if reader is None or not isinstance(self.paginator, PortalPagination):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        self.paginator.columns = reader.columns  # the page as tuples of these
        rows = self.paginate_queryset(queryset.select_related(None).prefetch_related(None))
        return self.get_paginated_response(reader.represent(rows, request))
