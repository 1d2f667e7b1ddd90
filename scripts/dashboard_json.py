"""Writes data/files/housing_dashboard.json, the spreadsheet of the "Accompaniment" dashboard.

The dashboard is an Odoo 18 spreadsheet (o-spreadsheet JSON, version 21): pivots and charts on
the addon's models, read live with the user's rights each time it is opened. This script is its
source: edit it, run ``python3 scripts/dashboard_json.py`` and commit both files. Labels are
``_t("English")`` formulas, translated from the addon's PO files like the web client's strings.
"""

import json
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "files" / "housing_dashboard.json"

PERIOD_FILTER = "7d6c1a52-3f0e-4b8e-9a51-5f4f0c2a1d01"
DASHBOARD_SHEET = "housing-dashboard-sheet"
DATA_SHEET = "housing-dashboard-data"

FILE_MODEL = "housing.accompaniment"
OPEN_FILES = [["is_closed", "=", False]]


def _period(field, field_type="date"):
    """The period filter applied to ``field`` (the year so far unless the user changes it)."""
    return {PERIOD_FILTER: {"chain": field, "type": field_type, "offset": 0}}


def _no_period():
    """A pivot the period does not filter (what is open today, funding per year)."""
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
        "fieldMatching": matching if matching is not None else _no_period(),
        "sortedColumn": None,
    }


PIVOTS = {
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
    ),
    "4": _pivot(
        4,
        "Late files",
        FILE_MODEL,
        OPEN_FILES + [["is_late", "=", True]],
        [_measure("__count")],
    ),
    "5": _pivot(
        5,
        "Households followed",
        "housing.household",
        [["accompaniment_ids.is_closed", "=", False]],
        [_measure("__count"), _measure("member_count", "sum")],
    ),
    "6": _pivot(
        6,
        "Open files per step",
        FILE_MODEL,
        OPEN_FILES,
        [_measure("__count")],
        rows=[{"fieldName": "stage_id"}],
        columns=[{"fieldName": "board_status"}],
    ),
    "7": _pivot(
        7,
        "Workshops per month",
        "housing.workshop",
        [["state", "!=", "cancelled"]],
        [
            _measure("__count"),
            _measure("present_count", "sum"),
            _measure("household_count", "sum"),
        ],
        rows=[{"fieldName": "start_datetime", "granularity": "month"}],
        matching=_period("start_datetime", "datetime"),
    ),
    "8": _pivot(
        8,
        "Funding per year",
        "housing.funding",
        [],
        [
            _measure("amount_committed", "sum"),
            _measure("amount_received", "sum"),
            _measure("amount_to_receive", "sum"),
        ],
        rows=[{"fieldName": "year", "order": "desc"}],
    ),
}

# (label, formula on the data sheet, background) of the scorecards, left to right.
KEY_FIGURES = [
    ("Files opened", '=PIVOT.VALUE(1,"__count")', "#EFF6FF"),
    ("Files closed", '=PIVOT.VALUE(2,"__count")', "#EFF6FF"),
    ("Open files", '=PIVOT.VALUE(3,"__count")', "#EFF6FF"),
    ("Late files", '=PIVOT.VALUE(4,"__count")', "#FEF2F2"),
    ("Households followed", '=PIVOT.VALUE(5,"__count")', "#F0FDF4"),
    ("Persons followed", '=PIVOT.VALUE(5,"member_count:sum")', "#F0FDF4"),
]

FUNDING_YEARS = 4  # the latest years shown on the funding chart
FUNDING_TOP = 10  # first row (1-based) of the funding table on the data sheet


def _t(text):
    return f'=_t("{text}")'


def _data_sheet():
    cells = {}
    for row, (label, formula, _background) in enumerate(KEY_FIGURES, start=1):
        cells[f"A{row}"] = {"content": _t(label)}
        cells[f"B{row}"] = {"content": formula}
    top = FUNDING_TOP
    cells[f"A{top}"] = {"content": _t("Year")}
    cells[f"B{top}"] = {"content": _t("Committed")}
    cells[f"C{top}"] = {"content": _t("Received")}
    for index in range(1, FUNDING_YEARS + 1):
        row = top + index
        cells[f"A{row}"] = {"content": f'=PIVOT.HEADER(8,"#year",{index})'}
        cells[f"B{row}"] = {"content": f'=PIVOT.VALUE(8,"amount_committed:sum","#year",{index})'}
        cells[f"C{row}"] = {"content": f'=PIVOT.VALUE(8,"amount_received:sum","#year",{index})'}
    return _sheet(DATA_SHEET, "Data", cells, figures=[], visible=False)


def _scorecards():
    figures = []
    for index, (label, _formula, background) in enumerate(KEY_FIGURES):
        figures.append(
            {
                "id": f"housing-kpi-{index + 1}",
                "x": 10 + index * 165,
                "y": 10,
                "width": 155,
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
        )
    return figures


def _odoo_bar(figure_id, title, model, domain, group_by, measure, x, y, stacked, matching):
    return {
        "id": figure_id,
        "x": x,
        "y": y,
        "width": 490,
        "height": 320,
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


def _charts():
    top = FUNDING_TOP
    bottom = top + FUNDING_YEARS
    return [
        _odoo_bar(
            "housing-chart-steps",
            "Open files per step (on time, late, blocked)",
            FILE_MODEL,
            OPEN_FILES,
            ["stage_id", "board_status"],
            "__count",
            10,
            130,
            True,
            _no_period(),
        ),
        _odoo_bar(
            "housing-chart-workshops",
            "Workshops per month",
            "housing.workshop",
            [["state", "!=", "cancelled"]],
            ["start_datetime:month"],
            "__count",
            510,
            130,
            False,
            _period("start_datetime", "datetime"),
        ),
        {
            "id": "housing-chart-funding",
            "x": 510,
            "y": 470,
            "width": 490,
            "height": 300,
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
        },
    ]


def _dashboard_sheet():
    # Tables under the charts (rows of 23 px: row 22 starts at about 480 px).
    cells = {
        "A22": {"content": _t("Open files per step")},
        "A23": {"content": "=PIVOT(6)"},
        "A40": {"content": _t("Workshops per month")},
        "A41": {"content": "=PIVOT(7)"},
        "A58": {"content": _t("Funding per year")},
        "A59": {"content": "=PIVOT(8)"},
    }
    styles = {"A22": 1, "A40": 1, "A58": 1}
    sheet = _sheet(DASHBOARD_SHEET, "Dashboard", cells, _scorecards() + _charts())
    sheet["styles"] = styles
    sheet["cols"] = {"0": {"size": 220}, "1": {"size": 80}, "2": {"size": 80}, "3": {"size": 80}}
    return sheet


def _sheet(sheet_id, name, cells, figures, visible=True):
    return {
        "id": sheet_id,
        "name": name,
        "colNumber": 10,
        "rowNumber": 80,
        "rows": {},
        "cols": {},
        "merges": [],
        "cells": cells,
        "styles": {},
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


def build():
    return {
        "version": 21,
        "sheets": [_dashboard_sheet(), _data_sheet()],
        "styles": {"1": {"textColor": "#01666b", "bold": True, "fontSize": 14}},
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": PIVOTS,
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [
            {
                "id": PERIOD_FILTER,
                "type": "date",
                "label": "Period",
                "defaultValue": "year_to_date",
                "rangeType": "relative",
            }
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {},
    }


if __name__ == "__main__":
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
