"""The benchmark kit as an app: the synthetic-network generator command and the floor
view (served only with BENCH_FLOOR)."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmark kit"
