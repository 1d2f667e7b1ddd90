"""Writes the spreadsheets of the addon's two dashboards (Dashboards app, group "Accompaniment").

- data/files/housing_dashboard.json, the key figures (managers and social-support users): files
  opened and closed in the period (the year so far unless the user picks another), open and late
  files, households and persons followed, open files per step and deadline status, workshops
  per month;
- data/files/housing_funding_dashboard.json, the funding (managers and accountants: funding
  lines only, no household): committed, received and still to receive, per year and funder.

Both are Odoo 18 spreadsheets (o-spreadsheet JSON, version 21) whose pivots and charts are read
live with the user's rights. This script is their source: edit it, run
``python3 scripts/dashboard_json.py`` and commit the JSON files. Labels are ``_t("English")``
formulas, translated from the addon's PO files like the web client's strings.
"""

import json
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "data" / "files"

PERIOD_FILTER = "7d6c1a52-3f0e-4b8e-9a51-5f4f0c2a1d01"
FILE_MODEL = "housing.accompaniment"
OPEN_FILES = [["is_closed", "=", False]]
NOT_CANCELLED = [["state", "!=", "cancelled"]]
STATUSES = ("on_time", "late", "blocked")
CARD_WIDTH, CARD_GAP = 185, 10
CHART_WIDTH, CHART_HEIGHT = 580, 320


def _period(field, field_type="date"):
    """The period filter applied to ``field``."""
    return {PERIOD_FILTER: {"chain": field, "type": field_type, "offset": 0}}


def _no_period():
    """A pivot or chart the period does not filter (what is open today)."""
    return {PERIOD_FILTER: {}}


def _measure(field, aggregator=None):
    if aggregator:
        return {"id": f"{field}:{aggregator}", "fieldName": field, "aggregator": aggregator}
    return {"id": field, "fieldName": field}


def _pivot(pivot_id, name, model, domain, measures, rows=(), columns=(), matching=None):
    return {
        "type": "ODOO",
        "id": str(pivot_id),
        "formulaId": str(pivot_id),
        "name": name,
        "model": model,
        "domain": domain,
        "context": {},
        "measures": measures,
        "rows": list(rows),
        "columns": list(columns),
        "fieldMatching": matching if matching is not None else {},
        "sortedColumn": None,
    }


def _t(text):
    return f'=_t("{text}")'


def _scorecards(key_figures):
    """One scorecard per (label, data sheet formula, background), left to right."""
    return [
        {
            "id": f"housing-kpi-{index + 1}",
            "x": CARD_GAP + index * (CARD_WIDTH + CARD_GAP),
            "y": 10,
            "width": CARD_WIDTH,
            "height": 100,
            "tag": "chart",
            "data": {
                "type": "scorecard",
                "title": {"text": label, "bold": True, "color": "#434343"},
                "background": background,
                "keyValue": f"Data!B{index + 1}",
                "baselineMode": "difference",
                "baselineColorUp": "#00A04A",
                "baselineColorDown": "#DC6965",
                "humanize": False,
            },
        }
        for index, (label, _formula, background) in enumerate(key_figures)
    ]


def _key_figure_cells(key_figures):
    cells = {}
    for row, (label, formula, _background) in enumerate(key_figures, start=1):
        cells[f"A{row}"] = {"content": _t(label)}
        cells[f"B{row}"] = {"content": formula}
    return cells


def _table(top, title, headers, pivot_id, row_field, rows, values):
    """A titled table of ``rows`` lines under ``headers``: column A the pivot's row headers by
    position, the next columns ``values`` (formulas of the position ``{i}``)."""
    cells = {f"A{top}": {"content": _t(title), "style": 1}}
    for column, header in zip("ABCDEFG", headers, strict=False):
        cells[f"{column}{top + 1}"] = {"content": _t(header), "style": 2}
    for index in range(1, rows + 1):
        row = top + 1 + index
        cells[f"A{row}"] = {"content": f'=PIVOT.HEADER({pivot_id},"#{row_field}",{index})'}
        for column, value in zip("BCDEFG", values, strict=False):
            cells[f"{column}{row}"] = {"content": "=" + value.format(i=index)}
    return cells


def _odoo_bar(figure_id, title, model, domain, group_by, measure, x, stacked, matching):
    return {
        "id": figure_id,
        "x": x,
        "y": 130,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "tag": "chart",
        "data": {
            "type": "odoo_bar",
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "stacked": stacked,
            "verticalAxisPosition": "left",
            "metaData": {
                "groupBy": group_by,
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": "bar",
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": domain,
                "groupBy": group_by,
                "orderBy": [],
            },
            "fieldMatching": matching,
        },
    }


def _sheet(sheet_id, name, cells, figures, visible=True):
    return {
        "id": sheet_id,
        "name": name,
        "colNumber": 12,
        "rowNumber": 80,
        "rows": {},
        "cols": {"0": {"size": 300}, **{str(c): {"size": 120} for c in range(1, 5)}}
        if visible
        else {},
        "merges": [],
        "cells": cells,
        "styles": {name: cell.pop("style") for name, cell in cells.items() if "style" in cell},
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": visible,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def _spreadsheet(prefix, dashboard_cells, figures, data_cells, pivots, global_filters):
    return {
        "version": 21,
        "sheets": [
            _sheet(f"{prefix}-sheet", "Dashboard", dashboard_cells, figures),
            _sheet(f"{prefix}-data", "Data", data_cells, [], visible=False),
        ],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 14},
            "2": {"textColor": "#434343", "bold": True, "fillColor": "#F3F4F6"},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": global_filters,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


# ----------------------------------------------------------------------------------------------
# Key figures
# ----------------------------------------------------------------------------------------------
KEY_PIVOTS = {
    "1": _pivot(
        1,
        "Files opened in the period",
        FILE_MODEL,
        [],
        [_measure("__count"), _measure("household_id", "count_distinct")],
        matching=_period("start_date"),
    ),
    "2": _pivot(
        2,
        "Files closed in the period",
        FILE_MODEL,
        [["is_closed", "=", True]],
        [_measure("__count")],
        matching=_period("close_date"),
    ),
    "3": _pivot(
        3,
        "Open files",
        FILE_MODEL,
        OPEN_FILES,
        [_measure("__count"), _measure("household_id", "count_distinct")],
        matching=_no_period(),
    ),
    "4": _pivot(
        4,
        "Late files",
        FILE_MODEL,
        OPEN_FILES + [["is_late", "=", True]],
        [_measure("__count")],
        matching=_no_period(),
    ),
    "5": _pivot(
        5,
        "Households followed",
        "housing.household",
        [["accompaniment_ids.is_closed", "=", False]],
        [_measure("__count"), _measure("member_count", "sum")],
        matching=_no_period(),
    ),
    "6": _pivot(
        6,
        "Open files per step",
        FILE_MODEL,
        OPEN_FILES,
        [_measure("__count")],
        rows=[{"fieldName": "stage_id"}],
        columns=[{"fieldName": "board_status"}],
        matching=_no_period(),
    ),
    "7": _pivot(
        7,
        "Workshops per month",
        "housing.workshop",
        NOT_CANCELLED,
        [
            _measure("__count"),
            _measure("present_count", "sum"),
            _measure("household_count", "sum"),
        ],
        rows=[{"fieldName": "start_datetime", "granularity": "month"}],
        matching=_period("start_datetime", "datetime"),
    ),
}

KEY_FIGURES = [
    ("Files opened", '=PIVOT.VALUE(1,"__count")', "#EFF6FF"),
    ("Files closed", '=PIVOT.VALUE(2,"__count")', "#EFF6FF"),
    ("Open files", '=PIVOT.VALUE(3,"__count")', "#EFF6FF"),
    ("Late files", '=PIVOT.VALUE(4,"__count")', "#FEF2F2"),
    ("Households followed", '=PIVOT.VALUE(5,"__count")', "#F0FDF4"),
    ("Persons followed", '=PIVOT.VALUE(5,"member_count:sum")', "#F0FDF4"),
]


def key_figures():
    charts = [
        _odoo_bar(
            "housing-chart-steps",
            "Open files per step (on time, late, blocked)",
            FILE_MODEL,
            OPEN_FILES,
            ["stage_id", "board_status"],
            "__count",
            CARD_GAP,
            True,
            _no_period(),
        ),
        _odoo_bar(
            "housing-chart-workshops",
            "Workshops per month",
            "housing.workshop",
            NOT_CANCELLED,
            ["start_datetime:month"],
            "__count",
            2 * CARD_GAP + CHART_WIDTH,
            False,
            _period("start_datetime", "datetime"),
        ),
    ]
    # Tables under the charts (rows of 23 px: row 22 starts at about 480 px).
    steps = '"#stage_id",{i}'
    cells = _table(
        22,
        "Open files per step",
        ["Step", "On time", "Late", "Blocked", "Total"],
        6,
        "stage_id",
        14,
        [f'PIVOT.VALUE(6,"__count",{steps},"board_status","{status}")' for status in STATUSES]
        + [f'PIVOT.VALUE(6,"__count",{steps})'],
    )
    month = '"#start_datetime:month",{i}'
    cells.update(
        _table(
            40,
            "Workshops per month",
            ["Month", "Workshops", "Present", "Households represented"],
            7,
            "start_datetime:month",
            12,
            [
                f'PIVOT.VALUE(7,"{measure}",{month})'
                for measure in ("__count", "present_count:sum", "household_count:sum")
            ],
        )
    )
    period = {
        "id": PERIOD_FILTER,
        "type": "date",
        "label": "Period",
        "defaultValue": "year_to_date",
        "rangeType": "relative",
    }
    return _spreadsheet(
        "housing-dashboard",
        cells,
        _scorecards(KEY_FIGURES) + charts,
        _key_figure_cells(KEY_FIGURES),
        KEY_PIVOTS,
        [period],
    )


# ----------------------------------------------------------------------------------------------
# Funding
# ----------------------------------------------------------------------------------------------
AMOUNTS = [
    _measure("amount_committed", "sum"),
    _measure("amount_received", "sum"),
    _measure("amount_to_receive", "sum"),
]
FUNDING_PIVOTS = {
    "1": _pivot(
        1, "Funding per year", "housing.funding", [], AMOUNTS, rows=[{"fieldName": "year"}]
    ),
    "2": _pivot(
        2,
        "Funding per funder, this year",
        "housing.funding",
        [],
        AMOUNTS,
        rows=[{"fieldName": "funder_id"}],
        columns=[{"fieldName": "year"}],
    ),
}
THIS_YEAR = '"year",YEAR(TODAY())'
FUNDING_FIGURES = [
    (
        "Committed this year",
        f'=PIVOT.VALUE(1,"amount_committed:sum",{THIS_YEAR})',
        "#EFF6FF",
    ),
    ("Received this year", f'=PIVOT.VALUE(1,"amount_received:sum",{THIS_YEAR})', "#F0FDF4"),
    (
        "Still to receive this year",
        f'=PIVOT.VALUE(1,"amount_to_receive:sum",{THIS_YEAR})',
        "#FEF2F2",
    ),
    ("Still to receive, all years", '=PIVOT.VALUE(1,"amount_to_receive:sum")', "#FEF2F2"),
]
FUNDING_YEARS = 5  # the latest years on the chart
FUNDING_TOP = 10  # first row of the chart's table on the data sheet


def funding():
    cells = _key_figure_cells(FUNDING_FIGURES)
    top, bottom = FUNDING_TOP, FUNDING_TOP + FUNDING_YEARS
    cells[f"A{top}"] = {"content": _t("Year")}
    cells[f"B{top}"] = {"content": _t("Committed")}
    cells[f"C{top}"] = {"content": _t("Received")}
    for index in range(1, FUNDING_YEARS + 1):
        # The latest years, oldest first: the year (this year - FUNDING_YEARS + index).
        year = f"YEAR(TODAY())-{FUNDING_YEARS - index}"
        row = top + index
        cells[f"A{row}"] = {"content": f"={year}"}
        for column, measure in (("B", "amount_committed:sum"), ("C", "amount_received:sum")):
            cells[f"{column}{row}"] = {
                "content": f'=IFERROR(PIVOT.VALUE(1,"{measure}","year",{year}),0)'
            }
    chart = {
        "id": "housing-chart-funding",
        "x": CARD_GAP,
        "y": 130,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "tag": "chart",
        "data": {
            "type": "bar",
            "title": {"text": "Funding committed and received per year"},
            "dataSetsHaveTitle": True,
            "dataSets": [
                {"dataRange": f"Data!B{top}:B{bottom}", "yAxisId": "y"},
                {"dataRange": f"Data!C{top}:C{bottom}", "yAxisId": "y"},
            ],
            "labelRange": f"Data!A{top + 1}:A{bottom}",
            "legendPosition": "top",
            "stacked": False,
            "aggregated": False,
            "background": "#FFFFFF",
        },
    }
    amounts = ("amount_committed:sum", "amount_received:sum", "amount_to_receive:sum")
    dashboard_cells = _table(
        22,
        "Funding per year",
        ["Year", "Committed", "Received", "To receive"],
        1,
        "year",
        8,
        [f'PIVOT.VALUE(1,"{amount}","#year",{{i}})' for amount in amounts],
    )
    dashboard_cells.update(
        _table(
            34,
            "Funding per funder, this year",
            ["Funder", "Committed", "Received", "To receive"],
            2,
            "funder_id",
            12,
            [f'PIVOT.VALUE(2,"{amount}","#funder_id",{{i}},{THIS_YEAR})' for amount in amounts],
        )
    )
    return _spreadsheet(
        "housing-funding-dashboard",
        dashboard_cells,
        _scorecards(FUNDING_FIGURES) + [chart],
        cells,
        FUNDING_PIVOTS,
        [],
    )


def main():
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, spreadsheet in (
        ("housing_dashboard.json", key_figures()),
        ("housing_funding_dashboard.json", funding()),
    ):
        text = json.dumps(spreadsheet, indent=1, ensure_ascii=False) + "\n"
        (FOLDER / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
