import re
from datetime import date
from typing import Any, NamedTuple

from odoo import models
from odoo.tools.misc import format_date

# strftime directives of a language's date format and their Excel equivalents.
EXCEL_DATE_CODES = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%Y": "yyyy",
    "%y": "yy",
    "%b": "mmm",
    "%B": "mmmm",
    "%a": "ddd",
    "%A": "dddd",
}


class Line(NamedTuple):
    """One row of a summary section: a label, a value written with the format ``fmt``
    (a key of ``_formats``) and, optionally, a share written with ``share_fmt``."""

    label: str
    value: Any
    fmt: str
    share: Any = None
    share_fmt: str = "percent"


class HousingXlsxCommon(models.AbstractModel):
    """Formats, sections and tables shared by the housing XLSX reports. Dates follow the
    user's language and amounts the company's currency."""

    _name = "report.housing_accompaniment.xlsx_common"
    _inherit = "report.report_xlsx.abstract"
    _description = "Housing XLSX report helpers"

    def get_workbook_options(self):
        """Text is written as the text it is: a name or a note typed as a formula ("=…") or a
        link stays text in the spreadsheet, never a formula that runs when it is opened nor a
        link to follow (and no cell is searched for one)."""
        return dict(
            super().get_workbook_options(), strings_to_formulas=False, strings_to_urls=False
        )

    def _formats(self, workbook, currency=None):
        base = {"font_name": "Calibri", "font_size": 10}
        add = workbook.add_format
        money = self._money_format(currency or self.env.company.currency_id)
        return {
            "title": add(dict(base, bold=True, font_size=14, font_color="#1F4E5A")),
            "subtitle": add(dict(base, italic=True, font_color="#555555")),
            "section": add(dict(base, bold=True, font_size=11, bottom=1, font_color="#1F4E5A")),
            "header": add(
                dict(
                    base,
                    bold=True,
                    bg_color="#266E78",
                    font_color="#FFFFFF",
                    border=1,
                    text_wrap=True,
                    valign="vcenter",
                )
            ),
            "label": add(dict(base)),
            "label_bold": add(dict(base, bold=True)),
            "text": add(dict(base, border=1)),
            "integer": add(dict(base, border=1, num_format="#,##0")),
            "integer_bold": add(dict(base, border=1, bold=True, num_format="#,##0")),
            "number": add(dict(base, border=1, num_format="#,##0.00")),
            "percent": add(dict(base, border=1, num_format="0.0%")),
            "money": add(dict(base, border=1, num_format=money)),
            "money_bold": add(dict(base, border=1, bold=True, num_format=money)),
            "date": add(dict(base, border=1, num_format=self._excel_date_format())),
            "note": add(dict(base, italic=True, font_color="#8A4B00")),
        }

    def _money_format(self, currency):
        """An Excel number format for amounts in ``currency``: its decimals and its symbol
        on its side."""
        number = "#,##0" + ("." + "0" * currency.decimal_places if currency.decimal_places else "")
        symbol = '"{}"'.format((currency.symbol or currency.name).replace('"', ""))
        return f"{number} {symbol}" if currency.position == "after" else f"{symbol} {number}"

    def _excel_date_format(self):
        """The date format of the user's language, as an Excel number format."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        lang_format = lang.date_format or "%m/%d/%Y"
        return re.sub(
            r"%[a-zA-Z]", lambda match: EXCEL_DATE_CODES.get(match.group(), ""), lang_format
        )

    def _date(self, value):
        """A date written in a text, in the user's language."""
        return format_date(self.env, value)

    def _section(self, sheet, row, title, formats):
        self._write_cell(sheet, row, 0, title, formats["section"])
        return row + 1

    def _write_cell(self, sheet, row, col, value, fmt):
        """Write ``value``: text as text (``write`` would still make "{=…}" an array formula,
        whatever the workbook's options), dates as dates, nothing for an empty value."""
        if value is None or value is False or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            sheet.write_string(row, col, value, fmt)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, fmt)
        else:
            sheet.write(row, col, value, fmt)

    def _write_lines(self, sheet, row, lines, formats, header=None):
        """Write summary ``lines`` (``Line``) from ``row``, under an optional ``header``
        (the titles of the label, value and share columns, ``None`` for none); returns the
        next row."""
        if header:
            for col, title in enumerate(header):
                if title:
                    self._write_cell(sheet, row, col, title, formats["header"])
            row += 1
        for line in lines:
            self._write_cell(sheet, row, 0, line.label, formats["label"])
            self._write_cell(sheet, row, 1, line.value, formats[line.fmt])
            if line.share is not None:
                self._write_cell(sheet, row, 2, line.share, formats[line.share_fmt])
            row += 1
        return row

    def _write_table(self, sheet, row, columns, rows, formats, total_row=None):
        """Write a table with a header row at ``row``: ``columns`` are
        ``(label, width, format key)``, ``rows`` lists of values, ``total_row`` an optional
        list of ``(value, format key)``. Puts an autofilter on it; returns the next row."""
        for col, (label, width, _fmt) in enumerate(columns):
            sheet.set_column(col, col, width)
            self._write_cell(sheet, row, col, label, formats["header"])
        header_row = row
        cell_formats = [formats[fmt] for _label, _width, fmt in columns]
        write = self._write_cell
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                write(sheet, row, col, value, cell_formats[col])
        if rows:
            sheet.autofilter(header_row, 0, row, len(columns) - 1)
        if total_row:
            row += 1
            for col, (value, fmt) in enumerate(total_row):
                if value is not None:
                    self._write_cell(sheet, row, col, value, formats[fmt])
        return row + 1
