"""A summary drawn (matplotlib): one bar per category, split into is, unknown and is_not."""

from __future__ import annotations

from pathlib import Path

from remote_kg.errors import InputError
from remote_kg.outputs import atomic_path
from remote_kg.pipeline.summary import Summary

CHART_FORMATS = {".svg": "svg", ".png": "png"}
COLOURS = {"is": "#1b7837", "unknown": "#bdbdbd", "is_not": "#762a83"}


def draw(summary: Summary, path: Path) -> None:
    """Write `summary` as a horizontal stacked bar chart to `path` (.svg or .png), in
    shares of the records (of their weight, when weighed), atomically."""
    fmt = CHART_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: a chart is written as .svg or .png, not "
                         f"{path.suffix or 'a file with no extension'!r}")
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: files only
        from matplotlib import pyplot
    except ImportError:
        raise InputError("drawing a chart needs matplotlib: pip install 'remote-kg[chart]'"
                         ) from None
    weighted = summary.weight is not None
    names = [c.category for c in summary.categories][::-1]
    shares = [c.shares(weighted) for c in summary.categories][::-1]
    figure, axes = pyplot.subplots(figsize=(8, 0.45 * len(names) + 1.6))
    left = [0.0] * len(names)
    for status in ("is", "unknown", "is_not"):
        values = [100 * s[status] for s in shares]
        axes.barh(names, values, left=left, color=COLOURS[status], label=status.replace("_", " "))
        left = [a + b for a, b in zip(left, values)]
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of " + (f"weight ({summary.weight})" if weighted else "records"))
    axes.set_title(f"{summary.records:,} records in {Path(summary.source).name}")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, frameon=False)
    figure.tight_layout()
    metadata = {"Date": None} if fmt == "svg" else {}  # SVG bytes depend on data only
    with atomic_path(path) as tmp:
        figure.savefig(tmp, format=fmt, metadata=metadata)
    pyplot.close(figure)
