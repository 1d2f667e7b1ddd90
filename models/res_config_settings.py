from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    housing_agreement_reminder_days = fields.Integer(
        related="company_id.housing_agreement_reminder_days", readonly=False
    )
    housing_landlord_partner_id = fields.Many2one(
        related="company_id.housing_landlord_partner_id", readonly=False
    )
