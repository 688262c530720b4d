"""The strategy checker: what in a strategy does not add up, before it is published.

:func:`check` runs every rule the installed plugins declare through
``cdrpkit_register_checks`` (ours are in :mod:`cdrpkit.builtin.checks`, written in
:mod:`cdrpkit.checks`) and returns their findings. A rule is a :class:`Rule`: an id, the
most severe finding it can report, a title, a description and a function
``function(strategy, context) -> Iterable[Finding]``.

Severity policy:

- ``error``: the document's own figures contradict each other (a printed end value that
  no rounding of its baseline and yearly change gives). A partnership must fix it before
  publishing. ``cdrpkit check`` exits with 1 when any error is found.
- ``warning``: a gap (a target with no baseline, deadline or indicator; a priority with
  no enforcement action; a theme with no chair; a unit that does not fit).
- ``info``: an observation worth knowing (which way a figure was rounded; a yearly
  change smaller than chance variation).

This module imports nothing heavy: ``cdrpkit check`` must stay quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from cdrpkit.errors import NotFoundError, PluginError
from cdrpkit.model import Indicator, Strategy
from cdrpkit.model.kinds import Target
from cdrpkit.model.validators import one_of
from cdrpkit.plugins import Plugins, resolve
from cdrpkit.plugins.declarations import SEVERITIES, Rule, Severity

__all__ = ["CheckContext", "Finding", "check", "has_errors", "target_nodes"]

_HOOK = "cdrpkit_register_checks"


@attrs.frozen(kw_only=True)
class Finding:
    """One thing a rule found: rule id, severity, where (field path) and a message.

    ``details`` holds the numbers behind the message for tools (left out of hashing).

    >>> f = Finding(rule="theme-chair", severity="warning", path="themes[0]",
    ...             message="Theme 'Violent Crime' has no chair.")
    >>> f.as_dict()["severity"]
    'warning'
    """

    rule: str
    severity: Severity = attrs.field(validator=one_of(SEVERITIES))
    path: str
    message: str
    target_id: str | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain data, for JSON."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "path": self.path,
            "target_id": self.target_id,
            "message": self.message,
            "details": dict(self.details),
        }

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.severity} [{self.rule}] {where}{self.message}"


@attrs.frozen(kw_only=True)
class CheckContext:
    """What a rule may need besides the strategy: the plugin host and the indicators.

    ``indicators`` merges the plugins' indicators with the strategy's own.
    """

    plugins: Plugins
    indicators: Mapping[str, Indicator]

    def indicator(self, ident: str | None) -> Indicator | None:
        """The indicator with this id, or ``None``."""
        return self.indicators.get(ident) if ident else None

    @classmethod
    def for_strategy(cls, strategy: Strategy, plugins: Plugins) -> CheckContext:
        """The context for checking ``strategy`` with these plugins."""
        from cdrpkit.context import StrategyContext

        return cls(plugins=plugins,
                   indicators=StrategyContext.of(strategy, plugins).indicators)



def check(
    strategy: Strategy,
    *,
    plugins: Plugins | None = None,
    disable: Iterable[str] = (),
) -> list[Finding]:
    """Run every installed rule serving ``strategy``; return the findings, most severe first.

    A rule runs when its :class:`~cdrpkit.plugins.declarations.Scope` (``applies_to``)
    serves the strategy: ours serve every strategy, a partnership's plugin its own.
    Findings are sorted by severity (errors, warnings, infos), in rule order within each.

    :param plugins: the plugin host whose rules to run; the default host when ``None``.
    :param disable: ids of rules not to run.
    :raises NotFoundError: when ``disable`` names a rule no plugin declares.

    A rule that raises does not stop the others: it gives one ``error`` finding naming
    the rule and its plugin (or, with strict plugins, a :class:`PluginError`).

    >>> from cdrpkit.model import Partnership, Strategy, Theme
    >>> s = Strategy(id="demo", title="Demo", partnership=Partnership(id="p", name="P"),
    ...              themes=(Theme(id="violence", title="Violent Crime"),))
    >>> [f.rule for f in check(s)]
    ['coverage-chair']
    """
    host = resolve(plugins)
    rules: dict[str, Rule] = host.checks
    skipped = set(disable)
    unknown = sorted(skipped - set(rules))
    if unknown:
        raise NotFoundError(
            f"no check rule called {', '.join(map(repr, unknown))} "
            f"(rules: {', '.join(sorted(rules))})"
        )
    context = CheckContext.for_strategy(strategy, host)
    findings: list[Finding] = []
    for rule in rules.values():
        if rule.id in skipped or not rule.applies_to.serves_strategy(strategy):
            continue
        try:
            found = list(rule.function(strategy, context))
            bad = [f for f in found if not isinstance(f, Finding)]
            if bad:
                raise TypeError(f"yielded {bad[0]!r}, not a Finding")
        except Exception as exc:  # one broken rule must not hide the others' findings
            plugin = host.origin(_HOOK, rule.id)
            if host.strict:
                message = f"rule {rule.id!r} failed: {exc}"
                raise PluginError(message, plugin=plugin, hook=_HOOK) from exc
            found = [
                Finding(
                    rule=rule.id,
                    severity="error",
                    path="",
                    message=f"The rule {rule.id!r} of plugin {plugin} failed "
                    f"({type(exc).__name__}: {exc}); its findings are missing.",
                )
            ]
        findings.extend(found)
    # sorted() is stable: within a severity, rule order and each rule's own order stay.
    return sorted(findings, key=lambda f: SEVERITIES.index(f.severity))


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (the command line then exits with 1)."""
    return any(f.severity == "error" for f in findings)


def target_nodes(strategy: Strategy) -> Iterable[tuple[str, Target]]:
    """Every target with its path, for rules."""
    for node in strategy.targets():
        yield node.path, node.node
