from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .housing_privacy import DEFAULT_MIN_CELL_SIZE


class ResCompany(models.Model):
    _inherit = "res.company"

    housing_retention_months = fields.Integer(
        string="Keep personal data (months)",
        default=24,
        help="Months after the last contact with a household whose files are all closed, after "
        "which its personal data is anonymised (CNIL reference framework for the social sector: "
        "about two years in the active base).",
    )
    housing_agreement_reminder_days = fields.Integer(
        string="Agreement reminder (days)",
        default=60,
        help="How many days before a partnership agreement ends its person in charge gets a "
        "reminder activity.",
    )
    housing_landlord_partner_id = fields.Many2one(
        "res.partner",
        string="Landlord for the TFPB programme",
        help="The landlord whose TFPB programme this company keeps: its funding of the actions "
        "is what the programme values. Empty: the company's own contact.",
    )
    housing_min_cell_size = fields.Integer(
        string="Minimum cell size",
        default=DEFAULT_MIN_CELL_SIZE,
        help="In the figures shown to users who may not read households (accountants), a count "
        "of households per landlord, QPV or funder below this number reads “< N”, and so does "
        "any other count that would let it be recomputed.",
    )

    @api.constrains("housing_agreement_reminder_days")
    def _check_housing_agreement_reminder_days(self):
        for company in self:
            if company.housing_agreement_reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "The agreement reminder cannot be a negative number of days: enter 0 "
                        "or more."
                    )
                )

    @api.constrains("housing_min_cell_size")
    def _check_housing_min_cell_size(self):
        for company in self:
            if company.housing_min_cell_size < 1:
                raise ValidationError(
                    self.env._(
                        "The minimum cell size of %(company)s must be at least 1 (5 is usual).",
                        company=company.name,
                    )
                )

    def _housing_landlord_partner(self):
        """The landlord partner of this company's TFPB programme."""
        self.ensure_one()
        return self.housing_landlord_partner_id or self.partner_id

    def write(self, vals):
        result = super().write(vals)
        if "housing_landlord_partner_id" in vals:
            self.env["housing.tfpb.year"]._mark_stale({(company, None, None) for company in self})
        return result

    @api.constrains("housing_retention_months")
    def _check_housing_retention_months(self):
        for company in self:
            if company.housing_retention_months < 1:
                raise ValidationError(
                    self.env._(
                        "The retention period of %(company)s must be at least one month.",
                        company=company.name,
                    )
                )
