"""Ingested figures in a strategy's own terms, through ONS codes and the offence registry.

Ingested figures name areas by ONS code and indicators by source (``ho-28A``,
``policeuk-vehicle-crime``). A strategy names its partnership by its own id and its
indicators by the ids its targets use (``domestic-burglary``, ``BV126``).
:func:`figures_for` joins the two: rows under any of the partnership's ONS codes become
its partnership's; an indicator a target measures is taken as it is when the figures
carry it, or else built by the offence-code registry (the sum of its codes valid in each
period: ``ho-28A`` ... ``ho-28D`` before April 2017, ``ho-28E`` ... after); a target
whose indicator the figures cannot give is listed with the registry's reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.plugins import Plugins
    from cdrpkit.plugins.declarations import OffenceMapping

__all__ = ["NotAssessable", "figures_for", "has_ons_codes"]

_ONS = r"^[EWSNK]\d{8}$"


@attrs.frozen
class NotAssessable:
    """A target the ingested figures cannot assess, and why (the registry's reason)."""

    target: str
    indicator: str
    reason: str

    def __str__(self) -> str:
        return f"{self.target} ({self.indicator}): {self.reason}"


def has_ons_codes(frame: pd.DataFrame) -> bool:
    """Whether a long-format frame's partnerships are ONS area codes (ingested figures)."""
    if "partnership" not in frame.columns or frame.empty:
        return False
    return bool(frame["partnership"].astype(str).str.match(_ONS).any())


def _read(observations: str | Path | pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if isinstance(observations, pd.DataFrame):
        return observations
    path = Path(observations)
    if path.suffix.lower() == ".parquet":
        from cdrpkit.ingest.scan import read_ingested

        return read_ingested(path)
    return pd.read_csv(path, dtype={"period": str, "partnership": str, "indicator": str},
                       keep_default_na=False)


def _period_dates(labels: Any) -> dict[str, tuple[str, str]]:
    from cdrpkit.periods import PeriodError, parse_period

    dates = {}
    for label in labels:
        try:
            period = parse_period(str(label))
        except PeriodError:
            continue
        dates[str(label)] = (period.start.isoformat(), period.end.isoformat())
    return dates


def _built(rows: pd.DataFrame, mapping: OffenceMapping, dates: dict[str, tuple[str, str]]
           ) -> pd.DataFrame:
    """The figures of one registry mapping: its codes summed in every period it is valid."""
    valid = [p for p, (start, end) in dates.items() if mapping.valid_for(start, end)]
    hit = rows[rows["indicator"].isin(mapping.codes) & rows["period"].isin(valid)]
    if hit.empty:
        return hit
    out = hit.groupby("period", as_index=False).agg(
        value=("value", "sum"), unit=("unit", "first"),
        source=("source", lambda s: "; ".join(sorted(set(s.astype(str))))),
        net=("net", "any"))
    out["indicator"] = mapping.indicator
    out["source"] = (f"cdrpkit offence registry {mapping.id} ({mapping.certainty}): sum of "
                     + ", ".join(mapping.codes) + "; from " + out["source"])
    return out


def _indicators(strategy: Strategy) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in strategy.targets():
        target = node.node
        indicator = getattr(target, "indicator", None)
        if indicator:
            found.setdefault(indicator, []).append(target.id)
    return found


def figures_for(
    strategy: Strategy,
    observations: str | Path | pd.DataFrame,
    plugins: Plugins | None = None,
) -> tuple[pd.DataFrame, list[NotAssessable]]:
    """The ingested figures a strategy's targets can use, in the strategy's own ids.

    ``observations`` is ingested figures (a long-format DataFrame, CSV or Parquet file).
    Returns the long-format rows for the strategy's partnership and its targets'
    indicators, ready for :func:`cdrpkit.assess`, and the targets the figures cannot
    assess with the reason. A partnership without ``ons_codes`` is an error.

    >>> import pandas as pd, cdrpkit
    >>> s = cdrpkit.load("tests/data/ingest/strategy.yaml")
    >>> raw = pd.DataFrame([{"partnership": "E22000168", "indicator": "policeuk-robbery",
    ...     "target": "", "period": "2020-01", "value": 41, "unit": "offence",
    ...     "source": "data.police.uk", "status": "actual"}])
    >>> figures, missing = figures_for(s, raw)
    >>> figures[["partnership", "indicator", "period", "value"]].to_dict("records")
    [{'partnership': 'leicester', 'indicator': 'robbery', 'period': '2020-01', 'value': 41}]
    """
    import pandas as pd

    from cdrpkit.figurecells import cell_flag, cell_text
    from cdrpkit.limits import shorten
    from cdrpkit.observations import COLUMNS
    from cdrpkit.plugins import resolve

    codes = strategy.partnership.ons_codes
    if not codes:
        raise InputError([Problem(
            "declares no ons_codes, so no ingested figure can be matched to it; add the "
            "ONS code of its Community Safety Partnership (E22000168)",
            path="partnership.ons_codes")])
    raw = _read(observations)
    rows = raw[raw["partnership"].astype(str).isin(codes)].copy()
    rows["period"] = rows["period"].astype(str)
    rows["indicator"] = rows["indicator"].astype(str)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    # Net figures (Home Office quarters, which may be below zero) stay marked as net,
    # summed or not.
    if "net" in rows.columns:
        flags = rows["net"].map(cell_flag)
        if flags.isna().any():
            first = rows.loc[flags.isna(), "net"].iloc[0]
            raise InputError([Problem(
                f"{int(flags.isna().sum())} cell(s) are not true or false (first: "
                f"{shorten(cell_text(first))}); leave a cell empty for false",
                path="column net")])
        rows["net"] = flags.astype(bool)
    else:
        rows["net"] = False
    dates = _period_dates(rows["period"].unique())
    registry = list(resolve(plugins).offence_mappings.values())
    present = set(rows["indicator"].unique())
    parts: list[pd.DataFrame] = []
    missing: list[NotAssessable] = []
    for indicator, targets in _indicators(strategy).items():
        if indicator in present:
            parts.append(rows[rows["indicator"] == indicator])
            continue
        built, reasons = _from_registry(rows, indicator, registry, dates)
        if built:
            parts.extend(built)
        else:
            reason = "; ".join(reasons) or (
                "no figure carries this indicator and the offence-code registry has no "
                "mapping for it")
            missing.extend(NotAssessable(t, indicator, reason) for t in targets)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    frame["partnership"] = strategy.partnership.id
    frame["target"] = ""
    frame["status"] = "actual"
    if "net" not in frame.columns:
        frame["net"] = False
    frame = frame[[*COLUMNS, "net"]].reset_index(drop=True)
    return frame, missing


def _from_registry(rows: pd.DataFrame, indicator: str, registry: list[OffenceMapping],
                   dates: dict[str, tuple[str, str]]) -> tuple[list[pd.DataFrame], list[str]]:
    """Figures built by every usable mapping for ``indicator``, or the reasons there are none."""
    present = set(rows["indicator"].unique())
    sources = {"home-office" if i.startswith("ho-") else "police-uk"
               for i in present if i.startswith(("ho-", "policeuk-"))}
    built: list[pd.DataFrame] = []
    reasons: list[str] = []
    for mapping in (m for m in registry if m.indicator == indicator):
        if mapping.source not in sources:
            continue
        if not mapping.available:
            reasons.append(f"{mapping.source}: {mapping.reason}")
        elif mapping.measure == "numerator":
            reasons.append(f"{mapping.source}: {mapping.note}")
        else:
            found = _built(rows, mapping, dates)
            if found.empty:
                reasons.append(f"{mapping.source}: no figures for "
                               + ", ".join(mapping.codes) + " in the periods valid for "
                               + mapping.id)
            else:
                built.append(found)
    return built, reasons
