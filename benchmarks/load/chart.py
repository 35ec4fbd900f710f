#!/usr/bin/env python3
"""Draws the load report's chart as a dependency-free SVG.

    python3 benchmarks/load/chart.py ROWS.tsv OUT.svg [subtitle]

ROWS.tsv is what benchmarks/load/run.sh writes, one row per line of its table, tab-separated, with a
header line: run, rps, p50, p99, non2xx, errors, x_bare, cpu_us, baseline, baseline_rps, baseline_p99.
"baseline" names the bare Vert.x row of the same run that the row is compared with ("bare POST" or
"bare GET"); the bare rows themselves name their own kind.

Two panels share the scenario labels: req/s of each Tender scenario beside its bare baseline, and the
p99 latency of each beside the baseline's. The bare rows are drawn only as baselines, unless they are
the only rows.
"""
import math
import sys
from xml.sax.saxutils import escape

TENDER = "#2b6cb0"
BARE = "#a0aec0"
GRID = "#e2e8f0"
INK = "#1a202c"
MUTED = "#4a5568"

LABEL_W = 330   # scenario labels
PANEL_W = 330   # each panel's plotting width
GAP = 70        # between the panels (room for the value labels)
ROW_H = 40      # one scenario: two bars
BAR_H = 14
TOP = 92        # title, subtitle, legend and panel titles
BOTTOM = 40     # axis labels


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    header = lines[0].split("\t")
    rows = [dict(zip(header, l.split("\t"))) for l in lines[1:]]
    if not rows:
        sys.exit(f"{path}: no rows")
    scenarios = [r for r in rows if not r["run"].startswith("bare ")] or rows
    return scenarios


def nice_axis(top):
    """A tick step of 1, 2 or 5 x 10^k giving about five ticks up to at least top."""
    if top <= 0:
        return 1.0, 1.0
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    return step, step * math.ceil(top / step)


def fmt_int(v):
    return f"{v:,.0f}".replace(",", " ")


def fmt_ms(v):
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def text(x, y, s, size=12, anchor="start", fill=INK, weight="normal"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
            f' font-weight="{weight}">{escape(s)}</text>')


def panel(x0, title, rows, key, base_key, fmt, unit):
    out = []
    top = max(max(number(r[key]), number(r[base_key])) for r in rows)
    step, axis_max = nice_axis(top)
    scale = PANEL_W / axis_max
    plot_bottom = TOP + len(rows) * ROW_H
    out.append(text(x0, TOP - 12, title, 13, weight="bold"))
    ticks = int(round(axis_max / step))
    for i in range(ticks + 1):
        v = i * step
        x = x0 + v * scale
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{plot_bottom}" stroke="{GRID}"/>')
        out.append(text(x, plot_bottom + 16, fmt_int(v) if step >= 1 else f"{v:g}", 10, "middle", MUTED))
    out.append(text(x0 + PANEL_W / 2, plot_bottom + 32, unit, 11, "middle", MUTED))
    for i, r in enumerate(rows):
        y = TOP + i * ROW_H + (ROW_H - 2 * BAR_H - 2) / 2
        for j, (k, colour) in enumerate(((key, TENDER), (base_key, BARE))):
            v = number(r[k])
            w = max(v * scale, 0.5)
            by = y + j * (BAR_H + 2)
            label = r["run"] if j == 0 else r["baseline"] + " (same run)"
            out.append(f'<rect x="{x0}" y="{by:.1f}" width="{w:.1f}" height="{BAR_H}" fill="{colour}">'
                       f'<title>{escape(label)}: {escape(fmt(v))} {escape(unit)}</title></rect>')
            out.append(text(x0 + w + 4, by + BAR_H - 3, fmt(v), 10, fill=MUTED))
    out.append(f'<line x1="{x0}" y1="{TOP}" x2="{x0}" y2="{plot_bottom}" stroke="{MUTED}"/>')
    return out


def render(rows, subtitle):
    width = LABEL_W + 2 * PANEL_W + 2 * GAP
    height = TOP + len(rows) * ROW_H + BOTTOM
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
           f' viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           text(12, 24, "Tender HTTP load test: each scenario beside the bare Vert.x server of the same run", 15,
                weight="bold")]
    if subtitle:
        out.append(text(12, 42, subtitle, 11, fill=MUTED))
    lx = 12
    for colour, name in ((TENDER, "Tender"), (BARE, "bare Vert.x JSON server (same run)")):
        out.append(f'<rect x="{lx}" y="52" width="12" height="12" fill="{colour}"/>')
        out.append(text(lx + 16, 62, name, 11))
        lx += 16 + 7 * len(name) + 24
    for i, r in enumerate(rows):
        y = TOP + i * ROW_H + ROW_H / 2 + 4
        out.append(text(LABEL_W - 10, y - 6, r["run"], 11, "end"))
        out.append(text(LABEL_W - 10, y + 9, f'{r["x_bare"]} × {r["baseline"]}', 10, "end", MUTED))
        if i:
            yl = TOP + i * ROW_H
            out.append(f'<line x1="12" y1="{yl}" x2="{width - 12}" y2="{yl}" stroke="{GRID}" stroke-dasharray="2,3"/>')
    out += panel(LABEL_W, "throughput", rows, "rps", "baseline_rps", fmt_int, "req/s (place-order: orders/s)")
    out += panel(LABEL_W + PANEL_W + GAP, "p99 latency", rows, "p99", "baseline_p99", fmt_ms, "p99 ms")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows = read_rows(sys.argv[1])
    svg = render(rows, sys.argv[3] if len(sys.argv) > 3 else "")
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(svg)


if __name__ == "__main__":
    main()
