"""Trajectory charts as inline SVG (matplotlib, Agg backend, no external resources)."""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def trajectory_svg(rows: pd.DataFrame, verdict: dict[str, Any], title: str) -> str:
    """One target's chart: actuals with intervals, expected line, target, forecast.

    Returns an ``<svg>`` element (no XML declaration) to put straight into HTML.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    # Years and quarters (or months) differ in scale: each gets its own panel.
    panels = [(kind, group.reset_index(drop=True))
              for kind, group in rows.groupby(rows["period_kind"].map(_panel), sort=True)]
    # Text as text (small, searchable) and fixed ids, so the same data gives the same file.
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "cdrpkit"}):
        return _draw(plt, np, panels, verdict, title)


def _draw(plt: Any, np: Any, panels: list[Any], verdict: dict[str, Any], title: str) -> str:
    fig, axes = plt.subplots(1, len(panels), figsize=(3.4 * len(panels) + 1.2, 2.8), dpi=72,
                             squeeze=False)
    try:
        for ax, (kind, data) in zip(axes[0], panels, strict=True):
            _panel_plot(ax, data, verdict if kind == "1 years" else {}, np)
            ax.set_title(f"{title}: {kind[2:]}", fontsize=9)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
    finally:
        plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _panel(kind: str) -> str:
    return {"year": "1 years", "quarter": "2 quarters", "month": "3 months"}.get(
        kind, "4 deadline")


def _panel_plot(ax: Any, data: pd.DataFrame, verdict: dict[str, Any], np: Any) -> None:
    """Draw one panel: expected line, target, actuals with intervals, forecast."""
    x = np.arange(len(data))
    labels = data["period"].astype(str).tolist()
    expected = data["expected"].to_numpy(float)
    actual = data["actual"].to_numpy(float)
    if np.isfinite(expected).any():
        ax.plot(x, expected, "--", color="#555555", label="expected")
    target = data["comparator"].to_numpy(float)
    final = data["final"].fillna(False).astype(bool).to_numpy()
    if (np.isfinite(target) & final).any():
        ax.plot(x[final], target[final], "_", color="#b22222", ms=14, mew=2, label="target")
    lower, upper = data["lower"].to_numpy(float), data["upper"].to_numpy(float)
    has_ci = np.isfinite(lower) & np.isfinite(actual)
    if has_ci.any():
        ax.errorbar(x[has_ci], actual[has_ci],
                    yerr=[actual[has_ci] - lower[has_ci], upper[has_ci] - actual[has_ci]],
                    fmt="none", ecolor="#1f77b4", alpha=0.5, capsize=3, label="95% interval")
    illus = (data["data_status"] == "illustrative").to_numpy()
    real = np.isfinite(actual) & ~illus
    fake = np.isfinite(actual) & illus
    if real.any():
        ax.plot(x[real], actual[real], "o", color="#1f77b4", label="actual")
    if fake.any():
        ax.plot(x[fake], actual[fake], "o", mfc="white", color="#1f77b4",
                label="actual (illustrative)")
    point = verdict.get("forecast", math.nan)
    if isinstance(point, float) and math.isfinite(point):
        end = len(data) - 1
        ax.errorbar([end + 0.15], [point],
                    yerr=[[point - verdict["forecast_lower"]],
                          [verdict["forecast_upper"] - point]],
                    fmt="D", color="#ff7f0e", capsize=3, label="forecast")
    if not (np.isfinite(actual).any() or np.isfinite(expected).any()):
        ax.text(0.5, 0.5, "no figures yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=30, ha="right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=6, loc="best")
