"""Inline SVG charts for the reconciliation report (matplotlib, no pyplot state, no external references)."""

from __future__ import annotations

import io
import re

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

CAUSES = (
    "returns_awaiting_restock",
    "unposted_damage",
    "unposted_shrinkage",
    "transfer_in_transit",
    "reservation",
    "count_adjustment_after_snapshot",
    "unexplained",
)
_COLORS = dict(
    zip(CAUSES, ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"), strict=True)
)
# the XML prolog, DOCTYPE and RDF metadata of a standalone SVG have no place inside an HTML page
_STANDALONE_PARTS = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>", re.DOTALL)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    # text stays text (small, searchable); a fixed hash salt keeps the element ids stable between runs
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "stock-reconciliation"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _STANDALONE_PARTS.sub("", buffer.getvalue()).strip()


def cause_bars(by_cause: pd.DataFrame) -> str:
    """Horizontal bars: variance units per cause."""
    frame = by_cause.set_index("cause").reindex(CAUSES).fillna(0)
    figure = Figure(figsize=(7.5, 3.2))
    ax = figure.subplots()
    ax.barh(list(frame.index), frame["units"], color=[_COLORS[c] for c in frame.index])
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlabel("units (channel snapshot - physical sellable)")
    ax.set_title("Variance by cause")
    return _svg(figure)


def warehouse_stacks(by_warehouse: pd.DataFrame) -> str:
    """Stacked horizontal bars: each warehouse's variance units split by cause."""
    frame = by_warehouse.set_index("warehouse_code").sort_index()
    figure = Figure(figsize=(7.5, max(2.5, 0.32 * len(frame) + 1.2)))
    ax = figure.subplots()
    positive = pd.Series(0.0, index=frame.index)
    negative = pd.Series(0.0, index=frame.index)
    for cause in CAUSES:
        units = frame[f"{cause}_units"].astype(float)
        left = positive.where(units >= 0, negative)
        ax.barh(list(frame.index), units, left=left, color=_COLORS[cause], label=cause)
        positive += units.clip(lower=0)
        negative += units.clip(upper=0)
    ax.invert_yaxis()
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xlabel("units")
    ax.set_title("Variance by warehouse and cause")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _svg(figure)


def trend_lines(trend: pd.DataFrame) -> str:
    """One line per cause over the daily history."""
    figure = Figure(figsize=(7.5, 3.2))
    ax = figure.subplots()
    days = pd.to_datetime(trend["partition_date"])
    for cause in CAUSES:
        ax.plot(days, trend[f"{cause}_units"], marker="o", markersize=3, color=_COLORS[cause], label=cause)
    ax.axhline(0, color="#333", linewidth=0.8)
    ax.set_ylabel("units")
    ax.set_title("Daily variance by cause")
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, len(days) // 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    figure.autofmt_xdate()
    return _svg(figure)
