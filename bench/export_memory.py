"""Peak memory and time of the open-data downloads at scale: the 120,000-project CSV
(12,000 cities x 10 projects), beside smaller downloads of the same lists, to show that
memory stays flat while the row count grows a hundredfold.

    .venv/bin/python bench/export_memory.py --database ascn_open            # build, measure
    .venv/bin/python bench/export_memory.py --database ascn_open --reuse    # measure again

Each download runs in-process through Django's test client (the whole middleware stack,
no network), read chunk by chunk as a client would. Time is measured on a run without
tracing; peak memory on a second run under `tracemalloc` (Python allocations made while
the response streams), beside the process's resident high-water mark
(`resource.getrusage`). Figures are printed, never asserted."""

import argparse
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOWNLOADS = [
    # (label, URL, signed in as the secretariat?)
    ("projects CSV, one member state", "/data/projects.csv?member_state=BN", True),
    ("projects CSV, all 120,000", "/data/projects.csv", True),
    ("projects CSV, public (approved plans)", "/data/projects.csv", False),
    ("projects via API ?format=csv", "/api/v1/projects/?format=csv", True),
    ("projects JSON, all", "/data/projects.json", True),
    ("projects XLSX, all", "/data/projects.xlsx", True),
    ("cities CSV, all 12,000", "/data/cities.csv", False),
    ("cities GeoJSON, all 12,000", "/data/cities.geojson", False),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cities", type=int, default=12000)
    parser.add_argument("--projects-per-city", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default="ascn_export_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep the database as it is")
    parser.add_argument("--skip-xlsx", action="store_true", help="XLSX is the slowest writer")
    return parser.parse_args(argv)


def configure(args):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ascn.settings",
            "DEBUG": "false",  # with DEBUG on, Django keeps every query in memory
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"{args.pg}/{args.database}",
            "LOG_LEVEL": "WARNING",
        }
    )


def prepare(args):
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", "--if-exists", *host, args.database], check=True)
    subprocess.run(["createdb", *host, args.database], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command(
        "generate_synthetic",
        cities=args.cities,
        projects_per_city=args.projects_per_city,
        seed=args.seed,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def download(client, url):
    """Read the streamed answer chunk by chunk, as a client would; keep only counts."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.streaming, url
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return size, lines


def main(argv=None):
    args = parse_args(argv)
    configure(args)
    if not args.reuse:
        prepare(args)
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from accounts.services import secretariat_group_sync
    from plans.models import PriorityProject

    secretariat, _created = User.objects.get_or_create(
        username="export-bench", defaults={"is_staff": True}
    )
    secretariat.groups.add(secretariat_group_sync())
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(secretariat)
    print(f"projects in the database: {PriorityProject.objects.count():,}")
    print(
        f"{'download':40} {'rows':>9} {'MB':>7} {'seconds':>8} {'rows/s':>9} "
        f"{'peak MB':>8} {'RSS MB':>7}"
    )
    for label, url, as_secretariat in DOWNLOADS:
        if args.skip_xlsx and url.endswith(".xlsx"):
            continue
        client = signed_in if as_secretariat else anonymous
        started = time.perf_counter()
        size, lines = download(client, url)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        download(client, url)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rows = max(lines - 1, 0) if ".csv" in url or "format=csv" in url else None
        rate = f"{rows / seconds:9.0f}" if rows is not None else f"{'-':>9}"
        print(
            f"{label:40} {rows if rows is not None else '-':>9} {size / 1e6:7.1f} "
            f"{seconds:8.2f} {rate} {peak / 1e6:8.1f} {rss:7.0f}"
        )


if __name__ == "__main__":
    main()
