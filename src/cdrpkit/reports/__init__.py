"""Reports: the quarterly performance report as HTML, Excel, Markdown and a terminal table.

:func:`report` assesses the strategies against the figures and writes one file per
renderer into a directory. Renderers are plugins (``cdrpkit_register_renderers``
returning :class:`Renderer` declarations); ours are in :mod:`cdrpkit.builtin.renderers`.
Every page and sheet that shows illustrative figures says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.plugins.declarations import Renderer

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.assessment import Assessment
    from cdrpkit.model import Strategy
    from cdrpkit.plugins import Plugins
    from cdrpkit.plugins.declarations import PartnershipFamily
    from cdrpkit.reports.family import FamilyComparison

__all__ = ["ILLUSTRATIVE_NOTICE", "Renderer", "ReportContext", "report"]

#: The label shown wherever generated figures appear.
ILLUSTRATIVE_NOTICE = (
    "ILLUSTRATIVE FIGURES: some figures in this report were generated for demonstration "
    "(marked illustrative in the data file); they are not real recorded crime."
)

#: PMF section headings for each Thematic Delivery Group (Leicester strategy, PMF).
SECTIONS = (
    ("effective", "(a) Areas of effective performance"),
    ("development", "(b) Areas for development"),
    ("trends", "(c) Emerging trends"),
    ("recommendations", "(d) Recommendations"),
)
GOOD = frozenset({"met", "on track", "done"})
CONCERN = frozenset({"at risk", "off track", "not met", "overdue"})


@attrs.frozen
class ReportContext:
    """Everything a renderer needs: the strategies, the figures and their assessment."""

    strategies: tuple[Strategy, ...]
    observations: pd.DataFrame
    assessment: Assessment
    title: str
    period: str
    generated: datetime.date
    #: The "Against its family" section, one per strategy; empty without a family.
    family: tuple[FamilyComparison, ...] = ()

    @property
    def illustrative(self) -> bool:
        """Whether any figure shown is illustrative."""
        return bool((self.observations["status"] == "illustrative").any())

    def records(self) -> list[dict[str, Any]]:
        """One record per target with its words (:func:`cdrpkit.reports.view.target_records`)."""
        from cdrpkit.reports.view import target_records

        return target_records(self.assessment)

    def themes(self, records: Sequence[dict[str, Any]] | None = None
               ) -> list[tuple[str, str, list[dict[str, Any]]]]:
        """(partnership, theme title, records) for each theme (TDG), in document order."""
        out: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r in self.records() if records is None else records:
            out.setdefault((str(r["partnership"]), str(r["theme_title"])), []).append(r)
        return [(pid, title, mine) for (pid, title), mine in out.items()]

    def sections(self, records: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
        """The four PMF sections for one theme's target records, as short sentences."""
        return pmf_sections(records)


def pmf_sections(records: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Sort a theme's targets into the PMF's four sections, with generated wording.

    ``records`` come from :func:`cdrpkit.reports.view.target_records`. Each line names
    the target by its shortened wording. Recommendations are prompts derived from the
    statuses, for the group to discuss; they say which target and why, never more than
    the figures show.
    """
    from cdrpkit.reports import format as fmt

    out: dict[str, list[str]] = {key: [] for key, _ in SECTIONS}
    for v in records:
        name = fmt.shorten(v["text"], 70) or str(v["target_id"])
        status = str(v["status"])
        if status in GOOD:
            out["effective"].append(f"{name}: {v['sentence']}")
        elif status in CONCERN or status == "due":
            out["development"].append(f"{name}: {v['sentence']}")
        trend = []
        if str(v["progress"]) in ("deteriorating", "limited progress"):
            trend.append(f"since the baseline, {fmt.progress_words(v['progress'])}")
        if str(v["spc"]) in ("improvement", "concern"):
            trend.append(f"{fmt.variation_words(v['spc'])[1].lower()} in the latest figures")
        if not fmt.is_missing(v["p_meet"]):
            trend.append(f"the forecast gives a {float(v['p_meet']):.0%} chance of meeting "
                         "the target")
        if trend:
            out["trends"].append(f"{name}: " + "; ".join(trend) + ".")
        if status in ("off track", "not met", "overdue"):
            out["recommendations"].append(
                f"{name}: {status}; ask the lead agency to review the actions for this "
                "target and report back to the next meeting.")
        elif status == "at risk":
            out["recommendations"].append(
                f"{name}: behind the planned path but within chance; keep it under review "
                "next quarter before changing the plan.")
        elif status == "no data":
            out["recommendations"].append(f"{name}: no figures; agree who supplies them.")
    return out


def _family_section(
    items: Sequence[Strategy], peers: Any, family: str | PartnershipFamily | None,
    families: Sequence[str | Path], period: str | None, denominators: Any,
    plugins: Plugins | None, step: Callable[[str], None],
) -> tuple[FamilyComparison, ...]:
    """The "Against its family" comparisons, or () when no family is asked for."""
    from cdrpkit.errors import InputError, Problem

    if peers is None and family is None and period is None and denominators is None \
            and not families:
        return ()
    missing = [name for name, value in (("peers", peers), ("family", family),
                                        ("peer_period", period)) if value is None]
    if missing or family is None:
        raise InputError([Problem(f"is needed too (--{name.replace('_', '-')} on the command "
                                  "line): a family comparison needs peers, family and "
                                  "peer_period together", path=name)
                          for name in missing], summary="against its family:")
    from cdrpkit.observations import read_observations
    from cdrpkit.peers import read_denominators
    from cdrpkit.reports.family import family_comparisons, locate_family

    step("comparing with the family")
    if isinstance(family, str):
        chosen, origin = locate_family(family, files=families, plugins=plugins)
    else:
        chosen, origin = family, "given by the caller"
    label = (f"the figures in {Path(peers).name}" if isinstance(peers, (str, Path))
             else "the peer figures given")
    figures = read_observations(peers, plugins=plugins)
    table = (read_denominators(denominators) if isinstance(denominators, (str, Path))
             else denominators)
    return family_comparisons(items, figures, chosen, str(period), denominators=table,
                              origin=origin, figures=label, plugins=plugins)


def report(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    out: str | Path,
    *,
    period: str | None = None,
    formats: Sequence[str] | None = None,
    level: float = 0.95,
    plugins: Plugins | None = None,
    progress: Callable[[str], None] | None = None,
    return_context: bool = False,
    peers: Any = None,
    family: str | PartnershipFamily | None = None,
    families: Sequence[str | Path] = (),
    peer_period: str | None = None,
    denominators: Any = None,
) -> Any:
    """Assess and write the report in every format (or those named) into ``out``.

    ``period`` (``2006/07-Q2``) is the period the report stands at; by default the latest
    figure's. Returns the written paths by renderer name. ``progress`` is called with a
    short message before each step (the command line shows it as a progress bar).
    ``return_context=True`` returns ``(paths, context)`` so a caller can print from the
    same assessment.

    With ``peers`` (figures across partnerships, a file or a frame in the long format),
    ``family`` (an id, found in ``families`` files or the plugins, or a
    :class:`~cdrpkit.plugins.declarations.PartnershipFamily`) and ``peer_period``, the
    report adds "Against its family": each strategy's partnership against the family
    for each target indicator (:mod:`cdrpkit.reports.family`). ``denominators`` is a
    file or a frame (:func:`cdrpkit.peers.read_denominators`); without it the peer
    figures' ``denominator`` column is used.

    >>> import tempfile, pandas as pd, cdrpkit
    >>> s = cdrpkit.load("tests/data/minimal")
    >>> obs = pd.DataFrame([{"partnership": "demo", "indicator": "domestic-burglary",
    ...     "target": "", "period": "2005/06", "value": 2700, "unit": "offence",
    ...     "source": "example", "status": "illustrative"}])
    >>> paths = report(s, obs, tempfile.mkdtemp(), formats=["markdown"])
    >>> "ILLUSTRATIVE" in paths["markdown"].read_text()
    True
    """
    from cdrpkit.assessment import assess_all
    from cdrpkit.assessment.matching import prepare as _prepare
    from cdrpkit.errors import NotFoundError
    from cdrpkit.outputs import prepare_directory
    from cdrpkit.plugins import resolve

    step = progress or (lambda _message: None)
    step("reading figures")
    items, obs = _prepare(strategies, observations, plugins)
    step("assessing targets")
    assessment = assess_all(items, obs, level=level, as_of=period, plugins=plugins)
    title = "; ".join(s.title for s in items)
    as_of = period or max(obs.loc[obs["period_end"] == assessment.as_of, "period"],
                          default=assessment.as_of.isoformat())
    compared = _family_section(items, peers, family, families, peer_period, denominators,
                               plugins, step)
    context = ReportContext(tuple(items), obs, assessment, title, str(as_of),
                            datetime.date.today(), compared)
    renderers = resolve(plugins).renderers
    # By default only the renderers serving every strategy in the report (a partnership's
    # plugin scopes its own renderer to its strategy); a renderer named in ``formats`` runs.
    names = list(formats) if formats else [
        n for n, r in renderers.items() if all(r.applies_to.serves_strategy(s) for s in items)]
    unknown = [n for n in names if n not in renderers]
    if unknown:
        raise NotFoundError(f"no renderer called {', '.join(unknown)} "
                            f"(installed: {', '.join(sorted(renderers))})")
    folder = prepare_directory(Path(out))
    written = {}
    stem = "-".join(s.id for s in items)
    for name in names:
        renderer = renderers[name]
        step(f"writing {name}")
        path = folder / f"{stem}-report{renderer.suffix}"
        renderer.function(context, path)
        written[name] = path
    assessment.write_audit(str(folder / f"{stem}-audit.json"))
    written["audit"] = folder / f"{stem}-audit.json"
    return (written, context) if return_context else written
