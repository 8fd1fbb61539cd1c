"""Small bar charts as inline SVG, drawn on the server: no JavaScript, readable by screen readers."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bar_chart(
    data: list[tuple[str, int]],
    *,
    title: str,
    unit: str = "",
    width: int = 560,
    height: int = 140,
    links: list[str] | None = None,
) -> SafeString:
    """Vertical bars with a label under each, a <title> and a text description.

    `data` is a list of (label, value); `links` optionally makes each bar a link.
    """
    if not data:
        return SafeString("")
    top, bottom = 16, 22
    plot = height - top - bottom
    peak = max(value for _, value in data) or 1
    slot = width / len(data)
    bar = max(2.0, min(40.0, slot * 0.7))
    summary = ", ".join(f"{label}: {value}{' ' + unit if unit else ''}" for label, value in data)
    every = max(1, round(len(data) / 12))  # label at most about a dozen bars
    pieces = []
    for index, (label, value) in enumerate(data):
        h = plot * value / peak
        x = index * slot + (slot - bar) / 2
        y = top + plot - h
        shape = format_html(
            '<g class="bar"><title>{}: {}{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="1.5"></rect>{}{}</g>',
            label,
            value,
            f" {unit}" if unit else "",
            _n(x),
            _n(y),
            _n(bar),
            _n(max(h, 0.5)),
            format_html(
                '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(x + bar / 2),
                _n(y - 4),
                value,
            )
            if len(data) <= 16
            else "",
            format_html(
                '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(x + bar / 2),
                height - 6,
                label,
            )
            if index % every == 0 or index == len(data) - 1
            else "",
        )
        if links:
            shape = format_html('<a href="{}">{}</a>', links[index], shape)
        pieces.append((shape,))
    return format_html(
        '<figure class="chart"><svg viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
        'preserveAspectRatio="xMidYMid meet"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}'
        "</svg><figcaption>{}</figcaption></figure>",
        width,
        height,
        _id(title),
        _id(title),
        _id(title),
        title,
        _id(title),
        summary,
        format_html_join("", "{}", pieces),
        title,
    )


def _n(number: float) -> str:
    return f"{number:.1f}"


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]


def per_year(counts: dict[int, int]) -> list[tuple[str, int]]:
    """Every year from the first to the last, zeros included, so gaps show as gaps."""
    if not counts:
        return []
    years = range(min(counts), max(counts) + 1)
    return [(str(year), counts.get(year, 0)) for year in years]
