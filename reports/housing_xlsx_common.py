from odoo import models


class HousingXlsxCommon(models.AbstractModel):
    """Formats and table writing shared by the housing XLSX reports."""

    _name = "report.housing_accompaniment.xlsx_common"
    _inherit = "report.report_xlsx.abstract"
    _description = "Housing XLSX report helpers"

    def _formats(self, workbook):
        base = {"font_name": "Calibri", "font_size": 10}
        add = workbook.add_format
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
            "money": add(dict(base, border=1, num_format="#,##0.00 €")),
            "money_bold": add(dict(base, border=1, bold=True, num_format="#,##0.00 €")),
            "date": add(dict(base, border=1, num_format="dd/mm/yyyy")),
            "note": add(dict(base, italic=True, font_color="#8A4B00")),
        }

    def _write_table(self, sheet, row, columns, rows, formats, total_row=None):
        """Write a table with a header row at ``row``: ``columns`` are
        ``(label, width, format key)``, ``rows`` lists of values, ``total_row`` an optional
        list of ``(value, format key)``. Puts an autofilter on it; returns the next row."""
        for col, (label, width, _fmt) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(row, col, label, formats["header"])
        header_row = row
        for values in rows:
            row += 1
            for col, value in enumerate(values):
                fmt = formats[columns[col][2]]
                if value is None or value is False:
                    sheet.write_blank(row, col, None, fmt)
                elif columns[col][2] == "date":
                    sheet.write_datetime(row, col, value, fmt)
                else:
                    sheet.write(row, col, value, fmt)
        if rows:
            sheet.autofilter(header_row, 0, row, len(columns) - 1)
        if total_row:
            row += 1
            for col, (value, fmt) in enumerate(total_row):
                if value is not None:
                    sheet.write(row, col, value, formats[fmt])
        return row + 1
