from collections import defaultdict

from odoo import models

AMOUNT_FIELDS = (
    "planned_amount",
    "realised_computed",
    "adjustment_amount",
    "realised_amount",
    "gap_amount",
)


class HousingTfpbStatementXlsx(models.AbstractModel):
    """The TFPB statement of a year: per QPV and axis, planned, realised and the gap, with
    the justification of every adjustment; totals per QPV and per axis. No personal data."""

    _name = "report.housing_accompaniment.tfpb_statement_xlsx"
    _inherit = "report.housing_accompaniment.xlsx_common"
    _description = "TFPB statement (XLSX)"

    def generate_xlsx_report(self, workbook, data, years):
        years._value_if_stale()  # print today's figures
        for year in years:
            self._write_year(workbook, year, self._formats(workbook, year.currency_id))

    def _write_year(self, workbook, year, formats):
        _ = self.env._
        lines = self.env["housing.tfpb.line"].search_read(
            [("year_id", "=", year.id)],
            ["qpv_id", "axis_id", "adjustment_justification", *AMOUNT_FIELDS],
            order="qpv_id, axis_code, id",
        )
        sheet = workbook.add_worksheet(_("TFPB %(year)s", year=year.year))
        self._write_cell(
            sheet, 0, 0, _("TFPB abatement statement %(year)s", year=year.year), formats["title"]
        )
        status = dict(year._fields["state"]._description_selection(self.env))[year.state]
        subtitle = f"{year.company_id.name} · {status}"
        if year.locked_date:
            subtitle += " · " + _("locked on %(date)s", date=self._date(year.locked_date))
        self._write_cell(sheet, 1, 0, subtitle, formats["subtitle"])
        if not lines:
            self._write_cell(sheet, 2, 0, _("No programme line for this year."), formats["note"])
        columns = [
            (_("QPV"), 28, "text"),
            (_("Axis"), 48, "text"),
            (_("Planned"), 14, "money"),
            (_("Realised (computed)"), 16, "money"),
            (_("Adjustment"), 14, "money"),
            (_("Realised"), 14, "money"),
            (_("Gap"), 14, "money"),
        ]
        rows = []
        by_qpv = defaultdict(lambda: dict.fromkeys(AMOUNT_FIELDS, 0.0))
        by_axis = defaultdict(lambda: dict.fromkeys(AMOUNT_FIELDS, 0.0))
        total = dict.fromkeys(AMOUNT_FIELDS, 0.0)
        for line in lines:
            qpv, axis = line["qpv_id"][1], line["axis_id"][1]
            rows.append([qpv, axis] + [line[fname] for fname in AMOUNT_FIELDS])
            for fname in AMOUNT_FIELDS:
                by_qpv[qpv][fname] += line[fname]
                by_axis[axis][fname] += line[fname]
                total[fname] += line[fname]
        header_row = 3
        row = self._write_table(
            sheet,
            header_row,
            columns,
            rows,
            formats,
            total_row=[(_("Total"), "label_bold"), (None, "text")]
            + [(total[fname], "money_bold") for fname in AMOUNT_FIELDS],
        )
        sheet.freeze_panes(header_row + 1, 0)

        row = self._section(sheet, row + 1, _("Totals per QPV"), formats)
        row = self._write_totals(sheet, row, _("QPV"), by_qpv, formats)
        row = self._section(sheet, row + 1, _("Totals per axis"), formats)
        row = self._write_totals(sheet, row, _("Axis"), by_axis, formats)

        row = self._section(sheet, row + 1, _("Adjustments and their justification"), formats)
        adjusted = [line for line in lines if line["adjustment_amount"]]
        self._write_table(
            sheet,
            row,
            [
                (_("QPV"), 28, "text"),
                (_("Axis"), 48, "text"),
                (_("Adjustment"), 14, "money"),
                (_("Justification"), 70, "text"),
            ],
            [
                [
                    line["qpv_id"][1],
                    line["axis_id"][1],
                    line["adjustment_amount"],
                    line["adjustment_justification"] or "",
                ]
                for line in adjusted
            ],
            formats,
        )

    def _write_totals(self, sheet, row, label, totals, formats):
        self._write_cell(sheet, row, 0, label, formats["header"])
        for col, title in enumerate(
            (self.env._("Planned"), self.env._("Realised"), self.env._("Gap")), start=2
        ):
            self._write_cell(sheet, row, col, title, formats["header"])
        for key in sorted(totals):
            row += 1
            self._write_cell(sheet, row, 0, key, formats["text"])
            self._write_cell(sheet, row, 2, totals[key]["planned_amount"], formats["money"])
            self._write_cell(sheet, row, 3, totals[key]["realised_amount"], formats["money"])
            self._write_cell(sheet, row, 4, totals[key]["gap_amount"], formats["money"])
        return row + 1
