"""The benchmarks' floor: a fixed small JSON answer through the same server and
middleware, no database. Routed only when BENCH_FLOOR is on."""

from django.http import JsonResponse


def bench_floor(request):
    """The answer every endpoint's throughput is compared with."""
    return JsonResponse({"status": "ok", "service": "ascn-portal"})
