"""Charts drawn on the server as SVG: no script, no outside service. Each is an image
with a title and a description (the figure's summary); the page puts the same numbers in
a table beside it. Colours come from the stylesheet (classes), not inline styles."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDTH = 640
LABEL_WIDTH = 210
BAR_HEIGHT = 22
GAP = 8
COLUMN_AREA = 180


def _number(value):
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value
        return f"{value:,}"
    return f"{value:,}"


def _frame(figure, height, body):
    title_id = f"chart-{figure.key}-title"
    desc_id = f"chart-{figure.key}-desc"
    return format_html(
        '<svg class="chart chart-{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{} {}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}">{}</title><desc id="{}">{}</desc>{}</svg>',
        figure.chart,
        WIDTH,
        height,
        title_id,
        desc_id,
        title_id,
        figure.title,
        desc_id,
        figure.summary,
        body,
    )


def bar_chart(figure):
    """Horizontal bars, one a row, longest first as the figure orders them."""
    if not figure.rows:
        return ""
    peak = max(row.value for row in figure.rows) or 1
    bar_space = WIDTH - LABEL_WIDTH - 70
    items = []
    for i, row in enumerate(figure.rows):
        y = i * (BAR_HEIGHT + GAP)
        length = max(float(row.value) / float(peak) * bar_space, 1 if row.value else 0)
        items.append(
            (
                f"{y + BAR_HEIGHT * 0.7:.1f}",
                row.label[:34],
                LABEL_WIDTH,
                y,
                f"{length:.1f}",
                BAR_HEIGHT,
                f"{LABEL_WIDTH + length + 6:.1f}",
                f"{y + BAR_HEIGHT * 0.7:.1f}",
                _number(row.value),
            )
        )
    body = format_html_join(
        "",
        '<text class="chart-label" x="0" y="{}">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text>',
        items,
    )
    return _frame(figure, len(figure.rows) * (BAR_HEIGHT + GAP), body)


def column_chart(figure):
    """Columns over time (years), with the year under each column."""
    if not figure.rows:
        return ""
    peak = max(row.value for row in figure.rows) or 1
    step = WIDTH / max(len(figure.rows), 1)
    width = min(step * 0.7, 60)
    items = []
    for i, row in enumerate(figure.rows):
        height = float(row.value) / float(peak) * COLUMN_AREA
        x = i * step + (step - width) / 2
        items.append(
            (
                f"{x:.1f}",
                f"{20 + COLUMN_AREA - height:.1f}",
                f"{width:.1f}",
                f"{height:.1f}",
                f"{x + width / 2:.1f}",
                f"{14 + COLUMN_AREA - height:.1f}",
                _number(row.value),
                f"{x + width / 2:.1f}",
                40 + COLUMN_AREA,
                row.label,
            )
        )
    body = format_html_join(
        "",
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="chart-value" text-anchor="middle" x="{}" y="{}">{}</text>'
        '<text class="chart-label" text-anchor="middle" x="{}" y="{}">{}</text>',
        items,
    )
    return _frame(figure, COLUMN_AREA + 50, body)


def chart(figure):
    return mark_safe(column_chart(figure) if figure.chart == "columns" else bar_chart(figure))  # noqa: S308 (built with format_html)
