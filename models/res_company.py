from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_retention_months = fields.Integer(
        string="Keep personal data (months)",
        default=24,
        help="Months after the last contact with a household whose files are all closed, after "
        "which its personal data is anonymised (CNIL reference framework for the social sector: "
        "about two years in the active base).",
    )
