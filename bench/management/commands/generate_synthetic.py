"""Create a deterministic synthetic network for benchmarks (see bench/README.md)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic import synthetic_delete, synthetic_generate


class Command(BaseCommand):
    help = (
        "Add N synthetic cities (slugs starting 'syn-') with plans in every workflow state, "
        "M projects per city and partnerships; the same seed gives the same network. "
        "Replaces an earlier synthetic network; reference data is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=1000)
        parser.add_argument("--projects-per-city", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--delete", action="store_true", help="only remove it")

    def handle(self, *args, cities, projects_per_city, seed, delete, **options):
        if delete:
            synthetic_delete()
            self.stdout.write("synthetic network removed")
            return
        if cities < 0 or projects_per_city < 0:
            raise CommandError("--cities and --projects-per-city must not be negative")
        started = time.perf_counter()
        made = synthetic_generate(cities=cities, projects_per_city=projects_per_city, seed=seed)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in made.items())
            + f" in {elapsed:.1f} s (seed {seed})"
        )
