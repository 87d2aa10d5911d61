"""In-process time of a few pages on a response-cache miss, anonymous and signed in:
Django's test client, a query string never asked before on each request (as the kit's
miss rows send), best and median of --repeat, with the floor view timed alongside so
that runs on a shared machine can be compared (bench/README.md, RESULTS.md).

    .venv/bin/python bench/time_pages.py --database ascn_bench / /cities/ "/cities/{city}/"

To compare two versions of the code, run this from each checkout in turn, a few times
over, and compare the best figures of the same round (the machine drifts between runs).
Placeholders ({city}, {deep_page}) are filled in as bench/run.py fills them."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import profile_lists  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["/", "/cities/", "/cities/{city}/"])
    parser.add_argument("--database", default="ascn_bench")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--read", choices=["anonymous", "signed-in", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=30, help="requests timed per page")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv or sys.argv[1:])
    os.environ["BENCH_FLOOR"] = "true"
    with tempfile.TemporaryDirectory(prefix="ascn-time-static-") as static_root:
        profile_lists.configure(args, static_root)
        from django.test import Client
        from run import list_placeholders

        values = list_placeholders()
        reads = ["anonymous", "signed-in"] if args.read == "both" else [args.read]
        for read in reads:
            headers = profile_lists.headers_for("page", read)
            for page in ["/bench/floor/", *args.paths]:
                path = page
                for name, value in values.items():
                    path = path.replace("{" + name + "}", value)
                client = Client()
                for _ in range(3):  # imports, templates, connections, versions
                    client.get(profile_lists.missing(path), **headers)
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    response = client.get(profile_lists.missing(path), **headers)
                    times.append((time.perf_counter() - started) * 1000)
                print(
                    f"{read:10} {path:42} best {min(times):7.2f} ms  "
                    f"median {statistics.median(times):7.2f} ms  "
                    f"{response.status_code} {len(response.content):>7} bytes",
                    flush=True,
                )
        from core.cache import caches_clear

        caches_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
