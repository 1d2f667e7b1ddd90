"""Bar charts as inline SVG, drawn on the server for the PDF reports (wkhtmltopdf renders
SVG, not the web client's JavaScript charts)."""

from markupsafe import Markup, escape

BAR_COLOURS = ("#2f6f8f", "#d08a2e", "#6b8f3a", "#8c4f7a", "#4f5b8c", "#a34a3a")
LABEL_WIDTH = 150
ROW_HEIGHT = 22
BAR_HEIGHT = 14
VALUE_WIDTH = 60


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def horizontal_bars(rows, width=480, title=None):
    """One bar per ``(label, value)`` row, the longest bar the largest value, its value
    written after it. An empty list (or only zeros) draws the labels with no bar."""
    rows = list(rows)
    top = 22 if title else 4
    height = top + ROW_HEIGHT * len(rows) + 4
    largest = max((value for _label, value in rows), default=0) or 1
    span = width - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="o_housing_chart" width="%d" '
            'height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" '
            'font-size="11">'
        )
        % (width, height, width, height)
    ]
    if title:
        parts.append(Markup('<text x="0" y="14" font-weight="bold">%s</text>') % escape(title))
    for index, (label, value) in enumerate(rows):
        y = top + index * ROW_HEIGHT
        bar = round(span * value / largest) if value else 0
        parts.append(Markup('<text x="0" y="%d">%s</text>') % (y + BAR_HEIGHT - 3, escape(label)))
        parts.append(
            Markup('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>')
            % (LABEL_WIDTH, y, bar, BAR_HEIGHT, BAR_COLOURS[index % len(BAR_COLOURS)])
        )
        parts.append(
            Markup('<text x="%d" y="%d">%s</text>')
            % (LABEL_WIDTH + bar + 4, y + BAR_HEIGHT - 3, escape(_number(value)))
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def vertical_bars(rows, width=480, height=160, title=None):
    """One column per ``(label, value)`` row (months of a year, for instance), the value
    above each column and the label under it."""
    rows = list(rows)
    top = 22 if title else 4
    bottom = 18
    largest = max((value for _label, value in rows), default=0) or 1
    step = width / max(len(rows), 1)
    column = max(step * 0.6, 4)
    plot = height - top - bottom - 14
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" class="o_housing_chart" width="%d" '
            'height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" '
            'font-size="10">'
        )
        % (width, height, width, height)
    ]
    if title:
        parts.append(Markup('<text x="0" y="14" font-weight="bold">%s</text>') % escape(title))
    base = height - bottom
    for index, (label, value) in enumerate(rows):
        x = index * step + (step - column) / 2
        bar = round(plot * value / largest) if value else 0
        parts.append(
            Markup('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>')
            % (x, base - bar, column, bar, BAR_COLOURS[0])
        )
        centre = x + column / 2
        parts.append(
            Markup('<text x="%.1f" y="%d" text-anchor="middle">%s</text>')
            % (centre, base - bar - 3, escape(_number(value)))
        )
        parts.append(
            Markup('<text x="%.1f" y="%d" text-anchor="middle">%s</text>')
            % (centre, height - 4, escape(label))
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
