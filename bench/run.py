"""The portal's benchmark: a synthetic network in PostgreSQL, the portal under gunicorn
on 127.0.0.1 with Redis as cache, wrk driving each endpoint, and a table of requests per
second, latency percentiles, queries per request and response bytes, each endpoint's
throughput also given as a share of the floor (a fixed small JSON from the same
server). Headless Chromium measures when the home map is ready.

    .venv/bin/python bench/run.py --cities 12000 --projects-per-city 10
    .venv/bin/python bench/run.py --smoke          # tiny and quick: CI runs this

It prints figures and asserts nothing; targets are read off the table (bench/README.md).
"""

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "wrk_report.lua"
BENCH_USER, BENCH_PASSWORD = "bench-user", "bench-password-not-secret"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=12000)
    parser.add_argument("--projects-per-city", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="ascn_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--no-map", action="store_true", help="skip the browser timing")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--smoke", action="store_true", help="50 cities, 1 s per endpoint")
    args = parser.parse_args(argv)
    if args.smoke:
        args.cities, args.projects_per_city, args.duration = 50, 2, 1
    return args


def configure_environment(args, static_root):
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
            "BENCH_FLOOR": "true",
            "API_ANON_RATE": "100000000/min",
            "API_USER_RATE": "100000000/min",
            "LOG_LEVEL": "WARNING",
        }
    )


def prepare_database(args):
    """A fresh database with the reference data and the synthetic network."""
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    if args.cities:
        call_command(
            "generate_synthetic",
            cities=args.cities,
            projects_per_city=args.projects_per_city,
            seed=args.seed,
        )
    generated = time.perf_counter() - started
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk inserts
    from accounts.models import User

    user = User(username=BENCH_USER, email="bench@example.org")
    user.set_password(BENCH_PASSWORD)
    user.save()
    cache.clear()
    return generated


def endpoints():
    token_body = json.dumps({"username": BENCH_USER, "password": BENCH_PASSWORD})
    return [
        ("floor", "/bench/floor/", "GET", {}, ""),
        ("home page", "/", "GET", {}, ""),
        ("city list page", "/cities/", "GET", {}, ""),
        ("city detail page", "/cities/bangkok/", "GET", {}, ""),
        ("api cities page 1", "/api/v1/cities/", "GET", {}, ""),
        ("api geojson full", "/api/v1/cities/geojson/", "GET", {}, ""),
        ("api geojson 304", "/api/v1/cities/geojson/", "GET", {"If-None-Match": "{etag}"}, ""),
        ("api action plans", "/api/v1/action-plans/", "GET", {}, ""),
        ("marketplace page", "/projects/", "GET", {}, ""),
        (
            "marketplace filtered",
            "/projects/?support=finance&currency=USD&cost_max=20000000",
            "GET",
            {},
            "",
        ),
        ("api projects seeking", "/api/v1/projects/?seeking_partners=true", "GET", {}, ""),
        (
            "api token",
            "/api/v1/auth/token/",
            "POST",
            {"Content-Type": "application/json"},
            token_body,
        ),
    ]


def queries_and_bytes(path, method, headers, body):
    """Queries the view costs for one request, counted in-process with Django's test
    client with the caches emptied (a cached answer costs none)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.cache import caches_clear

    client = Client()
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"
    }
    call = getattr(client, method.lower())
    kwargs = {"content_type": "application/json", "data": body} if method == "POST" else {}
    call(path, **kwargs, **extra)  # warm-up: imports, connections, templates
    caches_clear()
    with CaptureQueriesContext(connection) as context:
        response = call(path, **kwargs, **extra)
    size = len(response.content) if not response.streaming else 0
    return len(context.captured_queries), size, response.status_code


def start_server(args):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "ascn.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.worker_threads),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz/", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # Not up yet; a worker still loading the app can take longer than the timeout.
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz/ within 60 s")


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def geojson_etag(args):
    url = f"http://127.0.0.1:{args.port}/api/v1/cities/geojson/"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers["ETag"]


def run_wrk(args, path, method, headers, body, duration=None):
    env = {
        **os.environ,
        "WRK_METHOD": method,
        "WRK_BODY": body,
        "WRK_HEADERS": "|".join(f"{k}: {v}" for k, v in headers.items()),
    }
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{args.port}{path}",
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def map_ready(args):
    """Milliseconds from navigation to the home map's markers and list being in place,
    and from a click on zoom-in to the map having zoomed, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # bypass_csp: wait_for_function evaluates a string, which the portal's CSP forbids.
        page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page.goto(f"http://127.0.0.1:{args.port}/")
        page.wait_for_function("window.ascnMapReady !== undefined", timeout=60_000)
        ready = page.evaluate("window.ascnMapReady")
        # (In a function: evaluating the assignment itself would wait for the promise.)
        page.evaluate(
            "() => { window.__zoomed = new Promise(r => window.ascnMap.once('zoomend',"
            " () => r(performance.now()))); }"
        )
        clicked = page.evaluate("performance.now()")
        page.click(".leaflet-control-zoom-in")
        zoomed = page.evaluate("window.__zoomed")
        browser.close()
    return ready, (zoomed - clicked) if zoomed else None


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit or "unknown",
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }


def print_table(rows, floor_rps):
    header = (
        f"{'endpoint':<20} {'req/s':>8} {'floor%':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'p99/p50':>7} {'queries':>7} {'bytes':>9} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        w = row["wrk"]
        print(
            f"{row['name']:<20} {w['rps']:>8.0f} {100 * w['rps'] / floor_rps:>6.0f}% "
            f"{w['p50_us'] / 1000:>8.1f} {w['p95_us'] / 1000:>8.1f} {w['p99_us'] / 1000:>8.1f} "
            f"{w['p99_us'] / max(w['p50_us'], 1):>7.1f} {row['queries']:>7} {row['bytes']:>9} "
            f"{w['http_errors'] + w['socket_errors']:>6}"
        )


def main(argv=None):
    args = parse_args(argv or sys.argv[1:])
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    static_root = Path(tempfile.mkdtemp(prefix="ascn-bench-static-"))
    configure_environment(args, static_root)
    generated = prepare_database(args)
    info = {
        **machine(),
        "cities": args.cities,
        "projects_per_city": args.projects_per_city,
        "generate_seconds": round(generated, 1),
        "duration_s": args.duration,
        "connections": args.connections,
        "gunicorn": f"{args.workers} {args.worker_class} x{args.worker_threads}",
    }
    print(json.dumps(info))
    server = start_server(args)
    rows = []
    try:
        for name, path, method, headers, body in endpoints():
            queries, size, status = queries_and_bytes(path, method, headers, body)
            run_wrk(args, path, method, headers, body, duration=1)  # warm every worker up
            # The validator is read after the caches were emptied above, as a client
            # holding the current GeoJSON would send it.
            etag = geojson_etag(args)
            headers = {k: v.replace("{etag}", etag) for k, v in headers.items()}
            result = run_wrk(args, path, method, headers, body)
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "status": status,
                    "queries": queries,
                    "bytes": size,
                    "wrk": result,
                }
            )
        floor_rps = rows[0]["wrk"]["rps"]
        print_table(rows, floor_rps)
        if not args.no_map:
            ready, zoom = map_ready(args)
            info["map_ready_ms"] = round(ready)
            info["map_zoom_ms"] = round(zoom) if zoom is not None else None
            print(
                f"home map ready after {ready:.0f} ms; a zoom click answered in {zoom:.0f} ms"
                if zoom is not None
                else f"home map ready after {ready:.0f} ms"
            )
    finally:
        stop_server(server)
        shutil.rmtree(static_root, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
