"""A strategy read with its plugins: the one place that looks up indicators and denominators.

:class:`StrategyContext` answers the questions every command asks of a strategy beyond
its own tree: which indicator an id names (the strategy's own first, then the plugins'
of the host given, so ``plugins=`` is always honoured), which population or households
figure turns a target's counts into a rate, the seasonal profile of a target's quarters,
and the span of years of the strategy.

>>> import cdrpkit
>>> context = StrategyContext.of(cdrpkit.load("tests/data/minimal"))
>>> context.indicator("domestic-burglary").unit
'offence'
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from cdrpkit.model import Indicator, Strategy, Target
    from cdrpkit.periods import Period
    from cdrpkit.plugins import Plugins

__all__ = ["StrategyContext", "denominator_for"]


@attrs.frozen(eq=False)
class StrategyContext:
    """A strategy and the plugin host it is read with."""

    strategy: Strategy
    plugins: Plugins

    @classmethod
    def of(cls, strategy: Strategy, plugins: Plugins | None = None) -> StrategyContext:
        """The context of ``strategy`` with ``plugins`` (the default host when ``None``)."""
        from cdrpkit.plugins import resolve

        return cls(strategy, resolve(plugins))

    @functools.cached_property
    def indicators(self) -> dict[str, Indicator]:
        """Every indicator the strategy may name: the plugins', then its own over them."""
        found = dict(self.plugins.indicators)
        found.update({i.id: i for i in self.strategy.indicators})
        return found

    def indicator(self, ident: str | None) -> Indicator | None:
        """The indicator with this id, or ``None``."""
        return self.indicators.get(ident) if ident else None

    @property
    def span(self) -> tuple[Period, Period] | None:
        """The first and last years of the strategy, when it states both."""
        s = self.strategy
        return (s.first_year, s.last_year) if s.first_year and s.last_year else None

    def denominator(self, target: Target) -> tuple[str, float] | None:
        """Which denominator turns the target's counts into a rate, and its size
        (see :func:`denominator_for`)."""
        return denominator_for(target, self.strategy, self.indicator(target.indicator))

    def profile(self, target: Target) -> tuple[float, ...] | None:
        """The seasonal profile of the target's quarters (Q1 to Q4), when its indicator
        states one; ``None`` means equal quarters."""
        indicator = self.indicator(target.indicator)
        profile = getattr(indicator, "seasonal_profile", None)
        return tuple(profile) if profile else None


def denominator_for(target: Target, strategy: Strategy | None,
                    indicator: Indicator | None = None) -> tuple[str, float] | None:
    """Which denominator turns a target's counts into a rate, and its size.

    Only a count of a crime-like thing has a rate per 1,000
    (:func:`cdrpkit.model.denominators.takes_population_rate`: offences, victims, people,
    not "5 hotspot areas" or patch walks; ``None`` otherwise). A rate the document states
    alongside the target decides, with its own denominator figure when it gives one;
    otherwise the indicator's denominator when it names households; otherwise the
    population (or the households, when nothing names a denominator and the partnership
    states only its households). The figure is the partnership's. ``None`` when the
    figure is not known.
    """
    from cdrpkit.model.denominators import takes_population_rate

    unit = target.unit or (indicator.unit if indicator is not None else None)
    if not (takes_population_rate(unit) or (unit is None and target.additive_default
                                            and target.needs_unit)):
        return None
    stated = getattr(target, "stated_rate", None)
    which = stated.denominator if stated is not None else None
    if stated is not None and stated.denominator_value:
        return which or "population", float(stated.denominator_value)
    if strategy is None:
        return None
    named = (indicator.denominator or "") if indicator is not None else ""
    if which is None:
        which = "households" if named.startswith("household") else "population"
    figure = getattr(strategy.partnership, which)
    if figure is None and stated is None and not named:
        # Nothing says which denominator: whichever figure the partnership has.
        which = "households" if which == "population" else "population"
        figure = getattr(strategy.partnership, which)
    return (which, float(figure.value)) if figure is not None and figure.value > 0 else None
