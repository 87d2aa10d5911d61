"""Pagination for the API and the HTML lists, cheap on a cache miss at any depth.

Page-number pagination, 50 rows a page by default, 200 at most: asking for more than
the maximum (`?page_size=10000`) gives the maximum, never an error and never everything.

Two costs of a stock paginator are avoided:

- **The count.** `COUNT(*)` over a filtered join (projects of published plans of active
  cities) is as dear as the page itself. It is asked of the base query with no ordering,
  no `select_related` and no prefetch, and the answer is kept in the shared cache under
  the public data version (`core.cache.public_version`, bumped by every change to the
  models the lists read), so it stays correct after an edit and is shared by every
  process, every page of the same filter and every reader whose query is the same SQL.
- **Deep pages.** The page's primary keys are read first (the filters and the ordering
  only, `LIMIT/OFFSET` on a narrow row), then the page's rows are fetched by key with
  their joins and prefetches, so neither is computed for skipped rows and page 200 costs
  about what page 1 costs (page 1 skips nothing: it is read in one query). `next` and
  `previous` links are unchanged.
"""

import hashlib
import logging
import operator

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from core.cache import counts, public_version
from core.db import kept_rows, planned_for_their_values

logger = logging.getLogger(__name__)

COUNT_SECONDS = 60  # a bound on staleness should a data version be missed


def count_key(queryset, rows=None):
    """The cache key of a queryset's row count: its SQL and parameters, per database;
    or, given `rows` (a text that names the same rows as surely as the SQL would: a
    list's base and its filters' values, see core.pages.FilteredPageMixin.rows_key),
    that text, which spares compiling the count's SQL."""
    if rows is None:
        query = queryset.order_by().values("pk").query
        sql, params = query.sql_with_params()
        rows = repr((sql, params))
    digest = hashlib.sha256(repr((queryset.db, rows)).encode()).hexdigest()
    return f"count:{public_version()}:{digest}"


def cached_count(queryset, rows=None):
    """How many rows the queryset holds, asked of the database once per data version
    (`rows`: see count_key).

    Anything but a QuerySet (a list) is counted directly. A cache outage only makes
    the count dearer: it is logged and the database answers."""
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    if queryset.query.is_empty():  # `.none()`: invalid filters list nothing
        return 0
    if queryset.model._meta.label not in settings.ASCN_PUBLIC_MODELS:
        # The key's data version moves only with the public models: a count of anything
        # else (a reader's expressions of interest) would stay stale for a minute, and
        # the page would be cut to it. Such lists are one reader's and short.
        return queryset.order_by().count()
    plain = queryset.order_by()
    if queryset._fields is None:  # rows, not values: their joins cost the count nothing
        plain = plain.select_related(None).prefetch_related(None)
    try:
        key = count_key(plain, rows)
        count = counts.get(key)
        if count is not None:
            return count
        count = cache.get(key)
    except Exception:  # a dead cache must not fail the list
        logger.warning("count cache unavailable", exc_info=True)
        return plain.count()
    if count is None:
        with planned_for_their_values(plain.db):
            count = plain.count()
        try:
            cache.set(key, count, COUNT_SECONDS)
        except Exception:
            logger.warning("count cache unavailable", exc_info=True)
    counts.set(key, count, nbytes=len(key) + 64)
    return count


def totally_ordered(queryset):
    """The queryset in its own order, then by key: rows that tie on the ordering (two
    cities of one name) keep one order across the queries of one page and the next, so
    none is shown twice or skipped."""
    if not queryset.ordered:
        return queryset
    query = queryset.query
    ordering = list(query.order_by or (query.get_meta().ordering if query.default_ordering else []))
    if not ordering or any(
        isinstance(item, str) and item.lstrip("-") in ("pk", "id", "?") for item in ordering
    ):
        return queryset
    return queryset.order_by(*ordering, "pk")


def page_rows(queryset, bottom, top, columns=None, named=True, rows_key=None):
    """Rows `bottom:top` of the queryset, in its order. Page 1 is read in one query;
    deeper pages read their keys first (the filters and the ordering only, on a narrow
    row), then the rows themselves by key, so nothing is computed for the skipped rows.

    The rows are model instances with the queryset's joins and prefetches, or with
    `columns` (which name "pk") tuples of those columns (`values_list(*columns,
    named=named)`), whose joins the keys' query leaves out. With `rows_key` (see
    count_key) and columns, page 1's SQL is compiled once per process for that key
    (core.db.kept_rows)."""
    if not isinstance(queryset, QuerySet):
        return queryset[bottom:top]
    queryset = totally_ordered(queryset)
    rows = queryset.values_list(*columns, named=named) if columns else queryset
    if bottom == 0:
        if rows_key is not None and columns:
            return kept_rows(("page", rows_key, top, tuple(columns), named), rows[:top])
        return list(rows[:top])
    keys = list(queryset.values_list("pk", flat=True)[bottom:top])
    if not keys:
        return []
    key_of = operator.itemgetter(columns.index("pk")) if columns else operator.attrgetter("pk")
    by_key = {key_of(row): row for row in rows.order_by().filter(pk__in=keys)}
    return [by_key[key] for key in keys if key in by_key]


class CachedCountPaginator(Paginator):
    """Django's paginator with the count cached per data version (for the admin's
    lists, whose single-page lists skip the paginator and fetch every row at once).
    `rows_key`: see count_key."""

    def __init__(self, *args, rows_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows_key = rows_key

    @cached_property
    def count(self):
        return cached_count(self.object_list, self.rows_key)


class KeysFirstPaginator(CachedCountPaginator):
    """A paginator with a cached count and pages fetched keys first; with `columns`, a
    page's rows are those columns as named values (an HTML list that shows a few
    columns of each row needs no model instances)."""

    def __init__(self, *args, columns=None, named=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.named = named

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = page_rows(
            self.object_list, bottom, top, self.columns, self.named, rows_key=self.rows_key
        )
        return self._get_page(rows, number, self)


class PortalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    # Set by core.list_reader: the page's rows as tuples of these columns, not instances.
    columns = None

    def django_paginator_class(self, object_list, per_page):
        return KeysFirstPaginator(object_list, per_page, columns=self.columns, named=False)
