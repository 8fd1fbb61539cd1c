"""Percentiles and summaries of timings (milliseconds)."""

from __future__ import annotations

import math


def percentile(values: list[float], p: float) -> float | None:
    """The p-th percentile by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "p50_ms": _round(percentile(values_ms, 50)),
        "p95_ms": _round(percentile(values_ms, 95)),
        "max_ms": _round(max(values_ms) if values_ms else None),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def tail_summary(values_ms: list[float]) -> dict:
    """The summary with the p99: for sets where the tail is the point."""
    return {**summary(values_ms), "p99_ms": _round(percentile(values_ms, 99))}
