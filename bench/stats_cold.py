"""The statistics page's worst read: the first one after an edit, when every cache is
empty. In-process with Django's test client against a database the benchmark kit left
(12,000 cities and 120,000 projects: `bench/run.py --cities 12000 --projects-per-city 10`),
it empties every cache (`core.cache.caches_clear()`: the shared cache, this process's
memory of answers and of data versions) before each request, so each request computes
every figure and the choropleth, and times:

- `/statistics/` and `/statistics/?member_state=VN`, --repeat times each, cold: p50,
  p95 and the fastest, split into SQL and Python;
- each query of one cold request: its time in the request (median over the repeats)
  and, with --explain, its EXPLAIN ANALYZE execution time and costliest plan nodes.

It changes nothing in the database (it empties the Redis database it is given):

    .venv/bin/python bench/stats_cold.py --database ascn_bench --redis redis://127.0.0.1:6379/14
    .venv/bin/python bench/stats_cold.py --repeat 30 --explain

Results are written up in bench/RESULTS.md ("the statistics page's first read after an
edit"). The machine is shared: compare runs made back to back."""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from profile_lists import QueryTimer, configure, costly_nodes, explain, short_sql  # noqa: E402

PATHS = ["/statistics/", "/statistics/?member_state=VN"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ascn_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--repeat", type=int, default=20, help="cold requests timed per path")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each query")
    parser.add_argument("--width", type=int, default=150, help="characters of SQL shown")
    parser.add_argument("--path", action="append", help="a path to time (default: both)")
    return parser.parse_args(argv)


def percentile(values, share):
    """The nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def cold_request(client, path):
    """One request with every cache emptied first: (wall ms, [(query ms, SQL)], status)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import caches_clear

    caches_clear()
    timer = QueryTimer()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(path)
        wall = (time.perf_counter() - started) * 1000
    sqls = [query["sql"] for query in captured.captured_queries]
    return wall, list(zip(timer.times, sqls, strict=True)), response.status_code


def measure(client, path, args):
    client.get(path)  # imports, templates, connections
    runs = [cold_request(client, path) for _ in range(args.repeat)]
    walls = [wall for wall, _queries, _status in runs]
    sql = [sum(ms for ms, _sql in queries) for _wall, queries, _status in runs]
    statuses = {status for _wall, _queries, status in runs}
    counts = {len(queries) for _wall, queries, _status in runs}
    print(f"\n## {path} cold ({args.repeat} requests, every cache emptied before each)")
    print(f"status {sorted(statuses)}, queries {sorted(counts)}")
    print(
        f"wall p50 {percentile(walls, 0.5):.1f} ms, p95 {percentile(walls, 0.95):.1f} ms, "
        f"best {min(walls):.1f} ms; SQL p50 {percentile(sql, 0.5):.1f} ms, "
        f"so Python about {percentile(walls, 0.5) - percentile(sql, 0.5):.1f} ms"
    )
    shown = "median ms in the request over the runs" + (
        ", EXPLAIN ANALYZE ms" if args.explain else ""
    )
    print(f"\nqueries ({shown}):")
    queries = runs[0][1]
    for number, (_ms, sql) in enumerate(queries, 1):
        times = [run[1][number - 1][0] for run in runs if len(run[1]) == len(queries)]
        line = f"  {number:2}. {statistics.median(times):7.2f} ms"
        plan = None
        if args.explain:
            execution, plan = explain(sql)
            line += "  explain       -" if execution is None else f"  explain {execution:7.2f} ms"
        print(f"{line}  {short_sql(sql, args.width)}")
        if plan is not None:
            for own, loops, rows, label in costly_nodes(plan):
                print(f"         {own:8.2f} ms own, {loops} loops, {rows} rows: {label[:140]}")
    return {"path": path, "p50": percentile(walls, 0.5), "p95": percentile(walls, 0.95)}


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="ascn-stats-static-") as static_root:
        configure(args, static_root)
        from django.test import Client

        from cities.models import City
        from plans.models import PriorityProject

        print(
            f"# /statistics/ cold: {City.objects.count()} cities, "
            f"{PriorityProject.objects.count()} projects in {args.database}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        client = Client()
        results = [measure(client, path, args) for path in args.path or PATHS]
        print("\n| path | cold p50 | cold p95 |\n| --- | --- | --- |")
        for result in results:
            print(f"| `{result['path']}` | {result['p50']:.0f} ms | {result['p95']:.0f} ms |")


if __name__ == "__main__":
    main()
