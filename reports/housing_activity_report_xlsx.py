from odoo import models


class HousingActivityReportXlsx(models.AbstractModel):
    """The annual activity report: the seed's own analysis for a period, and the detail
    behind it. Aggregates only: no name of a person is written."""

    _name = "report.housing_accompaniment.activity_report_xlsx"
    _inherit = "report.housing_accompaniment.xlsx_common"
    _description = "Annual activity report (XLSX)"

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        figures = wizard._figures()
        formats = self._formats(workbook)
        self._write_summary(workbook, figures, wizard, formats)
        self._write_files(workbook, figures, formats)

    # ------------------------------------------------------------------
    def _write_summary(self, workbook, figures, wizard, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Summary"))
        sheet.set_column(0, 0, 58)
        sheet.set_column(1, 2, 16)
        sheet.write(0, 0, _("Annual activity report"), formats["title"])
        sheet.write(
            1,
            0,
            _(
                "From %(start)s to %(end)s",
                start=figures["date_from"].strftime("%d/%m/%Y"),
                end=figures["date_to"].strftime("%d/%m/%Y"),
            ),
            formats["subtitle"],
        )
        filters = wizard._filters_label()
        if filters:
            sheet.write(2, 0, filters, formats["subtitle"])
        row = 4
        if not figures["file_count"] and not figures.get("workshops_held"):
            sheet.write(row, 0, _("No activity in this period."), formats["note"])
            row += 2

        row = self._section(sheet, row, _("People reached"), formats)
        persons = figures["persons"]
        for label, value in (
            (_("Persons reached"), persons["total"]),
            (_("Adults"), persons["adults"]),
            (_("of whom women"), persons["women"]),
            (_("of whom men"), persons["men"]),
            (_("Children"), persons["children"]),
            (_("Age unknown"), persons["unknown"]),
            (_("Households reached"), figures["household_count"]),
            (_("Accompaniment files active in the period"), figures["file_count"]),
        ):
            row = self._line(sheet, row, label, value, formats)

        row = self._section(sheet, row + 1, _("Profile of the households reached"), formats)
        sheet.write(row, 1, _("Households"), formats["header"])
        sheet.write(row, 2, _("Share"), formats["header"])
        row += 1
        profile = figures["profile"]
        for key, label in (
            ("long_term_tenant", _("Tenants of record for more than 2 years")),
            ("dalo_or_first_time", _("DALO or first-time arrivals")),
            ("rsa", _("RSA beneficiaries")),
            ("single_parent", _("Single-parent families")),
            ("qpv", _("Living in a QPV")),
        ):
            count, share = profile[key]
            row = self._line(sheet, row, label, count, formats, share=share)

        row = self._section(sheet, row + 1, _("Files by workflow and step reached"), formats)
        workflows = dict(
            self.env["housing.accompaniment"]._fields["workflow"]._description_selection(self.env)
        )
        for workflow, stage, count in figures["by_step"]:
            label = f"{workflows[workflow]} · {stage.name}"
            row = self._line(sheet, row, label, count, formats)

        row = self._section(sheet, row + 1, _("Assisted self-renovation (ARA)"), formats)
        reviewed, autonomous, rate = figures["autonomy"]
        row = self._line(sheet, row, _("Files reviewed in the period"), reviewed, formats)
        row = self._line(
            sheet,
            row,
            _("Households that continued the works on their own"),
            autonomous,
            formats,
            share=rate,
        )
        return row

    def _section(self, sheet, row, title, formats):
        sheet.write(row, 0, title, formats["section"])
        return row + 1

    def _line(self, sheet, row, label, value, formats, share=None):
        sheet.write(row, 0, label, formats["label"])
        sheet.write(
            row, 1, value, formats["integer"] if isinstance(value, int) else formats["money"]
        )
        if share is not None:
            sheet.write(row, 2, share, formats["percent"])
        return row + 1

    # ------------------------------------------------------------------
    def _write_files(self, workbook, figures, formats):
        _ = self.env._
        sheet = workbook.add_worksheet(_("Files"))
        Accompaniment = self.env["housing.accompaniment"]
        workflows = dict(Accompaniment._fields["workflow"]._description_selection(self.env))
        outcomes = dict(Accompaniment._fields["outcome"]._description_selection(self.env))
        columns = [
            (_("Reference"), 16, "text"),
            (_("Workflow"), 34, "text"),
            (_("Step"), 34, "text"),
            (_("Household"), 14, "text"),
            (_("Residence"), 28, "text"),
            (_("QPV"), 20, "text"),
            (_("Landlord"), 32, "text"),
            (_("Start"), 12, "date"),
            (_("Closed on"), 12, "date"),
            (_("Outcome"), 14, "text"),
            (_("Continued on their own"), 14, "text"),
        ]
        files = figures["files"]
        # The names of the related records, in one query per model however many files.
        for related in (
            files.stage_id,
            files.household_id,
            files.residence_id,
            files.qpv_id,
            files.landlord_id,
        ):
            related.fetch(["name"])
        yes, no = _("Yes"), _("No")
        rows = [
            [
                file.name,
                workflows[file.workflow],
                file.stage_id.name,
                file.household_id.name,
                file.residence_id.name or "",
                file.qpv_id.name or "",
                file.landlord_id.name or "",
                file.start_date,
                file.close_date,
                outcomes.get(file.outcome, ""),
                (yes if file.continued_autonomously else no) if file.review_date else "",
            ]
            for file in files
        ]
        self._write_table(sheet, 0, columns, rows, formats)
        sheet.freeze_panes(1, 0)
