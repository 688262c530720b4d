"""Helpers for the tests of a partnership's own plugin.

Import them in a plugin's tests; put the fixture in its ``conftest.py``::

    # conftest.py
    from cdrpkit.testing import cdrpkit_plugins  # noqa: F401  (a pytest fixture)

    # test_strategy.py
    from cdrpkit.testing import assert_checks_clean, assert_trajectory_reaches

    def test_strategy_checks_clean(cdrpkit_plugins):
        assert_checks_clean("my-partnership-2005", plugins=cdrpkit_plugins)

Each helper raises :class:`AssertionError` with a message that says what was wrong, so a
failing test reads as a report; none of them hides a traceback from cdrpkit itself.
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from cdrpkit.errors import CdrpkitError
from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins, reset_default_plugins

__all__ = [
    "assert_checks_clean",
    "assert_end_values_reached",
    "assert_loads",
    "assert_trajectory_reaches",
    "cdrpkit_plugins",
    "isolated_plugins",
    "plugins_for",
]

Source = str | os.PathLike[str] | Strategy


def isolated_plugins(
    *plugins: tuple[str, object],
    entry_points: bool = True,
    block: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> Plugins:
    """A plugin host of its own, strict, so a broken plugin fails the test at once.

    :param plugins: extra ``(name, module_or_object)`` plugins to register.
    :param entry_points: also load the installed plugins (the usual case).
    :param block: installed plugins (``dist:name`` or a distribution) to leave out.
    :param only: load the installed plugins of these distributions only (see
        :func:`plugins_for`).

    >>> host = isolated_plugins()
    >>> "three-pronged" in host.frameworks
    True
    """
    return Plugins(
        entry_points=entry_points, plugins=plugins, block=block, strict=True, only=only
    )


def distributions_for(dist: str) -> list[str]:
    """``dist``, cdrpkit and every installed distribution ``dist`` depends on, recursively.

    >>> distributions_for("cdrpkit-bvpi")[:2]
    ['cdrpkit-bvpi', 'cdrpkit']
    """
    import re
    from importlib.metadata import PackageNotFoundError, distribution

    found: list[str] = []
    todo = [dist, "cdrpkit"]
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop(0)).lower()
        if name in found:
            continue
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        found.append(name)
        # "cdrpkit-bvpi>=0.1", "pytest>=8; extra == 'test'": runtime dependencies only.
        todo += [re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0] for r in requires if "extra" not in r]
    return found


def plugins_for(dist: str) -> Plugins:
    """A strict host with only the plugins of ``dist``, cdrpkit and ``dist``'s dependencies.

    A partnership's tests then see their own plugin and what it depends on, and nothing
    else installed on the machine (another partnership's rules never join the check).

    >>> host = plugins_for("cdrpkit-bvpi")
    >>> "BVPI" in host.families, "leicester-2005" in host.strategies
    (True, False)
    """
    return isolated_plugins(only=distributions_for(dist))


@pytest.fixture
def cdrpkit_plugins() -> Iterator[Plugins]:
    """A pytest fixture: a fresh, strict plugin host for one test.

    The default host the module-level functions use is reset before and after, so a
    plugin a test registers never leaks into the next test.
    """
    reset_default_plugins()
    yield isolated_plugins()
    reset_default_plugins()


def assert_loads(source: Source, *, plugins: Plugins | None = None) -> Strategy:
    """Load a strategy, failing the test with every problem found if it does not load.

    >>> assert_loads("tests/data/minimal").id
    'minimal'
    """
    from cdrpkit.loading import load

    try:
        return load(source, plugins=plugins)
    except CdrpkitError as exc:
        raise AssertionError(f"strategy {source!s} does not load:\n{exc}") from None


def assert_checks_clean(
    source: Source, *, plugins: Plugins | None = None, allow: Iterable[str] = ("warning", "info")
) -> Strategy:
    """Load a strategy and check it; fail on any finding whose severity is not allowed.

    :param allow: severities that do not fail the test (warnings and notes by default).
    :return: the strategy, for further assertions.

    >>> assert_checks_clean("tests/data/minimal").id
    'minimal'
    """
    from cdrpkit.checks import check

    strategy = assert_loads(source, plugins=plugins)
    allowed = set(allow)
    bad = [f for f in check(strategy, plugins=plugins) if f.severity not in allowed]
    if bad:
        lines = "\n".join(f"  {f}" for f in bad)
        raise AssertionError(f"strategy {strategy.id!r} has {len(bad)} finding(s):\n{lines}")
    return strategy


_ROUNDING = {
    "nearest": decimal.ROUND_HALF_UP,
    "up": decimal.ROUND_CEILING,
    "down": decimal.ROUND_FLOOR,
}


def assert_trajectory_reaches(
    strategy: Strategy,
    target_id: str,
    published: float,
    *,
    digits: int = 0,
    rounding: str = "nearest",
    period: str | None = None,
    quarters: bool = False,
) -> float:
    """Check that a target's trajectory, rounded as the document rounds, gives its figure.

    :param published: the figure the document prints (2,331).
    :param digits: decimal places the document rounds to (0 for whole offences).
    :param rounding: ``nearest`` (half up), ``up`` or ``down``.
    :param period: the period label to check; the trajectory's last period by default.
    :param quarters: check a quarter's value (``period="2007/08-Q4"``) instead of a year's.
    :return: the unrounded expected value.
    :raises AssertionError: also when the target expects no value in that period (a
        relative change with no stated baseline expects only a multiple of it), saying
        so rather than comparing a ``nan``.

    "from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008, with a
    yearly 6% reduction": 2,806 x 0.94^3 = 2,330.6, which rounds to 2,331.

    >>> s = assert_loads("tests/data/minimal")
    >>> round(assert_trajectory_reaches(s, "burglary.t1", 2331), 1)
    2330.6
    """
    from cdrpkit.trajectory import trajectory_rows

    if rounding not in _ROUNDING:
        raise ValueError(f"rounding {rounding!r} must be one of: {', '.join(_ROUNDING)}")
    try:
        rows = trajectory_rows(target_id, strategy=strategy, quarters=quarters)
    except CdrpkitError as exc:
        raise AssertionError(f"no trajectory for {target_id!r}: {exc}") from None
    chosen = [r for r in rows if period is None or r["period"] == period]
    if not chosen:
        known = ", ".join(r["period"] for r in rows) or "none"
        raise AssertionError(
            f"target {target_id!r} has no trajectory value for {period or 'any period'} "
            f"(periods: {known})"
        )
    row: dict[str, Any] = chosen[-1]
    value = row.get("expected")
    if value is None or value != value:
        relative = row.get("relative")
        also = (f"; it expects {relative:.4g} times the baseline there"
                if isinstance(relative, float) and relative == relative else "")
        raise AssertionError(
            f"target {target_id!r} expects no value in {row['period']}: its kind states "
            f"no figure to reach there (no baseline value){also}"
        )
    expected = float(value)
    quantum = decimal.Decimal(1).scaleb(-digits)
    shown = decimal.Decimal(repr(expected)).quantize(quantum, rounding=_ROUNDING[rounding])
    if shown != decimal.Decimal(repr(published)).quantize(quantum):
        raise AssertionError(
            f"target {target_id!r} in {row['period']}: the trajectory gives {expected:,.4f}, "
            f"which rounds ({rounding}, {digits} digits) to {shown:,}, not the published "
            f"{published:,}"
        )
    return expected


def _digits(value: float) -> int:
    exponent = decimal.Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def assert_end_values_reached(
    strategy: Strategy, *, plugins: Plugins | None = None
) -> list[str]:
    """Check every target that states a baseline and an end value against its trajectory.

    Whatever the targets' ids: each target whose kind gives an expected value for its end
    year must give the printed end value when rounded at the printed precision (to the
    nearest, up or down, as documents round). Targets without a baseline, or whose kind
    expects no value, are left out rather than failing on a ``nan``.

    :return: the ids of the targets checked.

    >>> assert_end_values_reached(assert_loads("tests/data/minimal"))
    ['burglary.t1']
    """
    from cdrpkit.trajectory import trajectory_rows

    checked: list[str] = []
    failures: list[str] = []
    for node in strategy.targets():
        target = node.node
        base, end = target.baseline_measure, target.end_measure
        if base is None or end is None:
            continue
        rows = [r for r in trajectory_rows(target.id, strategy=strategy)
                if r.get("expected") is not None and r["expected"] == r["expected"]]
        if not rows:
            continue
        digits = _digits(end.value)
        for rounding in _ROUNDING:
            try:
                assert_trajectory_reaches(strategy, target.id, end.value, digits=digits,
                                          rounding=rounding, period=rows[-1]["period"])
                break
            except AssertionError as exc:
                last = str(exc)
        else:
            failures.append(last)
        checked.append(target.id)
    if failures:
        raise AssertionError("\n".join(failures))
    return checked
