"""Where the time of a list goes when the response cache cannot help. For each list of
the benchmark (LISTS in bench/run.py), in-process with Django's test client and a query
string never asked before (a cache miss, as the kit's miss rows send): the SQL of one
request, each query's plan run with EXPLAIN ANALYZE, the request timed without a
profiler (best of --repeat: the machine is shared) and split into SQL and Python, the
API views' own steps timed apart (COUNT, page rows, serializer, renderer), and one
request under cProfile with the cumulative time of each phase and the functions with
the most own time.

Runs against the database the benchmark kit leaves behind and changes nothing in it:

    .venv/bin/python bench/run.py --cities 12000 --projects-per-city 10 --no-map
    .venv/bin/python bench/profile_lists.py                     # every list, anonymous
    .venv/bin/python bench/profile_lists.py --read both --only /api/v1/projects/
    .venv/bin/python bench/profile_lists.py --plans             # the full plans too

To try an index before writing its migration, profile a copy:
`createdb -T ascn_bench ascn_bench_whatif`, create the index there, `ANALYZE`, then
`--database ascn_bench_whatif` (and drop the copy afterwards).

Findings are written up in bench/PROFILE.md; re-run this after a fix to compare."""

import argparse
import cProfile
import itertools
import json
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import BENCH_USER, LISTS, list_placeholders  # noqa: E402

# Phases of a request, found by (file path fragment, function name) in the profile;
# their cumulative times overlap where one calls another (rendering includes the
# serializer's fields only when the serializer is lazy: DRF's is not).
PHASES = [
    ("authentication", "rest_framework/request.py", "_authenticate"),
    ("session and user", "django/contrib/auth/middleware.py", "get_user"),
    ("throttles", "rest_framework/views.py", "check_throttles"),
    ("filters (FilterSet)", "rest_framework/generics.py", "filter_queryset"),
    ("pagination (COUNT, page query, rows)", "rest_framework/pagination.py", "paginate_queryset"),
    ("COUNT (Paginator.count)", "django/core/paginator.py", "count"),
    ("serializer .data", "rest_framework/serializers.py", "data"),
    ("row to_representation", "rest_framework/serializers.py", "to_representation"),
    ("JSON rendering", "rest_framework/renderers.py", "render"),
    ("template rendering", "django/template/response.py", "rendered_content"),
    ("view get_context_data", "django/views/generic/", "get_context_data"),
    ("ETag (ConditionalGet)", "django/middleware/http.py", "process_response"),
    ("response cache write (Redis)", "django/core/cache/backends/redis.py", "set_many"),
    ("SQL execute (driver)", "django/db/backends/utils.py", "_execute"),
    ("querysets evaluated (SQL + rows)", "django/db/models/query.py", "_fetch_all"),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="ascn_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--read", choices=["anonymous", "signed-in", "both"], default="anonymous")
    parser.add_argument("--only", help="only the lists whose path contains this")
    parser.add_argument("--repeat", type=int, default=3, help="requests timed per list")
    parser.add_argument("--plans", action="store_true", help="print every query's full plan")
    parser.add_argument("--top", type=int, default=12, help="functions listed by own time")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def configure(args, static_root):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ascn.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"{args.pg}/{args.database}",
            "REDIS_URL": args.redis,
            "STATIC_ROOT": str(static_root),
            "API_ANON_RATE": "100000000/min",
            "API_USER_RATE": "100000000/min",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    # Pages name hashed static files: they need the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)


def headers_for(kind, read):
    """Test-client headers of the read: a token on the API, a session cookie on pages."""
    if read == "anonymous":
        return {}
    from django.conf import settings
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    user = User.objects.get(username=BENCH_USER)
    if kind == "api":
        token, _ = Token.objects.get_or_create(user=user)
        return {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    client = Client()
    client.force_login(user)
    return {
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}="
        f"{client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ', re.S)


def explain(sql):
    """EXPLAIN ANALYZE of one captured query: (execution ms, the plan's JSON)."""
    from django.db import connection

    sql = CURSOR.sub("", sql)
    if not sql.lstrip().upper().startswith("SELECT"):
        return None, None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Execution Time"], plan[0]


def explain_text(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + CURSOR.sub("", sql))
        return "\n".join(row[0] for row in cursor.fetchall())


def node_label(node):
    label = node["Node Type"]
    for key in ("Relation Name", "Index Name", "Join Type", "Strategy"):
        if key in node:
            label += f" {node[key]}"
    for key in ("Index Cond", "Filter", "Hash Cond", "Sort Key", "Sort Method"):
        if key in node:
            value = node[key] if isinstance(node[key], str) else ", ".join(node[key])
            label += f" [{key}: {value[:90]}]"
    if "Subplan Name" in node:
        label = f"{node['Subplan Name']}: {label}"
    return label


def costly_nodes(plan, count=3):
    """The plan's nodes by their own time (minus their children's), loops included."""
    nodes = []

    def walk(node):
        total = node.get("Actual Total Time", 0) * node.get("Actual Loops", 1)
        children = node.get("Plans", [])
        own = total - sum(
            c.get("Actual Total Time", 0) * c.get("Actual Loops", 1)
            for c in children
            if c.get("Parent Relationship") != "InitPlan"
        )
        nodes.append(
            (max(own, 0), node.get("Actual Loops", 1), node.get("Actual Rows", 0), node_label(node))
        )
        for child in children:
            walk(child)

    walk(plan["Plan"])
    nodes.sort(key=lambda n: -n[0])
    return nodes[:count]


def outer_from(sql):
    """The index of the outermost FROM (not one inside a subquery), or -1."""
    depth = 0
    for match in re.finditer(r"[()]|\bFROM\b", sql):
        part = match.group()
        if part == "(":
            depth += 1
        elif part == ")":
            depth -= 1
        elif depth == 0:
            return match.start()
    return -1


def short_sql(sql, width=160):
    """The query on one line: the select list counted, not spelled out."""
    sql = CURSOR.sub("[server-side cursor] ", sql)
    sql = re.sub(r'"(\w+)"\."(\w+)"', r"\1.\2", sql)
    sql = re.sub(r'"(\w+)"', r"\1", sql)
    start = outer_from(sql)
    select = sql.find("SELECT ")
    if start > 0 and select >= 0 and start - select > 80:
        columns = sql[select + 7 : start]
        subqueries = columns.count("(SELECT")
        extra = f", {subqueries} subqueries" if subqueries else ""
        sql = f"{sql[: select + 7]}<{columns.count(',') + 1} columns{extra}> {sql[start:]}"
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def phase_times(stats):
    """Cumulative ms of each phase: the largest cumulative time among matching functions
    (the outermost call, not the sum of nested ones)."""
    result = {}
    for name, path_fragment, function in PHASES:
        best = 0.0
        for (filename, _line, funcname), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if funcname == function and path_fragment in filename:
                best = max(best, ct)
        if best:
            result[name] = best * 1000
    return result


def top_functions(stats, count):
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:count]
    return [
        (tt * 1000, nc, f"{Path(filename).name}:{line}({funcname})")
        for (filename, line, funcname), (_cc, nc, tt, _ct, _callers) in rows
    ]


class QueryTimer:
    """An execute wrapper timing each query to the microsecond (the debug cursor's
    record rounds to the millisecond); a server-side cursor's fetches are not timed."""

    def __init__(self):
        self.times = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times.append((time.perf_counter() - started) * 1000)


MISSES = itertools.count()


def missing(path):
    """The path with a query string never asked before, as the kit's miss rows send:
    the response cache does not know it, the views ignore it (bench/README.md)."""
    return f"{path}{'&' if '?' in path else '?'}_bench=profile-{os.getpid()}-{next(MISSES)}"


def timed_request(client, path, headers):
    """One request the response cache cannot answer: (wall ms, [(query ms, SQL)],
    response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timer = QueryTimer()
    path = missing(path)
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(path, **headers)
        wall = (time.perf_counter() - started) * 1000
    sqls = [q["sql"] for q in captured.captured_queries]
    return wall, list(zip(timer.times, sqls, strict=True)), response


def profile(path, headers, args):
    from django.test import Client

    client = Client()
    client.get(missing(path), **headers)  # imports, templates, connections, versions
    # Wall and SQL time without the profiler: the fastest of --repeat requests (on a
    # shared machine the fastest is the least disturbed).
    runs = sorted(
        (timed_request(client, path, headers) for _ in range(args.repeat)), key=lambda r: r[0]
    )
    wall, queries, response = runs[0]
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(missing(path), **headers)
    profiler.disable()
    stats = pstats.Stats(profiler)
    split = api_split(path, headers, max(args.repeat, 5))
    return {
        "split": split,
        "status": response.status_code,
        "bytes": len(response.content),
        "wall_ms": wall,
        "queries": queries,
        "phases": phase_times(stats),
        "top": top_functions(stats, args.top),
        "profiled_ms": stats.total_tt * 1000,
    }


def best_ms(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def api_split(path, headers, repeat):
    """For an API list view: the view's own steps timed apart, without the profiler
    (best of `repeat`): the COUNT, the page's rows (query, model instances,
    prefetches), the serializer and the JSON renderer. None for other views."""
    from urllib.parse import urlsplit

    from django.urls import resolve
    from rest_framework.test import APIRequestFactory

    match = resolve(urlsplit(path).path)
    view_class, actions = getattr(match.func, "cls", None), getattr(match.func, "actions", None)
    if view_class is None or not actions or actions.get("get") != "list":
        return None
    view = view_class(**match.func.initkwargs)
    view.action_map, view.action, view.format_kwarg = actions, "list", None
    view.args, view.kwargs, view.headers = (), match.kwargs, {}
    view.request = view.initialize_request(APIRequestFactory().get(path, **headers))
    view.request.user  # noqa: B018 (authenticates, as the view would first)

    def queryset():
        return view.filter_queryset(view.get_queryset())

    page = view.paginate_queryset(queryset())
    data = view.get_serializer(page, many=True).data
    renderer = view.get_renderers()[0]
    count_ms = best_ms(lambda: queryset().count(), repeat)
    page_ms = best_ms(lambda: list(view.paginate_queryset(queryset())), repeat)
    return {
        "COUNT query": count_ms,
        "page rows (query, instances, prefetches)": page_ms - count_ms,
        "serializer .data": best_ms(lambda: view.get_serializer(page, many=True).data, repeat),
        "JSON renderer": best_ms(lambda: renderer.render(data), repeat),
    }


def report(path, read, result, args):
    print(f"\n## {path} ({read}): {result['status']}, {result['bytes']} bytes")
    sql_ms = sum(ms for ms, _ in result["queries"])
    print(
        f"wall {result['wall_ms']:.1f} ms (best of {args.repeat}, each a cache miss, no "
        "profiler), "
        f"of which SQL {sql_ms:.1f} ms in {len(result['queries'])} queries, "
        f"so Python {result['wall_ms'] - sql_ms:.1f} ms"
    )
    print("\nqueries (ms in that request; EXPLAIN ANALYZE execution ms; costliest plan nodes):")
    plans = []
    for number, (ms, sql) in enumerate(result["queries"], 1):
        kind = "COUNT" if re.match(r"SELECT COUNT\(\*\)", CURSOR.sub("", sql)) else "rows"
        execution, plan = explain(sql)
        shown = f"{execution:.1f}" if execution is not None else "-"
        print(f"  {number}. {ms:7.1f} ms  explain {shown:>7} ms  [{kind}] {short_sql(sql)}")
        if plan is not None:
            for own, loops, rows, label in costly_nodes(plan):
                print(f"        {own:8.1f} ms own, {loops} loops, {rows} rows: {label}")
            plans.append({"sql": sql, "ms": ms, "execution_ms": execution})
            if args.plans:
                print("\n".join("        | " + line for line in explain_text(sql).splitlines()))
    if result["split"]:
        print(f"\nthe view's steps apart (ms, no profiler, best of {max(args.repeat, 5)}):")
        for name, ms in result["split"].items():
            print(f"  {ms:8.1f}  {name}")
    print(f"\nphases (cumulative ms under cProfile, {result['profiled_ms']:.0f} ms profiled):")
    for name, ms in result["phases"].items():
        print(f"  {ms:8.1f}  {name}")
    print("\nfunctions by own time (ms, calls):")
    for ms, calls, name in result["top"]:
        print(f"  {ms:8.1f} {calls:>8}  {name}")
    return {**result, "path": path, "read": read, "sql_ms": sql_ms, "plans": plans}


def main(argv=None):
    args = parse_args(argv or sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="ascn-profile-static-") as static_root:
        configure(args, static_root)
        from cities.models import City

        values = list_placeholders()
        print(
            f"# Cold-path profile: {City.objects.count()} cities in {args.database}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        )
        reads = ["anonymous", "signed-in"] if args.read == "both" else [args.read]
        results = []
        for endpoint in LISTS:
            path = endpoint.path
            for name, value in values.items():
                path = path.replace("{" + name + "}", value)
            if args.only and args.only not in path:
                continue
            for read in reads:
                headers = headers_for(endpoint.kind, read)
                results.append(report(path, read, profile(path, headers, args), args))
        from core.cache import caches_clear

        caches_clear()  # the misses' answers (Redis database of the kit)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
