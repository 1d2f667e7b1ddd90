from odoo import api, models
from odoo.exceptions import UserError


class SpreadsheetDashboardShare(models.Model):
    """The addon's dashboards are not shared by public link: a share is a frozen copy of the
    figures that anyone holding the link reads without logging in, outside the rules on who
    may see what."""

    _inherit = "spreadsheet.dashboard.share"

    @api.model_create_multi
    def create(self, vals_list):
        group = self.env.ref(
            "housing_accompaniment.spreadsheet_dashboard_group_housing", raise_if_not_found=False
        )
        dashboards = self.env["spreadsheet.dashboard"].browse(
            [vals.get("dashboard_id") for vals in vals_list if vals.get("dashboard_id")]
        )
        if group and group in dashboards.sudo().dashboard_group_id:
            raise UserError(
                self.env._(
                    "The Accompaniment dashboards cannot be shared by a public link: give the "
                    "person an Odoo user in the right group, or send the activity report."
                )
            )
        return super().create(vals_list)
