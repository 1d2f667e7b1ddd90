from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HousingFundingPayment(models.Model):
    """An amount a funder paid against its funding line."""

    _name = "housing.funding.payment"
    _description = "Funding payment"
    _order = "date desc, id desc"

    funding_id = fields.Many2one(
        "housing.funding", required=True, ondelete="cascade", index=True, check_company=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True, aggregator="sum")
    reference = fields.Char(help="The bank statement or the funder's notice of payment.")
    currency_id = fields.Many2one(related="funding_id.currency_id")
    funder_id = fields.Many2one(related="funding_id.funder_id", store=True, index=True)
    action_id = fields.Many2one(related="funding_id.action_id", store=True)
    year = fields.Integer(related="funding_id.year", store=True, aggregator=False)
    company_id = fields.Many2one(related="funding_id.company_id", store=True, index=True)

    @api.constrains("amount", "funding_id")
    def _check_amount(self):
        for payment in self:
            if payment.currency_id.compare_amounts(payment.amount, 0.0) <= 0:
                raise ValidationError(
                    self.env._(
                        "A payment must be a positive amount: correct the payment of %(date)s "
                        "on %(funding)s.",
                        date=payment.date,
                        funding=payment.funding_id.display_name,
                    )
                )
        self.funding_id._check_amount_received()
