"""The benchmark kit's summary of several rounds (bench/run.py --rounds)."""

from bench import run


def _row(name, rps):
    return {"name": name, "wrk": {"rps": rps}}


def test_each_rows_median_round_is_shared_against_the_median_floor():
    rounds = [
        [_row("floor", 4000), _row("list", 400)],
        [_row("floor", 2000), _row("list", 300)],  # the floor read while the cores were busy
        [_row("floor", 3000), _row("list", 200)],
    ]
    floor, listed = run.median_rounds(rounds)
    assert floor["floor_share"] == 100.0 and floor["wrk"]["rps"] == 3000
    assert listed["wrk"]["rps"] == 300
    assert listed["floor_share"] == 10.0
    assert listed["rounds_rps"] == [400, 300, 200]


def test_an_even_number_of_rounds_shows_the_lower_middle():
    rounds = [[_row("floor", 1000), _row("list", rps)] for rps in (100, 300)]
    assert run.median_rounds(rounds)[1]["floor_share"] == 10.0
