"""`insights-bot report --html FILE`: one self-contained page of charts, drawn by plotly.js inlined in the file.

Plotly (the Python package) writes the figures and embeds its own minified plotly.js once, so the page opens
offline, from a mail attachment or a CI artifact; nothing is fetched when it is viewed.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import plotly.graph_objects as go

from bot.analytics.articles import ArticleLine
from bot.analytics.gaps import Gap
from bot.analytics.usage import TIER_NAMES, TIERS, Week

TIER_COLOURS = {"answer": "#2e7d32", "tentative": "#f9a825", "none": "#c62828"}
TOP_GAPS = 15
TOP_ARTICLES = 20


def report_page(
    weeks: Sequence[Week], gaps: Sequence[Gap], articles: Sequence[ArticleLine], *, now: dt.datetime
) -> str:
    figures = [_per_week(weeks), _answer_rate(weeks), _top_gaps(gaps), _helpful(articles)]
    charts = [
        figure.to_html(full_html=False, include_plotlyjs=(position == 0), div_id=f"chart-{position}")
        for position, figure in enumerate(figures)
    ]
    body = "\n".join(f'<section class="chart">{chart}</section>' for chart in charts)
    stamp = html.escape(now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Insights bot report</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}"
        "section.chart{margin-bottom:2rem}</style></head><body>"
        f"<h1>Insights bot report</h1><p>Generated {stamp}.</p>\n{body}\n</body></html>\n"
    )


def _layout(figure: go.Figure, title: str) -> go.Figure:
    figure.update_layout(title=title, template="plotly_white", height=420, margin={"l": 60, "r": 20})
    return figure


def _per_week(weeks: Sequence[Week]) -> go.Figure:
    x = [week.start.isoformat() for week in weeks]
    figure = go.Figure(
        [
            go.Bar(
                name=TIER_NAMES[tier],
                x=x,
                y=[w.by_tier.get(tier, 0) for w in weeks],
                marker_color=TIER_COLOURS[tier],
            )
            for tier in TIERS
        ]
    )
    figure.update_layout(barmode="stack", xaxis_title="week starting", yaxis_title="questions")
    return _layout(figure, "Questions per week, by how they were answered")


def _answer_rate(weeks: Sequence[Week]) -> go.Figure:
    x = [week.start.isoformat() for week in weeks]
    figure = go.Figure(
        [
            go.Scatter(name=TIER_NAMES[tier], x=x, y=[w.rate(tier) for w in weeks], mode="lines+markers",
                       line_color=TIER_COLOURS[tier])
            for tier in TIERS
        ]
    )  # fmt: skip
    figure.update_layout(yaxis_tickformat=".0%", yaxis_range=[0, 1], xaxis_title="week starting")
    return _layout(figure, "Answer rate over time")


def _top_gaps(gaps: Sequence[Gap]) -> go.Figure:
    shown = list(gaps[:TOP_GAPS])[::-1]
    figure = go.Figure(
        go.Bar(
            x=[gap.askers for gap in shown],
            y=[_short(gap.text) for gap in shown],
            orientation="h",
            hovertext=[gap.advice for gap in shown],
            marker_color=TIER_COLOURS["none"],
        )
    )
    figure.update_layout(xaxis_title="distinct people who asked", height=max(420, 28 * len(shown) + 120))
    return _layout(figure, "Top gaps: questions without a confident answer")


def _helpful(articles: Sequence[ArticleLine]) -> go.Figure:
    voted = [line for line in articles if line.helpful_ratio is not None][:TOP_ARTICLES]
    figure = go.Figure(
        go.Bar(
            x=[_short(line.title) for line in voted],
            y=[line.helpful_ratio for line in voted],
            hovertext=[f"{line.helpful} helpful, {line.not_helpful} not helpful" for line in voted],
            marker_color=TIER_COLOURS["answer"],
        )
    )
    figure.update_layout(yaxis_tickformat=".0%", yaxis_range=[0, 1])
    return _layout(figure, "Helpful ratio per article (most “not helpful” first)")


def _short(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
