"""P2 compares fudao with the echo bot in pairs taken in turns, and reports the median pair."""

from __future__ import annotations

from benchmarks.chat import Rate, in_turns, paired


async def test_the_pairs_alternate_who_goes_first_and_keep_fudao_first_in_each_pair() -> None:
    ran: list[str] = []

    async def fudao(i: int) -> Rate:
        ran.append(f"fudao {i}")
        return Rate(100.0 + i, 5.0)

    async def echo(i: int) -> Rate:
        ran.append(f"echo {i}")
        return Rate(500.0 + i, 2.0)

    pairs = await in_turns(3, fudao, echo)

    assert ran == ["fudao 0", "echo 0", "echo 1", "fudao 1", "fudao 2", "echo 2"]
    assert [(mine.per_second, theirs.per_second) for mine, theirs in pairs] == [
        (100.0, 500.0),
        (101.0, 501.0),
        (102.0, 502.0),
    ]


def test_the_line_gives_the_median_pair_and_the_range_of_the_pairs() -> None:
    pairs = [
        (Rate(150.0, 6.0), Rate(500.0, 1.8)),  # 0.30 ×
        (Rate(250.0, 4.0), Rate(500.0, 2.0)),  # 0.50 ×
        (Rate(160.0, 5.0), Rate(400.0, 2.0)),  # 0.40 ×, the median
    ]

    line = paired(pairs)

    assert line.startswith("160/s (5.0 ms CPU each) vs echo bot 400/s (2.0 ms CPU each): 0.40×")
    assert "median of 3 pairs taken in turns, 0.30–0.50×" in line
    # By CPU: 1.8/6.0 = 0.30, 2.0/4.0 = 0.50, 2.0/5.0 = 0.40; the median is 0.40.
    assert line.endswith("0.40× by CPU)")
