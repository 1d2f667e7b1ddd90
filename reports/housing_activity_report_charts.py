from odoo import models
from odoo.tools.misc import format_date

from .housing_activity_report_blocks import TABLE_ROW


class HousingActivityReportCharts(models.AbstractModel):
    """The activity report's sheets drawn as xlsxwriter's native charts: the people by age
    and gender, the workshops and attendance per month, the households per QPV, the funding
    split per funder beside the landlord's share of the households. Each series points at
    the cells the report writes, so a chart follows any change made to them."""

    _inherit = "report.housing_accompaniment.activity_report_xlsx"  # pylint: disable=consider-merging-classes-inherited

    @staticmethod
    def _table_series(sheet_name, column, first, last, **options):
        """A chart series of ``column`` of the table under ``TABLE_ROW`` (its header names
        it), rows ``first`` to ``last``, with the first column as categories."""
        return {
            "name": [sheet_name, TABLE_ROW, column],
            "categories": [sheet_name, first, 0, last, 0],
            "values": [sheet_name, first, column, last, column],
            **options,
        }

    def _write_age_sheet(self, workbook, figures, formats):
        """The people reached by age band and gender, and their chart."""
        _ = self.env._
        name = _("People by age")
        sheet = self._block_sheet(
            workbook,
            name,
            _(
                "People reached (members of the households reached and people present at "
                "workshops), by age on the period's last day and gender."
            ),
            formats,
        )
        bands = {
            "0-5": _("Under 6"),
            "6-17": _("6 to 17"),
            "18-25": _("18 to 25"),
            "26-59": _("26 to 59"),
            "60+": _("60 and over"),
            "unknown": _("Age unknown"),
        }
        hidden = self._hidden(figures)

        def cell(value):
            return hidden if value is None else value

        rows = [
            [
                bands[group.band],
                cell(group.women),
                cell(group.men),
                cell(group.other),
                None
                if None in (group.women, group.men, group.other)
                else group.women + group.men + group.other,
            ]
            for group in figures.age_groups
        ]
        self._write_table(
            sheet,
            TABLE_ROW,
            [
                (_("Age"), 22, "text"),
                (_("Women"), 10, "integer"),
                (_("Men"), 10, "integer"),
                (_("Other or not recorded"), 14, "integer"),
                (_("Total"), 10, "integer"),
            ],
            rows,
            formats,
        )
        first, last = TABLE_ROW + 1, TABLE_ROW + len(rows)
        chart = workbook.add_chart({"type": "column"})
        for col in (1, 2):
            chart.add_series(self._table_series(name, col, first, last))
        chart.set_title({"name": _("People reached by age and gender")})
        sheet.insert_chart(TABLE_ROW, 6, chart)

    def _write_month_sheet(self, workbook, figures, formats):
        """The workshops held and the attendance per month, and their chart."""
        _ = self.env._
        name = _("Workshops by month")
        sheet = self._block_sheet(
            workbook,
            name,
            _("Workshop sessions held (not cancelled) in the period and the people present."),
            formats,
        )
        rows = [
            [format_date(self.env, month.month, date_format="MMMM y"), month.held, month.present]
            for month in figures.workshops_by_month
        ]
        self._write_table(
            sheet,
            TABLE_ROW,
            [
                (_("Month"), 20, "text"),
                (_("Workshops held"), 12, "integer"),
                (_("Attendance"), 12, "integer"),
            ],
            rows,
            formats,
        )
        first, last = TABLE_ROW + 1, TABLE_ROW + len(rows)
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(self._table_series(name, 1, first, last))
        attendance = workbook.add_chart({"type": "line"})
        attendance.add_series(self._table_series(name, 2, first, last, y2_axis=True))
        chart.combine(attendance)
        chart.set_title({"name": _("Workshops and attendance per month")})
        sheet.insert_chart(TABLE_ROW, 4, chart)

    def _insert_bar_chart(self, workbook, sheet, name, first, last):
        chart = workbook.add_chart({"type": "bar"})
        chart.add_series(self._table_series(name, 1, first, last))
        chart.set_title({"name": name})
        chart.set_legend({"none": True})
        sheet.insert_chart(TABLE_ROW, 4, chart)

    # ------------------------------------------------------------------
    # The funding split beside the landlord's share of the households
    # ------------------------------------------------------------------
    def _write_funding_split(self, workbook, sheet, row, figures, formats):
        """Under the funding lines: each funder's share of all the funding (a pie), and the
        landlord's share of the funding beside its share of the households (columns)."""
        _ = self.env._
        funding = figures.funding
        name = sheet.name
        committed = {}
        for line in funding.lines:
            committed[line.funder] = committed.get(line.funder, 0.0) + line.committed
        total = sum(committed.values())
        split = sorted(committed.items(), key=lambda item: (-item[1], item[0].name or ""))
        header = row
        for col, title in enumerate((_("Funder"), _("Committed"), _("Share of the funding"))):
            self._write_cell(sheet, header, col, title, formats["header"])
        for offset, (funder, amount) in enumerate(split, start=1):
            self._write_cell(sheet, header + offset, 0, funder.name, formats["text"])
            self._write_cell(sheet, header + offset, 1, amount, formats["money"])
            self._write_cell(
                sheet, header + offset, 2, amount / total if total else 0.0, formats["percent"]
            )
        first, last = header + 1, header + len(split)
        if split:
            pie = workbook.add_chart({"type": "pie"})
            pie.add_series(
                {
                    "name": _("Funding per funder"),
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, 1, last, 1],
                    "data_labels": {"percentage": True},
                }
            )
            pie.set_title({"name": _("Funding per funder")})
            sheet.insert_chart(header, 7, pie)
        row = last + 3
        landlord_funding = sum(line.committed for line in funding.lines if line.is_landlord)
        households = funding.landlord_households.share
        self._write_cell(sheet, row, 0, _("The landlord"), formats["header"])
        self._write_cell(sheet, row, 1, _("Share"), formats["header"])
        self._write_cell(sheet, row + 1, 0, _("Landlord's share of the funding"), formats["text"])
        self._write_cell(
            sheet, row + 1, 1, landlord_funding / total if total else 0.0, formats["percent"]
        )
        self._write_cell(
            sheet, row + 2, 0, _("Landlord's share of the households reached"), formats["text"]
        )
        if households is None:
            self._write_cell(sheet, row + 2, 1, self._hidden(figures), formats["text"])
        else:
            self._write_cell(sheet, row + 2, 1, households, formats["percent"])
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": _("The landlord"),
                "categories": [name, row + 1, 0, row + 2, 0],
                "values": [name, row + 1, 1, row + 2, 1],
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
        chart.set_title({"name": _("The landlord's share of the funding and of the households")})
        chart.set_legend({"none": True})
        chart.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
        sheet.insert_chart(header, 15, chart)
