"""Every refusal is a cdrpkit InputError, which is also a ValueError."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cdrpkit.errors import InputError
from cdrpkit.stats import (
    assurance,
    cagr,
    compare_to_expected,
    count_interval,
    detectability,
    forecast_at,
    progress_ratio,
    progress_status,
    rate_interval,
    trend_significance,
    wilson_interval,
    xmr,
)

BAD_CALLS: list[tuple[str, Callable[[], object]]] = [
    ("negative count", lambda: count_interval(-1)),
    ("alpha for level", lambda: count_interval(5, 0.05)),
    ("zero denominator", lambda: rate_interval(5, 0)),
    ("zero per", lambda: rate_interval(5, 10, per=0)),
    ("more successes than trials", lambda: wilson_interval(5, 4)),
    ("inverted interval", lambda: compare_to_expected(20, 10, 15, True)),
    ("zero base", lambda: cagr(0, 5, 1)),
    ("integer polarity", lambda: progress_ratio(10, 9, 1, 8, 2, 1)),  # type: ignore[arg-type]
    ("rising thresholds", lambda: progress_status(0.5, 9, 8, False, thresholds=(0, 0.5, 1))),
    ("single value", lambda: forecast_at(0, 5, 1, 4, False)),
    ("1-point series", lambda: xmr([3.0])),
    ("rebase without cause", lambda: xmr([1.0, 2, 3, 4], rebase_at=[(2, "")])),
    ("infinite target", lambda: assurance(xmr([1.0, 2, 3]), float("inf"), False)),
    ("single trend value", lambda: trend_significance(5, 4, 6)),
    ("zero baseline", lambda: detectability(0, -0.04)),
]


@pytest.mark.parametrize("call", [c for _, c in BAD_CALLS], ids=[n for n, _ in BAD_CALLS])
def test_refusals_are_input_errors(call: Callable[[], object]) -> None:
    with pytest.raises(InputError) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert info.value.problems
    assert info.value.problems[0].path


def test_many_bad_values_are_summarised_after_five() -> None:
    with pytest.raises(InputError) as info:
        count_interval([-1] * 8)
    paths = [p.path for p in info.value.problems]
    assert paths == [f"observed[{i}]" for i in range(5)] + ["observed"]
    assert info.value.problems[-1].message == "and 3 more"


def test_a_level_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(InputError, match="level"):
        count_interval(5, "high")  # type: ignore[arg-type]
