from odoo import models


class HousingActivityReportXlsx(models.AbstractModel):
    """The activity report's partner-funding section (for the users who may read funding)."""

    _inherit = "report.housing_accompaniment.activity_report_xlsx"

    def _write_summary(self, workbook, figures, wizard, formats):
        row = super()._write_summary(workbook, figures, wizard, formats)
        funding = figures.get("funding")
        if not funding:
            return row
        _ = self.env._
        sheet = workbook.get_worksheet_by_name(_("Summary"))
        row = self._section(sheet, row + 1, _("Partner funding"), formats)
        sheet.write(row, 1, _("Committed"), formats["header"])
        sheet.write(row, 2, _("Share"), formats["header"])
        row += 1
        for action, total, landlord_amount, share in funding["actions"]:
            row = self._line(
                sheet, row, _("%(action)s: all funders", action=action.name), total, formats
            )
            row = self._line(
                sheet,
                row,
                _("%(action)s: the landlord", action=action.name),
                landlord_amount,
                formats,
                share=share,
            )
        count, share = funding["landlord_households"]
        return self._line(
            sheet,
            row,
            _("Households reached living in the landlord's dwellings"),
            count,
            formats,
            share=share,
        )
