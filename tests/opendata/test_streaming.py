"""Downloads are streamed in pieces as rows are read, with a number of queries that does
not grow with the number of rows."""

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from core.downloads import CSV_ROWS_PER_WRITE
from opendata.registry import DATASETS
from tests.querycount import build_network


def test_a_5000_row_download_is_streamed_in_pieces(client, db):
    build_network(5000)
    response = client.get("/data/cities.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming
    assert not response.has_header("Content-Length")
    chunks = iter(response.streaming_content)
    header = next(chunks)
    # The first piece is the header alone: it leaves before the rows are all read.
    assert header.startswith("\ufeffslug,name".encode())
    assert header.count(b"\r\n") == 1
    rest = list(chunks)
    assert len(rest) == 5000 // CSV_ROWS_PER_WRITE
    assert max(len(chunk) for chunk in rest) < 200_000
    assert sum(chunk.count(b"\r\n") for chunk in rest) == 5000


@pytest.mark.parametrize("fmt", ["json", "geojson", "xlsx"])
def test_other_formats_stream_too(client, db, fmt):
    build_network(1200)
    response = client.get(f"/data/projects.{fmt}")
    assert isinstance(response, StreamingHttpResponse)
    assert len(list(response.streaming_content)) > 1


def _download_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.parametrize("key", list(DATASETS))
def test_download_queries_do_not_grow_with_rows(client, db, key):
    build_network(10, prefix="small")
    small = _download_queries(client, f"/data/{key}.csv")
    build_network(490, prefix="large")
    large = _download_queries(client, f"/data/{key}.csv")
    assert large == small, (key, small, large)


@pytest.mark.parametrize("url", ["/api/v1/projects/?format=csv", "/api/v1/cities/?format=xlsx"])
def test_api_download_queries_do_not_grow_with_rows(client, db, url):
    build_network(10, prefix="small")
    small = _download_queries(client, url)
    build_network(490, prefix="large")
    assert _download_queries(client, url) == small


@pytest.mark.parametrize("url", ["/data/", "/data/cities/", "/data/datapackage.json"])
def test_catalogue_queries_do_not_grow_with_rows(client, db, url):
    from tests.querycount import count_queries

    build_network(10, prefix="small")
    small = count_queries(client, url)
    build_network(490, prefix="large")
    assert count_queries(client, url) == small
