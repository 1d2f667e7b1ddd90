from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_retention_months = fields.Integer(
        related="company_id.housing_retention_months", readonly=False
    )
    housing_min_cell_size = fields.Integer(
        related="company_id.housing_min_cell_size", readonly=False
    )
    housing_agreement_reminder_days = fields.Integer(
        related="company_id.housing_agreement_reminder_days", readonly=False
    )
    housing_landlord_partner_id = fields.Many2one(
        related="company_id.housing_landlord_partner_id", readonly=False
    )

    @api.constrains("housing_retention_months")
    def _check_housing_retention_months(self):
        for settings in self:
            if settings.housing_retention_months < 1:
                raise ValidationError(
                    self.env._("The retention period must be at least one month.")
                )
