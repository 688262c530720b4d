"""Every polarity input of cdrpkit.stats takes True, False or None (neutral), and nothing else."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from cdrpkit.stats import (
    assurance,
    compare_codes,
    compare_to_expected,
    forecast_at,
    progress,
    progress_ratio,
    progress_status,
    variation,
    xmr,
    xmr_batch,
)

SERIES = [10.0, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]

CALLS: dict[str, Callable[[object], object]] = {
    "compare_to_expected": lambda p: compare_to_expected([10, 10], [20, 20], [5, 25], p),
    "compare_codes": lambda p: compare_codes([10, 10], [20, 20], [5, 25], p),
    "progress_ratio": lambda p: progress_ratio([2806, 12], [2700, 9], 1, [2331, 0], [3, 4], p),
    "progress_status": lambda p: progress_status([0.6, 1.0], [2700, 9], [2331, 0], p),
    "progress": lambda p: progress([2806, 12], [2700, 9], 1, [2331, 0], [3, 4], p),
    "forecast_at": lambda p: forecast_at([0, 1, 2], [[30, 25, 20], [9, 8, 6]], 4, [15, 5], p),
    "variation": lambda p: variation(xmr_batch([SERIES, SERIES]), p),
    "assurance": lambda p: assurance(xmr_batch([SERIES, SERIES]), [40.0, 40.0], p),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize(
    "polarity",
    [True, False, None, np.array([True, False]), [None, True], np.array([None, False])],
    ids=["True", "False", "None", "bool array", "list with None", "object array"],
)
def test_every_polarity_input_takes_true_false_or_none(
    call: Callable[[object], object], polarity: object
) -> None:
    call(polarity)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("bad", [1, 0.0, "lower_is_better", [True, 1], np.array([1, 0])])
def test_every_polarity_input_refuses_numbers_and_text(
    call: Callable[[object], object], bad: object
) -> None:
    with pytest.raises(ValueError, match="polarity is never assumed"):
        call(bad)


def test_the_assessments_float_polarity_converts_without_guessing() -> None:
    # The assessment keeps polarity as 1.0, 0.0 or NaN; np.where makes the three values.
    stored = np.array([1.0, 0.0, np.nan])
    polarity = np.where(np.isnan(stored), None, stored == 1.0)
    assert compare_codes([10] * 3, [20] * 3, [5] * 3, polarity).tolist() == [1, 2, 4]
    single = xmr(SERIES)
    assert variation(single, None)[-1] == "special cause (high)"
